/**
 * Comment threads (DESIGN §6): the thread data that lives next to the text in
 * the chapter's Y.Doc, so an anchor and its thread always sync and merge
 * together, offline too.
 *
 * Layout inside the chapter Y.Doc:
 *   threads  Y.Map<threadId, Y.Map>
 *     id             string
 *     createdAt      ISO time
 *     author         { memberId, name, agency }          (written once)
 *     quote          the anchored text when the thread was created
 *     assignedAgency AgencyCode | null                    (last writer wins)
 *     messages       Y.Array<Y.Map { id, author, createdAt, body: Y.Map { text }, editedAt, deletedAt }>
 *     events         Y.Array<ThreadEvent>                 (append-only history)
 *
 * Each thread's parts are separate Yjs types so that concurrent operations
 * merge instead of overwriting each other: two replies are two inserts into
 * `messages`, and every operation appends its own entry to `events`.
 *
 * Concurrency rules (what concurrent offline operations produce; each one is
 * tested in tests/unit/comments/thread-concurrency.test.ts):
 * 1. Resolve ∥ reply: the thread is **open**. A resolve records the messages
 *    its author had seen; a message that no resolve since the last reopen
 *    had seen reopens the thread, so a reply is never buried under a resolve
 *    that did not read it. The same holds for a reply written after a resolve.
 * 2. Delete of the anchored text ∥ reply: both survive. The thread is
 *    *detached* (still open and listed, showing its quote) and has the reply.
 * 3. Resolve ∥ resolve: resolved. Both events stay in the history; "resolved
 *    by" names the one that sorts last in the merged history, which is the
 *    same on every peer.
 * 4. Resolve ∥ reopen: the state-changing event that sorts last in the
 *    merged history decides. Yjs orders concurrent inserts identically on
 *    every peer and never puts an event before one its author had seen.
 * 5. Edit ∥ delete of one message: deleted. A delete is a tombstone
 *    (`deletedAt`), and a tombstone is never undone by an edit. The text
 *    sits in its own `body` map, which an edit changes in place and a
 *    delete removes: an edit that merges into a removed body is discarded
 *    by Yjs, so the deleted words do not linger in every copy of the plan.
 * 6. Edit ∥ edit, assign ∥ assign: the last writer wins, as Yjs map keys do;
 *    every edit and assignment is kept in the history.
 * No operation removes a thread or a message from the doc: "deleting" a
 * message blanks its text and leaves a tombstone in the list and history.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { AGENCY_CODES, type AgencyCode } from '../agencies/agencies.ts';
import { authorOf, authorSchema, type Author, type Member } from '../plan/member.ts';
import { may } from './comment-permissions.ts';

export const THREADS_FIELD = 'threads';

/** A message longer than this is refused; the plan is prose, not an archive. */
export const MAX_MESSAGE_LENGTH = 10_000;
/** The stored quote is cut to this length (the anchor itself is unbounded). */
export const MAX_QUOTE_LENGTH = 1_000;

export type ThreadEventType = 'created' | 'replied' | 'edited' | 'deleted' | 'resolved' | 'reopened' | 'assigned';

export interface ThreadEvent {
  readonly type: ThreadEventType;
  readonly by: Author;
  readonly at: string;
  /** The message concerned (created, replied, edited, deleted). */
  readonly messageId?: string;
  /** The new assignee (assigned); null means unassigned. */
  readonly agency?: AgencyCode | null;
  /** Ids of the messages the resolver had seen (resolved). */
  readonly seen?: readonly string[];
}

export interface CommentMessage {
  readonly id: string;
  readonly author: Author;
  readonly createdAt: string;
  /** Empty for a deleted message. */
  readonly text: string;
  readonly editedAt: string | null;
  readonly deletedAt: string | null;
}

export type ThreadState = 'open' | 'resolved';

/** A plain, immutable reading of one thread, for the UI. */
export interface CommentThread {
  readonly id: string;
  readonly createdAt: string;
  readonly author: Author;
  readonly quote: string;
  readonly assignedAgency: AgencyCode | null;
  readonly messages: readonly CommentMessage[];
  readonly events: readonly ThreadEvent[];
  readonly state: ThreadState;
  /** The resolve that holds, when resolved. */
  readonly resolution: { readonly by: Author; readonly at: string } | null;
  /** True when a resolve was overtaken by a message its author had not seen (rule 1). */
  readonly reopenedByReply: boolean;
}

export type CommentErrorCode = 'not-allowed' | 'invalid-text' | 'not-found' | 'invalid-thread';

/** A refused comment operation; `code` is for the UI to switch on. */
export class CommentError extends Error {
  readonly code: CommentErrorCode;

  constructor(code: CommentErrorCode, message: string) {
    super(message);
    this.name = 'CommentError';
    this.code = code;
  }
}

export function threadsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(THREADS_FIELD);
}

// ---------------------------------------------------------------------------
// Operations. Each one checks the rule in comment-permissions.ts first, so a
// refused operation writes nothing.

export interface NewThread {
  readonly id: string;
  readonly messageId: string;
  readonly text: string;
  readonly quote: string;
  readonly assignedAgency: AgencyCode | null;
  readonly at?: string;
}

export function createThread(doc: Y.Doc, member: Member, input: NewThread): void {
  ensure(may(member, 'comment'), 'not-allowed', 'Readers cannot comment.');
  const text = checkedText(input.text);
  const threads = threadsMap(doc);
  if (threads.has(input.id)) throw new CommentError('invalid-thread', `Thread ${input.id} already exists.`);
  const at = input.at ?? now();
  const by = authorOf(member);
  doc.transact(() => {
    const thread = new Y.Map<unknown>();
    thread.set('id', input.id);
    thread.set('createdAt', at);
    thread.set('author', by);
    thread.set('quote', input.quote.slice(0, MAX_QUOTE_LENGTH));
    thread.set('assignedAgency', input.assignedAgency);
    const messages = new Y.Array<Y.Map<unknown>>();
    messages.push([newMessage(input.messageId, by, at, text)]);
    thread.set('messages', messages);
    const events = new Y.Array<ThreadEvent>();
    const created: ThreadEvent[] = [{ type: 'created', by, at, messageId: input.messageId }];
    if (input.assignedAgency) created.push({ type: 'assigned', by, at, agency: input.assignedAgency });
    events.push(created);
    thread.set('events', events);
    threads.set(input.id, thread);
  });
}

export function replyToThread(doc: Y.Doc, member: Member, threadId: string, reply: { id: string; text: string; at?: string }): void {
  ensure(may(member, 'reply'), 'not-allowed', 'Readers cannot reply.');
  const text = checkedText(reply.text);
  const parts = threadParts(doc, threadId);
  const at = reply.at ?? now();
  const by = authorOf(member);
  doc.transact(() => {
    parts.messages.push([newMessage(reply.id, by, at, text)]);
    parts.events.push([{ type: 'replied', by, at, messageId: reply.id }]);
  });
}

export function editMessage(doc: Y.Doc, member: Member, threadId: string, messageId: string, newText: string, at = now()): void {
  const text = checkedText(newText);
  const { message, events } = messageParts(doc, threadId, messageId);
  const current = readMessage(message);
  ensure(current !== null && may(member, 'edit-message', { message: current }), 'not-allowed', 'Only the author can edit a message.');
  const body = message.get('body');
  if (!(body instanceof Y.Map)) throw new CommentError('invalid-thread', `Message ${messageId} has no text to edit.`);
  doc.transact(() => {
    // In place, never a new body: see rule 5.
    body.set('text', text);
    message.set('editedAt', at);
    events.push([{ type: 'edited', by: authorOf(member), at, messageId }]);
  });
}

export function deleteMessage(doc: Y.Doc, member: Member, threadId: string, messageId: string, at = now()): void {
  const { message, events } = messageParts(doc, threadId, messageId);
  const current = readMessage(message);
  ensure(current !== null && may(member, 'delete-message', { message: current }), 'not-allowed', 'Only the author can delete a message.');
  doc.transact(() => {
    message.delete('body');
    message.set('deletedAt', at);
    events.push([{ type: 'deleted', by: authorOf(member), at, messageId }]);
  });
}

export function resolveThread(doc: Y.Doc, member: Member, threadId: string, at = now()): void {
  const parts = threadParts(doc, threadId);
  const thread = readThread(parts.thread);
  ensure(thread !== null && may(member, 'resolve', { thread }), 'not-allowed', 'Only the coordinator or the thread’s author can resolve it.');
  const seen = thread.messages.map((m) => m.id);
  parts.events.push([{ type: 'resolved', by: authorOf(member), at, seen }]);
}

export function reopenThread(doc: Y.Doc, member: Member, threadId: string, at = now()): void {
  const parts = threadParts(doc, threadId);
  const thread = readThread(parts.thread);
  ensure(thread !== null && may(member, 'reopen', { thread }), 'not-allowed', 'Only the coordinator or the thread’s author can reopen it.');
  parts.events.push([{ type: 'reopened', by: authorOf(member), at }]);
}

export function assignThread(doc: Y.Doc, member: Member, threadId: string, agency: AgencyCode | null, at = now()): void {
  ensure(may(member, 'assign'), 'not-allowed', 'Readers cannot assign threads.');
  const parts = threadParts(doc, threadId);
  doc.transact(() => {
    parts.thread.set('assignedAgency', agency);
    parts.events.push([{ type: 'assigned', by: authorOf(member), at, agency }]);
  });
}

// ---------------------------------------------------------------------------
// Reading. Everything in a shared doc may have been written by another
// version of the app or by a faulty peer, so reading never throws: fields
// that do not parse are read as absent, and a thread without an id or a
// readable author is skipped by `readThread` (returns null) and reported by
// `unreadableThreadIds` instead of crashing the sidebar.

const agencySchema = z.enum(AGENCY_CODES);
const eventSchema = z.object({
  type: z.enum(['created', 'replied', 'edited', 'deleted', 'resolved', 'reopened', 'assigned']),
  by: authorSchema,
  at: z.string(),
  messageId: z.string().optional(),
  agency: agencySchema.nullable().optional(),
  seen: z.array(z.string()).optional(),
});

export function readThreads(doc: Y.Doc): CommentThread[] {
  const result: CommentThread[] = [];
  threadsMap(doc).forEach((value, key) => {
    const thread = value instanceof Y.Map ? readThread(value) : null;
    // A thread stored under a key other than its id (a faulty peer) would be
    // listed twice; it counts as unreadable instead.
    if (thread && thread.id === key) result.push(thread);
  });
  return result;
}

/** Ids of entries in the threads map that cannot be read as threads. */
export function unreadableThreadIds(doc: Y.Doc): string[] {
  const ids: string[] = [];
  threadsMap(doc).forEach((value, key) => {
    if (!(value instanceof Y.Map) || readThread(value)?.id !== key) ids.push(key);
  });
  return ids;
}

export function readThread(map: Y.Map<unknown>): CommentThread | null {
  const id = map.get('id');
  const authorParse = authorSchema.safeParse(map.get('author'));
  if (typeof id !== 'string' || !authorParse.success) return null;
  const createdAt = stringOr(map.get('createdAt'), '');
  const quote = stringOr(map.get('quote'), '');
  const assigned = agencySchema.safeParse(map.get('assignedAgency'));
  const messagesType = map.get('messages');
  const eventsType = map.get('events');
  const messages: CommentMessage[] = [];
  if (messagesType instanceof Y.Array) {
    for (const entry of messagesType.toArray()) {
      const message = entry instanceof Y.Map ? readMessage(entry) : null;
      if (message) messages.push(message);
    }
  }
  const events: ThreadEvent[] = [];
  if (eventsType instanceof Y.Array) {
    for (const entry of eventsType.toArray()) {
      const parsed = eventSchema.safeParse(entry);
      if (parsed.success) events.push(parsed.data as ThreadEvent);
    }
  }
  const { state, resolution, reopenedByReply } = deriveState(events, messages);
  return {
    id,
    createdAt,
    author: authorParse.data,
    quote,
    assignedAgency: assigned.success ? assigned.data : null,
    messages,
    events,
    state,
    resolution,
    reopenedByReply,
  };
}

function readMessage(map: Y.Map<unknown>): CommentMessage | null {
  const id = map.get('id');
  const authorParse = authorSchema.safeParse(map.get('author'));
  if (typeof id !== 'string' || !authorParse.success) return null;
  const deletedAt = map.get('deletedAt');
  const editedAt = map.get('editedAt');
  return {
    id,
    author: authorParse.data,
    createdAt: stringOr(map.get('createdAt'), ''),
    text: typeof deletedAt === 'string' ? '' : bodyText(map.get('body')),
    editedAt: typeof editedAt === 'string' ? editedAt : null,
    deletedAt: typeof deletedAt === 'string' ? deletedAt : null,
  };
}

/** Rules 1, 3 and 4 of the header, in one place. */
function deriveState(
  events: readonly ThreadEvent[],
  messages: readonly CommentMessage[],
): Pick<CommentThread, 'state' | 'resolution' | 'reopenedByReply'> {
  // Every resolve since the last reopen counts: concurrent resolves by two
  // people who had each seen different replies together saw them all.
  let lastResolve: ThreadEvent | null = null;
  let seen = new Set<string>();
  for (const event of events) {
    if (event.type === 'resolved') {
      lastResolve = event;
      for (const id of event.seen ?? []) seen.add(id);
    } else if (event.type === 'reopened') {
      lastResolve = null;
      seen = new Set();
    }
  }
  if (!lastResolve) return { state: 'open', resolution: null, reopenedByReply: false };
  const unseen = messages.some((m) => m.deletedAt === null && !seen.has(m.id));
  if (unseen) return { state: 'open', resolution: null, reopenedByReply: true };
  return { state: 'resolved', resolution: { by: lastResolve.by, at: lastResolve.at }, reopenedByReply: false };
}

// ---------------------------------------------------------------------------

interface ThreadParts {
  readonly thread: Y.Map<unknown>;
  readonly messages: Y.Array<Y.Map<unknown>>;
  readonly events: Y.Array<ThreadEvent>;
}

function threadParts(doc: Y.Doc, threadId: string): ThreadParts {
  const thread = threadsMap(doc).get(threadId);
  if (!(thread instanceof Y.Map)) throw new CommentError('not-found', `No thread ${threadId}.`);
  const messages = thread.get('messages');
  const events = thread.get('events');
  if (!(messages instanceof Y.Array) || !(events instanceof Y.Array)) {
    throw new CommentError('invalid-thread', `Thread ${threadId} is damaged and cannot take new messages.`);
  }
  return { thread, messages: messages as Y.Array<Y.Map<unknown>>, events: events as Y.Array<ThreadEvent> };
}

function messageParts(doc: Y.Doc, threadId: string, messageId: string): { message: Y.Map<unknown>; events: Y.Array<ThreadEvent> } {
  const parts = threadParts(doc, threadId);
  const message = parts.messages.toArray().find((m) => m instanceof Y.Map && m.get('id') === messageId);
  if (!message) throw new CommentError('not-found', `No message ${messageId} in thread ${threadId}.`);
  return { message, events: parts.events };
}

function newMessage(id: string, by: Author, at: string, text: string): Y.Map<unknown> {
  const message = new Y.Map<unknown>();
  message.set('id', id);
  message.set('author', by);
  message.set('createdAt', at);
  const body = new Y.Map<unknown>();
  body.set('text', text);
  message.set('body', body);
  message.set('editedAt', null);
  message.set('deletedAt', null);
  return message;
}

function checkedText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new CommentError('invalid-text', 'A comment cannot be empty.');
  if (trimmed.length > MAX_MESSAGE_LENGTH) {
    throw new CommentError('invalid-text', `A comment can be at most ${MAX_MESSAGE_LENGTH} characters.`);
  }
  return trimmed;
}


function ensure(condition: boolean, code: CommentErrorCode, message: string): asserts condition {
  if (!condition) throw new CommentError(code, message);
}

function bodyText(body: unknown): string {
  return body instanceof Y.Map ? stringOr(body.get('text'), '') : '';
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function now(): string {
  return new Date().toISOString();
}
