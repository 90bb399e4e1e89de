/**
 * What an update may do to a chapter's suggestions map (layout in
 * shared/suggestions/suggestions.ts), checked by the server for every
 * sender. The suggested text itself is the chapter-text rule's
 * (chapter-text-rule.ts); this is the record of who suggested what and who
 * decided it.
 *
 * - A new entry, reply or event carries the sender's own member id, name
 *   and agency.
 * - Accept and reject follow `may()` (comment-permissions.ts): the
 *   chapter's owner agency or the coordinator; withdraw: the suggestion's
 *   author.
 * - `writers` and `seen` (what its author's clients wrote under it) are
 *   written by its author only, and a `writers` claim names the client that
 *   writes it, from the clock it writes it at (`honestWriterClaims`).
 * - Entries, replies and events are never removed or replaced, and what an
 *   entry is written with once (id, kind, author, time) never changes.
 */
import { z } from 'zod';
import * as Y from 'yjs';
import type { AgencyCode } from '../agencies/agencies.ts';
import { may } from '../comments/comment-permissions.ts';
import type { Member } from '../plan/member.ts';
import { checkNewRecord, isSender, storedAuthor } from './authorship.ts';
import type { ArrayChange, DocChange, MapChange } from './doc-changes.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';

const eventSchema = z.object({ type: z.string(), by: z.unknown() });
const messageSchema = z.object({ id: z.string(), author: z.unknown() });

export interface SuggestionContext {
  /** The chapter's owner agency, from the manifest; null if it has none or is not listed. */
  readonly owner: AgencyCode | null;
}

export function checkSuggestionChanges(member: Member, chapter: SuggestionContext, changes: readonly DocChange[]): RuleBreach | null {
  for (const change of changes) {
    if (change.root !== 'suggestions') continue;
    const found =
      change.kind === 'map' ? checkMapChange(member, chapter, change) : change.kind === 'array' ? checkArrayChange(member, chapter, change) : breach('unknown-part', 'suggestions hold no text');
    if (found !== null) return found;
  }
  return null;
}

const refuse = (member: Member, what: string): RuleBreach => breach('suggestion-not-permitted', `${member.name} (${member.role}, ${member.agency}) may not ${what}`);

function checkMapChange(member: Member, chapter: SuggestionContext, change: MapChange): RuleBreach | null {
  if (change.path.length === 0) {
    if (change.action !== 'add') return refuse(member, `replace or remove suggestion ${change.key}`);
    return checkNewEntry(member, chapter, change.key, change.newValue);
  }
  if (change.path.length === 1) return refuse(member, `change a suggestion's ${change.key}`);
  if (change.path.length === 2 && (change.path[1] === 'writers' || change.path[1] === 'seen')) {
    const entry = change.map.parent;
    if (!(entry instanceof Y.Map && isSender(entry.get('author'), member))) return refuse(member, `note writing under another member's suggestion`);
    if (change.path[1] === 'writers' && !honestWriterClaims(change.map)) return refuse(member, 'claim text written by another Yjs client as written under a suggestion');
    return null;
  }
  return breach('unknown-part', `suggestions have no ${['suggestions', ...change.path, change.key].join('.')}`);
}

function checkArrayChange(member: Member, chapter: SuggestionContext, change: ArrayChange): RuleBreach | null {
  const list = change.path.length === 2 ? change.path[1] : null;
  if (list !== 'messages' && list !== 'events') return breach('unknown-part', 'suggestions have no such list');
  if (change.deleted > 0) return refuse(member, `remove ${change.deleted} ${list} (the history is append-only)`);
  const entry = change.array.parent;
  if (!(entry instanceof Y.Map)) return breach('unknown-part', 'a suggestion list outside a suggestion');
  for (const value of change.inserted) {
    const found = list === 'messages' ? checkNewMessage(member, value) : checkNewEvent(member, chapter, entry, value, false);
    if (found !== null) return found;
  }
  return null;
}

function checkNewEntry(member: Member, chapter: SuggestionContext, id: string, value: unknown): RuleBreach | null {
  if (!may(member, 'suggest')) return refuse(member, 'suggest');
  // The app notes the first writing in the same update as the new entry (noteWriting).
  const writers = value instanceof Y.Map ? value.get('writers') : undefined;
  if (writers instanceof Y.Map && !honestWriterClaims(writers)) return refuse(member, 'claim text written by another Yjs client as written under a suggestion');
  return checkNewRecord(member, 'suggestion', id, value, {
    refuse: (what) => refuse(member, what),
    checkMessage: (message) => checkNewMessage(member, message),
    checkEvent: (event, entry) => checkNewEvent(member, chapter, entry, event, true),
  });
}

function checkNewMessage(member: Member, value: unknown): RuleBreach | null {
  if (!may(member, 'reply')) return refuse(member, 'reply to a suggestion');
  const parsed = messageSchema.safeParse(value);
  return parsed.success && isSender(parsed.data.author, member) ? null : refuse(member, 'reply to a suggestion signed with another member');
}

function checkNewEvent(member: Member, chapter: SuggestionContext, entry: Y.Map<unknown>, value: unknown, inNewEntry: boolean): RuleBreach | null {
  const parsed = eventSchema.safeParse(value);
  if (!parsed.success) return refuse(member, 'add an event in another form than the app’s');
  const { type, by } = parsed.data;
  if (!isSender(by, member)) return refuse(member, `record a ${type} event signed with another member`);
  const author = storedAuthor(entry.get('author'));
  switch (type) {
    case 'created':
      return inNewEntry ? null : refuse(member, 'record a second creation of a suggestion');
    case 'replied':
      return may(member, 'reply') ? null : refuse(member, 'reply to a suggestion');
    case 'accepted':
    case 'rejected':
      return may(member, type === 'accepted' ? 'accept' : 'reject', { chapter }) ? null : refuse(member, `${type === 'accepted' ? 'accept' : 'reject'} a suggestion in a chapter of ${chapter.owner ?? 'no agency'}`);
    case 'withdrawn':
      return author !== null && may(member, 'withdraw', { suggestion: { author } }) ? null : refuse(member, "withdraw another member's suggestion");
    default:
      return refuse(member, `record a ${type} event`);
  }
}

/**
 * Whether every claim in a suggestion's `writers` map ("my Yjs client c wrote
 * under this suggestion from clock v on", `noteWriting`) is about the client
 * that wrote the claim, from the clock of the claim itself: the app writes
 * `writers[doc.clientID] = the client's next clock`, which is the id of the
 * map entry it creates. The deletion rule (chapter-text-rule.ts) lets a
 * suggester delete what her clients wrote under her suggestions; without
 * this check she could claim the owner's client, and delete the owner's
 * words as if they were her own.
 */
function honestWriterClaims(writers: Y.Map<unknown>): boolean {
  for (const [key, item] of (writers as unknown as { _map: Map<string, Y.Item> })._map) {
    if (item.deleted) continue;
    if (String(item.id.client) !== key || item.content.getContent()[0] !== item.id.clock) return false;
  }
  return true;
}
