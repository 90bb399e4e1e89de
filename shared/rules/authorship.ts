/**
 * Whether a stored author is the member who sends the update: the id, name
 * and agency the server knows, all three. The app signs with exactly these
 * on a shared plan (the server member replaces the local profile:
 * src-renderer/profile/profile-context.tsx, MemberOverride).
 */
import * as Y from 'yjs';
import { authorSchema, type Author, type Member } from '../plan/member.ts';
import type { RuleBreach } from './rule-refusal.ts';

export function isSender(value: unknown, member: Member): boolean {
  const parsed = authorSchema.safeParse(value);
  return parsed.success && parsed.data.memberId === member.memberId && parsed.data.name === member.name && parsed.data.agency === member.agency;
}

/** The stored author, or null if it does not read as one. */
export function storedAuthor(value: unknown): Author | null {
  const parsed = authorSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** How a thread's or a suggestion's rule checks one new entry of its `messages` and `events` lists. */
export interface SignedRecordRule {
  /** The breach for `what` the sender may not do. */
  readonly refuse: (what: string) => RuleBreach;
  readonly checkMessage: (value: unknown) => RuleBreach | null;
  readonly checkEvent: (value: unknown, record: Y.Map<unknown>) => RuleBreach | null;
}

/**
 * A new thread or suggestion (`kind`): a Y.Map stored under its own id,
 * signed by the sender, with its `messages` and `events` lists, every entry
 * of which passes the rule.
 */
export function checkNewRecord(member: Member, kind: string, id: string, value: unknown, rule: SignedRecordRule): RuleBreach | null {
  if (!(value instanceof Y.Map) || value.get('id') !== id) return rule.refuse(`add ${kind} ${id} in another form than the app's`);
  if (!isSender(value.get('author'), member)) return rule.refuse(`add a ${kind} signed with another member`);
  const messages = value.get('messages');
  const events = value.get('events');
  if (!(messages instanceof Y.Array) || !(events instanceof Y.Array)) return rule.refuse(`add ${kind} ${id} without its lists`);
  for (const message of messages.toArray()) {
    const found = rule.checkMessage(message);
    if (found !== null) return found;
  }
  for (const event of events.toArray()) {
    const found = rule.checkEvent(event, value);
    if (found !== null) return found;
  }
  return null;
}
