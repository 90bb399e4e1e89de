/**
 * Suggestions (track changes, DESIGN §7, docs/decisions/suggestions.md): the
 * data that lives next to the text in the chapter's Y.Doc. The text carries
 * only a suggestion's id (an inline mark stored as a formatting attribute, or
 * a field of a block marker); who suggested it, when, the replies and every
 * decision live here, so they outlive the text.
 *
 * Layout inside the chapter Y.Doc:
 *   suggestions  Y.Map<suggestionId, Y.Map>
 *     id         string (shared/suggestions/suggestion-ids.ts)
 *     kind       'insert' | 'delete' | 'format' | 'block'   (written once)
 *     createdAt  ISO time
 *     author     { memberId, name, agency }                 (written once)
 *     messages   Y.Array<{ id, author, createdAt, text }>   (the reply thread)
 *     events     Y.Array<SuggestionEvent>                   (append-only history)
 *     writers    Y.Map<client, first clock>  what its author's Yjs clients wrote under it
 *     seen       Y.Map<client, clock>        the state when its words were struck (deletions)
 *   (writers and seen bound what a decision may delete: text-decisions.ts)
 *
 * Concurrency rules at this level (tests/unit/suggestions/suggestion-concurrency.test.ts):
 * 1. Accept ∥ reject (or withdraw) of one suggestion: both events stay in the
 *    history; the outcome is the one that the merged *text* shows, because
 *    the two text changes merge in Yjs independently of this map. Yjs merges
 *    "delete these characters" with "keep them" into a deletion, and a
 *    reject's restore of the old formatting or block type with an accept's
 *    mere removal of the suggestion id into the restore. So an insertion,
 *    a formatting change and a block change end **rejected** (or withdrawn);
 *    a deletion ends **accepted**. `contested` marks such an outcome.
 * 2. Reject ∥ reply: both survive. The suggestion is rejected and the reply
 *    is in its thread and history (a rejected suggestion stays listable).
 * 3. Accept ∥ accept, reject ∥ reject: decided once; both events are kept,
 *    "decided by" names the first in the merged history (the same on every
 *    peer, because Yjs orders concurrent array inserts identically).
 * 4. A decision ∥ its author, offline, typing on into the suggestion (or
 *    undoing a deletion of its text): the new words carry the decided id.
 *    Such a suggestion is decided but still in the text; the sidebar lists
 *    it as open again, and it may be decided once more (`again`), which
 *    holds. Nothing the author wrote disappears without that decision.
 * Operations refuse to decide a suggestion that is already decided (except
 * `again`), so a second plain decision in the history was always concurrent
 * with the first.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { authorOf, authorSchema, type Author, type Member } from '../plan/member.ts';
import type { AgencyCode } from '../agencies/agencies.ts';
import { may, type SuggestionAction } from '../comments/comment-permissions.ts';
import { isSuggestionId } from './suggestion-ids.ts';

export const SUGGESTIONS_FIELD = 'suggestions';
export const MAX_REPLY_LENGTH = 10_000;

export const SUGGESTION_KINDS = ['insert', 'delete', 'format', 'block'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

export type Decision = 'accepted' | 'rejected' | 'withdrawn';
export type SuggestionEventType = 'created' | 'replied' | Decision;

export interface SuggestionEvent {
  readonly type: SuggestionEventType;
  readonly by: Author;
  readonly at: string;
  /** The reply concerned (replied). */
  readonly messageId?: string;
  /** A decision on a suggestion decided before whose text came back (rule 4). */
  readonly again?: boolean;
}

export interface SuggestionMessage {
  readonly id: string;
  readonly author: Author;
  readonly createdAt: string;
  readonly text: string;
}

export type SuggestionState = 'open' | Decision;

/** A plain, immutable reading of one suggestion, for the UI and the accept/reject commands. */
export interface Suggestion {
  readonly id: string;
  readonly kind: SuggestionKind;
  readonly createdAt: string;
  readonly author: Author;
  readonly messages: readonly SuggestionMessage[];
  readonly events: readonly SuggestionEvent[];
  readonly state: SuggestionState;
  /** The decision that holds, when decided. */
  readonly decision: { readonly by: Author; readonly at: string } | null;
  /** True when concurrent, conflicting decisions met (rule 1). */
  readonly contested: boolean;
}

/** What the permission rule needs to know about the chapter (its owner and co-writers, from the manifest). */
export interface ChapterContext {
  readonly owner: AgencyCode | null;
  readonly coWriters?: readonly AgencyCode[];
}

export type SuggestionErrorCode = 'not-allowed' | 'invalid-text' | 'not-found' | 'invalid-suggestion' | 'already-decided';

export class SuggestionError extends Error {
  readonly code: SuggestionErrorCode;

  constructor(code: SuggestionErrorCode, message: string) {
    super(message);
    this.name = 'SuggestionError';
    this.code = code;
  }
}

export function suggestionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(SUGGESTIONS_FIELD);
}

// ---------------------------------------------------------------------------
// Operations. Each asks `may()` first, so a refused operation writes nothing.

export interface NewSuggestion {
  readonly id: string;
  readonly kind: SuggestionKind;
  readonly at?: string;
}

/**
 * Records a suggestion. The caller writes the marks or marker field that
 * carry `id` into the text in the same Yjs transaction, so that no peer ever
 * sees text that points to a suggestion it does not have.
 */
export function createSuggestion(doc: Y.Doc, member: Member, input: NewSuggestion): void {
  ensure(may(member, 'suggest'), 'not-allowed', 'Readers cannot suggest.');
  ensure(isSuggestionId(input.id), 'invalid-suggestion', `Not a suggestion id: ${input.id}.`);
  ensure((SUGGESTION_KINDS as readonly string[]).includes(input.kind), 'invalid-suggestion', `Unknown kind ${input.kind}.`);
  const map = suggestionsMap(doc);
  ensure(!map.has(input.id), 'invalid-suggestion', `Suggestion ${input.id} already exists.`);
  const at = input.at ?? now();
  const by = authorOf(member);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set('id', input.id);
    entry.set('kind', input.kind);
    entry.set('createdAt', at);
    entry.set('author', by);
    entry.set('messages', new Y.Array<SuggestionMessage>());
    const events = new Y.Array<SuggestionEvent>();
    events.push([{ type: 'created', by, at }]);
    entry.set('events', events);
    entry.set('writers', new Y.Map<number>());
    entry.set('seen', new Y.Map<number>());
    map.set(input.id, entry);
  });
}

/**
 * Notes that this client is about to write under suggestion `id` (the
 * writer's text or marks): the first clock it writes from, and for a
 * deletion the state it struck in. Only ever grows, so concurrent notes
 * merge. Call in the same Yjs transaction as the write, before it.
 */
export function noteWriting(doc: Y.Doc, id: string, struck: boolean): void {
  const entry = suggestionsMap(doc).get(id);
  if (!(entry instanceof Y.Map)) return;
  const writers = entry.get('writers');
  const client = String(doc.clientID);
  if (writers instanceof Y.Map && !writers.has(client)) writers.set(client, Y.getState(doc.store, doc.clientID));
  const seen = entry.get('seen');
  if (!struck || !(seen instanceof Y.Map)) return;
  for (const [c, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    const key = String(c);
    const known = seen.get(key);
    if (typeof known !== 'number' || known < clock) seen.set(key, clock);
  }
}

/**
 * Whether the Yjs item `item` was written under suggestion `id`: by one of
 * the clients in its entry's `writers`, from the clock that client first
 * wrote under it on (whoever's the suggestion; callers that need it to be
 * a member's check `entryIsBy` too).
 */
export function writtenUnder(doc: Y.Doc, id: string, item: Y.ID): boolean {
  const writers = suggestionsMap(doc).get(id)?.get('writers');
  const first = writers instanceof Y.Map ? writers.get(String(item.client)) : undefined;
  return typeof first === 'number' && item.clock >= first;
}

/**
 * The first clock each of `memberId`'s Yjs clients wrote under any of her
 * suggestions (the entries' `writers`): what she wrote as suggestions from
 * there on is hers to delete for real (the server's deletion rule,
 * shared/rules/chapter-text-rule.ts, has the same bound).
 */
export function memberWriting(doc: Y.Doc, memberId: string): Map<number, number> {
  const first = new Map<number, number>();
  suggestionsMap(doc).forEach((entry) => {
    const writers = entryIsBy(entry, memberId) ? entry.get('writers') : undefined;
    if (!(writers instanceof Y.Map)) return;
    writers.forEach((clock, client) => {
      const c = Number(client);
      if (typeof clock === 'number' && Number.isInteger(c) && clock < (first.get(c) ?? Number.POSITIVE_INFINITY)) first.set(c, clock);
    });
  });
  return first;
}

/** The bounds of what deciding each suggestion may delete (text-decisions.ts); null where an entry has none. */
export function suggestionBounds(doc: Y.Doc, ids: Iterable<string>): Map<string, { writers: Map<number, number> | null; seen: Map<number, number> | null }> {
  const result = new Map<string, { writers: Map<number, number> | null; seen: Map<number, number> | null }>();
  const clocks = (value: unknown): Map<number, number> | null => {
    if (!(value instanceof Y.Map)) return null;
    const out = new Map<number, number>();
    value.forEach((clock, client) => {
      if (typeof clock === 'number' && /^\d+$/.test(client)) out.set(Number(client), clock);
    });
    return out;
  };
  for (const id of ids) {
    const entry = suggestionsMap(doc).get(id);
    if (!(entry instanceof Y.Map)) continue;
    const kind = entry.get('kind');
    // Only a deletion struck existing words; for other kinds `seen` is not a bound.
    result.set(id, { writers: clocks(entry.get('writers')), seen: kind === 'delete' ? clocks(entry.get('seen')) : null });
  }
  return result;
}

export function replyToSuggestion(doc: Y.Doc, member: Member, id: string, reply: { id: string; text: string; at?: string }): void {
  ensure(may(member, 'reply'), 'not-allowed', 'Readers cannot reply.');
  const text = checkedText(reply.text);
  const parts = entryParts(doc, id);
  const at = reply.at ?? now();
  const by = authorOf(member);
  doc.transact(() => {
    // Messages are plain values: a suggestion's replies are not edited (a
    // new reply corrects an old one), which keeps them simple to merge.
    parts.messages.push([{ id: reply.id, author: by, createdAt: at, text }]);
    parts.events.push([{ type: 'replied', by, at, messageId: reply.id }]);
  });
}

/**
 * `again`: the suggestion is decided, but the text still carries its id
 * (rule 4 of the header): it may be decided once more, and that decision holds.
 */
export interface DecideOptions {
  readonly at?: string;
  readonly again?: boolean;
}

export function acceptSuggestion(doc: Y.Doc, member: Member, chapter: ChapterContext, id: string, options: DecideOptions | string = {}): void {
  decide(doc, member, 'accept', 'accepted', { chapter }, id, decideOptions(options));
}

export function rejectSuggestion(doc: Y.Doc, member: Member, chapter: ChapterContext, id: string, options: DecideOptions | string = {}): void {
  decide(doc, member, 'reject', 'rejected', { chapter }, id, decideOptions(options));
}

export function withdrawSuggestion(doc: Y.Doc, member: Member, id: string, options: DecideOptions | string = {}): void {
  decide(doc, member, 'withdraw', 'withdrawn', {}, id, decideOptions(options));
}

function decideOptions(options: DecideOptions | string): DecideOptions {
  return typeof options === 'string' ? { at: options } : options;
}

function decide(
  doc: Y.Doc,
  member: Member,
  action: SuggestionAction,
  type: Decision,
  context: { chapter?: ChapterContext },
  id: string,
  options: DecideOptions,
): void {
  const parts = entryParts(doc, id);
  const current = readSuggestion(parts.entry);
  ensure(current !== null, 'invalid-suggestion', `Suggestion ${id} is damaged.`);
  ensure(
    may(member, action, { ...context, suggestion: current }),
    'not-allowed',
    action === 'withdraw' ? 'Only the author can withdraw a suggestion.' : 'Only the chapter’s owner agency or the coordinator can accept or reject.',
  );
  // The rule for concurrent decisions (header, rule 1) relies on this: a
  // decision is only ever added to an open suggestion, or marked `again`.
  const again = current.state !== 'open';
  ensure(!again || options.again === true, 'already-decided', `Suggestion ${id} is already ${current.state}.`);
  const event: SuggestionEvent = again ? { type, by: authorOf(member), at: options.at ?? now(), again: true } : { type, by: authorOf(member), at: options.at ?? now() };
  parts.events.push([event]);
}

// ---------------------------------------------------------------------------
// Reading. Entries come from other peers (another version, a faulty peer):
// reading never throws; what does not parse reads as absent, and an entry
// without an id, kind or author is skipped.

const eventSchema = z.object({
  type: z.enum(['created', 'replied', 'accepted', 'rejected', 'withdrawn']),
  by: authorSchema,
  at: z.string(),
  messageId: z.string().optional(),
  again: z.boolean().optional(),
});
const messageSchema = z.object({ id: z.string(), author: authorSchema, createdAt: z.string(), text: z.string() });

/** Every readable suggestion, oldest first (ties by id): the same order on every peer, which Y.Map iteration is not. */
export function readSuggestions(doc: Y.Doc): Suggestion[] {
  const result: Suggestion[] = [];
  suggestionsMap(doc).forEach((value, key) => {
    const suggestion = value instanceof Y.Map ? readSuggestion(value) : null;
    if (suggestion && suggestion.id === key) result.push(suggestion);
  });
  return result.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Whether a stored entry is open (no decision event), without parsing it:
 * cheap enough for every keystroke and for counting every chapter's.
 * Ignores rule 4 (a decided suggestion back in the text), which needs the text.
 */
export function entryIsOpen(entry: unknown): entry is Y.Map<unknown> {
  if (!(entry instanceof Y.Map)) return false;
  const events = entry.get('events');
  if (!(events instanceof Y.Array)) return false;
  return !events.toArray().some((e: { type?: unknown } | null) => e?.type === 'accepted' || e?.type === 'rejected' || e?.type === 'withdrawn');
}

/** Whether a stored entry was written by `memberId`, without parsing it (the keystroke path, the server's rules). */
export function entryIsBy(entry: unknown, memberId: string): entry is Y.Map<unknown> {
  return entry instanceof Y.Map && (entry.get('author') as { memberId?: unknown } | undefined)?.memberId === memberId;
}

export function readSuggestion(map: Y.Map<unknown>): Suggestion | null {
  const id = map.get('id');
  const kind = map.get('kind');
  const authorParse = authorSchema.safeParse(map.get('author'));
  if (!isSuggestionId(id) || !(SUGGESTION_KINDS as readonly unknown[]).includes(kind) || !authorParse.success) return null;
  const createdAt = map.get('createdAt');
  const messages = parsedArray(map.get('messages'), messageSchema) as SuggestionMessage[];
  const events = parsedArray(map.get('events'), eventSchema) as SuggestionEvent[];
  return {
    id,
    kind: kind as SuggestionKind,
    createdAt: typeof createdAt === 'string' ? createdAt : '',
    author: authorParse.data,
    messages,
    events,
    ...deriveState(kind as SuggestionKind, events),
  };
}

/** Rules 1 and 3 of the header, in one place. */
function deriveState(kind: SuggestionKind, events: readonly SuggestionEvent[]): Pick<Suggestion, 'state' | 'decision' | 'contested'> {
  const decisions = events.filter((e): e is SuggestionEvent & { type: Decision } => e.type === 'accepted' || e.type === 'rejected' || e.type === 'withdrawn');
  const [first] = decisions;
  if (!first) return { state: 'open', decision: null, contested: false };
  // Rule 4: a later decision made `again` holds (the last one in the merged history).
  const last = decisions.at(-1) as SuggestionEvent & { type: Decision };
  if (decisions.some((e) => e.again === true)) return { state: last.type, decision: { by: last.by, at: last.at }, contested: false };
  const accepts = decisions.filter((e) => e.type === 'accepted');
  const refusals = decisions.filter((e) => e.type !== 'accepted');
  if (accepts.length === 0 || refusals.length === 0) return { state: first.type, decision: { by: first.by, at: first.at }, contested: false };
  // Both an accept and a reject or withdrawal: the merged text removed the
  // suggested change if it was an addition, or the old text if it was a deletion.
  const holds = kind === 'delete' ? (accepts[0] as SuggestionEvent) : (refusals[0] as SuggestionEvent & { type: Decision });
  return { state: holds.type as Decision, decision: { by: holds.by, at: holds.at }, contested: true };
}

// ---------------------------------------------------------------------------

interface EntryParts {
  readonly entry: Y.Map<unknown>;
  readonly messages: Y.Array<SuggestionMessage>;
  readonly events: Y.Array<SuggestionEvent>;
}

function entryParts(doc: Y.Doc, id: string): EntryParts {
  const entry = suggestionsMap(doc).get(id);
  if (!(entry instanceof Y.Map)) throw new SuggestionError('not-found', `No suggestion ${id}.`);
  const messages = entry.get('messages');
  const events = entry.get('events');
  if (!(messages instanceof Y.Array) || !(events instanceof Y.Array)) {
    throw new SuggestionError('invalid-suggestion', `Suggestion ${id} is damaged and cannot take replies or decisions.`);
  }
  return { entry, messages: messages as Y.Array<SuggestionMessage>, events: events as Y.Array<SuggestionEvent> };
}

function parsedArray<T>(value: unknown, schema: z.ZodType<T>): T[] {
  if (!(value instanceof Y.Array)) return [];
  const out: T[] = [];
  for (const entry of value.toArray()) {
    const parsed = schema.safeParse(entry);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

function checkedText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new SuggestionError('invalid-text', 'A reply cannot be empty.');
  if (trimmed.length > MAX_REPLY_LENGTH) throw new SuggestionError('invalid-text', `A reply can be at most ${MAX_REPLY_LENGTH} characters.`);
  return trimmed;
}


function ensure(condition: boolean, code: SuggestionErrorCode, message: string): asserts condition {
  if (!condition) throw new SuggestionError(code, message);
}

function now(): string {
  return new Date().toISOString();
}
