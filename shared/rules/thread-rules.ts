/**
 * What an update may do to a chapter's comment threads (layout in
 * shared/comments/threads.ts), checked by the server for every sender:
 *
 * - A new thread, message or event carries the sender's own member id,
 *   name and agency (authorship.ts), never someone else's.
 * - Only a message's author edits or deletes it (its text, `editedAt`,
 *   `deletedAt`).
 * - Resolve and reopen follow `may()` (comment-permissions.ts): the
 *   coordinator, or the thread's author.
 * - Threads, messages and events are never removed or replaced, and what a
 *   thread or message is written with once (id, author, time, quote) never
 *   changes: the history is append-only.
 *
 * Authorship, not `may()`'s "not deleted yet", decides edits and deletes:
 * an author's edit from one computer may reach the server after their
 * delete from another, and the app merges the two (threads.ts, rule 5); an
 * honest client must never be refused for it.
 */
import { z } from 'zod';
import * as Y from 'yjs';
import { AGENCY_CODES } from '../agencies/agencies.ts';
import { may } from '../comments/comment-permissions.ts';
import type { Member } from '../plan/member.ts';
import { checkNewRecord, isSender, storedAuthor } from './authorship.ts';
import type { ArrayChange, DocChange, MapChange } from './doc-changes.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';

const eventSchema = z.object({ type: z.string(), by: z.unknown(), messageId: z.string().optional() });

export function checkThreadChanges(member: Member, changes: readonly DocChange[]): RuleBreach | null {
  for (const change of changes) {
    if (change.root !== 'threads') continue;
    const found = change.kind === 'map' ? checkMapChange(member, change) : change.kind === 'array' ? checkArrayChange(member, change) : breach('unknown-part', 'threads hold no text');
    if (found !== null) return found;
  }
  return null;
}

const refuse = (member: Member, what: string): RuleBreach => breach('thread-not-permitted', `${member.name} (${member.role}, ${member.agency}) may not ${what}`);

function checkMapChange(member: Member, change: MapChange): RuleBreach | null {
  const level = levelOf(change.path);
  if (level === 'threads') {
    if (change.action !== 'add') return refuse(member, `replace or remove thread ${change.key}`);
    if (!may(member, 'comment')) return refuse(member, 'comment');
    return checkNewThread(member, change.key, change.newValue);
  }
  if (level === 'thread') {
    if (change.key !== 'assignedAgency') return refuse(member, `change a thread's ${change.key}`);
    const agency = change.newValue;
    return may(member, 'assign') && (agency === null || (AGENCY_CODES as readonly unknown[]).includes(agency)) ? null : refuse(member, 'assign the thread so');
  }
  if (level === 'message' || level === 'body') {
    const message = level === 'message' ? change.map : change.map.parent;
    const author = message instanceof Y.Map ? message.get('author') : undefined;
    const allowed = level === 'body' ? change.key === 'text' : change.key === 'body' || change.key === 'editedAt' || change.key === 'deletedAt';
    if (!allowed) return refuse(member, `change a message's ${change.key}`);
    return isSender(author, member) ? null : refuse(member, 'edit or delete another member’s message');
  }
  return breach('unknown-part', `threads have no ${['threads', ...change.path, change.key].join('.')}`);
}

function checkArrayChange(member: Member, change: ArrayChange): RuleBreach | null {
  const level = levelOf(change.path);
  if ((level !== 'messages' && level !== 'events') || change.deleted > 0) {
    return level === 'messages' || level === 'events' ? refuse(member, `remove ${change.deleted} ${level} (the history is append-only)`) : breach('unknown-part', 'threads have no such list');
  }
  const thread = change.array.parent;
  if (!(thread instanceof Y.Map)) return breach('unknown-part', 'a thread list outside a thread');
  for (const entry of change.inserted) {
    const found = level === 'messages' ? checkNewMessage(member, entry) : checkNewEvent(member, entry, thread, false);
    if (found !== null) return found;
  }
  return null;
}

function checkNewThread(member: Member, id: string, value: unknown): RuleBreach | null {
  return checkNewRecord(member, 'thread', id, value, {
    refuse: (what) => refuse(member, what),
    checkMessage: (message) => checkNewMessage(member, message),
    checkEvent: (event, thread) => checkNewEvent(member, event, thread, true),
  });
}

function checkNewMessage(member: Member, value: unknown): RuleBreach | null {
  if (!may(member, 'reply')) return refuse(member, 'write a message');
  if (!(value instanceof Y.Map) || typeof value.get('id') !== 'string') return refuse(member, 'add a message in another form than the app’s');
  return isSender(value.get('author'), member) ? null : refuse(member, 'write a message signed with another member');
}

function checkNewEvent(member: Member, value: unknown, thread: Y.Map<unknown>, inNewThread: boolean): RuleBreach | null {
  const parsed = eventSchema.safeParse(value);
  if (!parsed.success) return refuse(member, 'add an event in another form than the app’s');
  const event = parsed.data;
  if (!isSender(event.by, member)) return refuse(member, `record a ${event.type} event signed with another member`);
  const threadAuthor = storedAuthor(thread.get('author'));
  switch (event.type) {
    case 'created':
      return inNewThread ? null : refuse(member, 'record a second creation of a thread');
    case 'replied':
    case 'assigned':
      return may(member, 'reply') ? null : refuse(member, event.type === 'replied' ? 'reply' : 'assign');
    case 'resolved':
    case 'reopened':
      return threadAuthor !== null && may(member, event.type === 'resolved' ? 'resolve' : 'reopen', { thread: { author: threadAuthor } })
        ? null
        : refuse(member, `${event.type === 'resolved' ? 'resolve' : 'reopen'} another member's thread`);
    case 'edited':
    case 'deleted': {
      const messages = thread.get('messages');
      const message = messages instanceof Y.Array ? messages.toArray().find((m: unknown) => m instanceof Y.Map && m.get('id') === event.messageId) : undefined;
      return message instanceof Y.Map && isSender(message.get('author'), member) ? null : refuse(member, `record that another member's message was ${event.type}`);
    }
    default:
      return refuse(member, `record a ${event.type} event`);
  }
}

type Level = 'threads' | 'thread' | 'messages' | 'message' | 'body' | 'events' | 'other';

/** Where a changed type sits in the threads layout, by its path from the root. */
function levelOf(path: readonly (string | number)[]): Level {
  if (path.length === 0) return 'threads';
  if (path.length === 1) return 'thread';
  if (path.length === 2) return path[1] === 'messages' ? 'messages' : path[1] === 'events' ? 'events' : 'other';
  if (path.length === 3 && path[1] === 'messages') return 'message';
  if (path.length === 4 && path[1] === 'messages' && path[3] === 'body') return 'body';
  return 'other';
}
