/**
 * Random comment operations for the comment convergence fuzz, made the way
 * members make them in the app: a thread is created on a selection with
 * `createThread` and then anchored with `addCommentAnchor` in the same tick;
 * replies, edits, deletions, resolves, reopens and assignments go through
 * the operations in shared/comments/threads.ts; cut, copy and paste of
 * anchored text go through ProseMirror's own paste path, so the comment
 * plugin's transformPasted decides what the paste keeps.
 *
 * Every operation a member may make must succeed; and every so often a
 * member tries one they may not make, which must be refused without
 * writing anything. A ledger records every thread and message ever created
 * and every text ever written, for the end-of-run checks.
 *
 * Like random-edits.ts, operations are named and weighted and take all their
 * randomness from the seeded PRNG.
 */
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { Selection, TextSelection } from 'prosemirror-state';
import type { Node as PmNode } from 'prosemirror-model';
import { deleteSelection } from 'prosemirror-commands';
import { AGENCY_CODES, type AgencyCode } from '../../../shared/agencies/agencies.ts';
import { may } from '../../../shared/comments/comment-permissions.ts';
import { anchorIndexOf } from '../../../src-renderer/comments/comment-anchors-plugin.ts';
import {
  assignThread,
  CommentError,
  deleteMessage,
  editMessage,
  readThreads,
  reopenThread,
  replyToThread,
  resolveThread,
  type CommentMessage,
  type CommentThread,
} from '../../../shared/comments/threads.ts';
import type { Member } from '../../../shared/plan/member.ts';
import type { HeadlessEditor } from './headless-editor.ts';
import { commentOnSelection } from './comment-editing.ts';
import { pickWeighted } from './weighted-choice.ts';

/** One member per editor: the coordinator and drafters of other agencies. */
export const FUZZ_MEMBERS: readonly Member[] = [
  { memberId: 'm-af', name: 'Anna (AF)', agency: 'af', role: 'coordinator' },
  { memberId: 'm-sos', name: 'Bo (SoS)', agency: 'sos', role: 'drafter' },
  { memberId: 'm-jamy', name: 'Cecilia (JämY)', agency: 'jamy', role: 'drafter' },
  { memberId: 'm-migr', name: 'Dana (MV)', agency: 'migr', role: 'drafter' },
];

export interface LedgerMessage {
  readonly threadId: string;
  readonly authorId: string;
  /** Every text ever written for the message (as stored: trimmed). */
  readonly texts: Set<string>;
  deleted: boolean;
}

/** What was done in the whole run, on any peer. */
export class CommentLedger {
  readonly threads = new Set<string>();
  readonly messages = new Map<string, LedgerMessage>();
  #next = 0;

  nextId(prefix: string): string {
    return `${prefix}${this.#next++}`;
  }
}

export interface CommentActor {
  readonly index: number;
  readonly editor: HeadlessEditor;
  readonly member: Member;
}

export interface CommentOp {
  readonly name: string;
  readonly weight: number;
  /** Makes the operation; a short description, or null if there was nothing to do it on. */
  run(actor: CommentActor, gen: prng.PRNG, ledger: CommentLedger): string | null;
}

const PHRASES = ['Stämmer siffran?', 'Källa?', 'Se SCB 2022.', 'Håller med.', 'Rättat, tack!', 'Kan ni förtydliga?', '  Ja  ', 'Åtgärdat i stycke 3.'];

function message(gen: prng.PRNG): string {
  return prng.oneOf(gen, PHRASES);
}

function pick<T>(gen: prng.PRNG, items: readonly T[]): T | null {
  return items.length === 0 ? null : (items[prng.int32(gen, 0, items.length - 1)] ?? null);
}

function agency(gen: prng.PRNG): AgencyCode {
  return AGENCY_CODES[prng.int32(gen, 0, AGENCY_CODES.length - 1)] ?? 'af';
}

function threadsOf(actor: CommentActor): CommentThread[] {
  // Sorted, so that which thread a seed picks does not depend on the order
  // in which this peer happened to receive them.
  return readThreads(actor.editor.doc).sort((a, b) => (a.id < b.id ? -1 : 1));
}

function liveMessages(actor: CommentActor, test: (thread: CommentThread, m: CommentMessage) => boolean): [CommentThread, CommentMessage][] {
  return threadsOf(actor).flatMap((thread) => thread.messages.filter((m) => m.deletedAt === null && test(thread, m)).map((m) => [thread, m] as [CommentThread, CommentMessage]));
}

function randomRange(doc: PmNode, gen: prng.PRNG): Selection {
  const a = prng.int32(gen, 0, doc.content.size);
  const b = Math.min(doc.content.size, a + prng.int32(gen, 1, 40));
  return TextSelection.between(doc.resolve(a), doc.resolve(b));
}

/** A refused operation must throw `not-allowed` and write nothing. */
function expectRefused(actor: CommentActor, what: string, operation: () => void): string {
  const { doc } = actor.editor;
  const before = Y.encodeStateVector(doc);
  let wrote = false;
  const onUpdate = (): void => {
    wrote = true;
  };
  doc.on('update', onUpdate);
  try {
    operation();
  } catch (error) {
    if (!(error instanceof CommentError) || error.code !== 'not-allowed') throw error;
    const after = Y.encodeStateVector(doc);
    if (wrote || after.length !== before.length || after.some((byte, i) => byte !== before[i])) {
      throw new Error(`${what} was refused but wrote to the doc`, { cause: error });
    }
    return `${what}: refused`;
  } finally {
    doc.off('update', onUpdate);
  }
  throw new Error(`${what} was allowed`);
}

/** The HTML ProseMirror puts on the clipboard for the current selection. */
function clipboardHtml(actor: CommentActor): string {
  const { view } = actor.editor;
  return view.serializeForClipboard(view.state.selection.content()).dom.innerHTML;
}

/** Pastes at a random place through ProseMirror's paste path (jsdom has no ClipboardEvent; only handlePaste hooks see it). */
function pasteSomewhere(actor: CommentActor, gen: prng.PRNG, html: string): boolean {
  const { view } = actor.editor;
  const doc = view.state.doc;
  view.dispatch(view.state.tr.setSelection(Selection.near(doc.resolve(prng.int32(gen, 0, doc.content.size)))));
  return view.pasteHTML(html, new Event('paste') as ClipboardEvent);
}

/** How many positions of the chapter carry the thread's anchor. */
function anchoredLength(actor: CommentActor, threadId: string): number {
  return anchorIndexOf(actor.editor.view.state)
    .ranges.filter((r) => r.threadId === threadId)
    .reduce((sum, r) => sum + r.to - r.from, 0);
}

/** Selects one anchored range, for cut or copy. */
function selectAnchor(actor: CommentActor, gen: prng.PRNG): string | null {
  const { view } = actor.editor;
  const range = pick(gen, anchorIndexOf(view.state).ranges);
  if (!range) return null;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)));
  return range.threadId;
}

export const COMMENT_OPS: readonly CommentOp[] = [
  {
    name: 'comment on a selection',
    weight: 6,
    run: (actor, gen, ledger) => {
      const { view } = actor.editor;
      view.dispatch(view.state.tr.setSelection(randomRange(view.state.doc, gen)));
      const threadId = ledger.nextId(`t${actor.index}-`);
      const messageId = ledger.nextId(`m${actor.index}-`);
      const text = message(gen);
      const assignedAgency = prng.bool(gen) ? agency(gen) : null;
      if (!commentOnSelection(actor.editor, actor.member, { threadId, messageId, text, assignedAgency })) return null;
      ledger.threads.add(threadId);
      ledger.messages.set(messageId, { threadId, authorId: actor.member.memberId, texts: new Set([text.trim()]), deleted: false });
      return threadId;
    },
  },
  {
    name: 'reply',
    weight: 6,
    run: (actor, gen, ledger) => {
      const thread = pick(gen, threadsOf(actor));
      if (!thread) return null;
      const id = ledger.nextId(`m${actor.index}-`);
      const text = message(gen);
      replyToThread(actor.editor.doc, actor.member, thread.id, { id, text });
      ledger.messages.set(id, { threadId: thread.id, authorId: actor.member.memberId, texts: new Set([text.trim()]), deleted: false });
      return `${id} in ${thread.id}`;
    },
  },
  {
    name: 'edit own message',
    weight: 3,
    run: (actor, gen, ledger) => {
      const found = pick(gen, liveMessages(actor, (_t, m) => m.author.memberId === actor.member.memberId));
      if (!found) return null;
      const [thread, msg] = found;
      const text = `${message(gen)} (ändrad)`;
      editMessage(actor.editor.doc, actor.member, thread.id, msg.id, text);
      ledger.messages.get(msg.id)?.texts.add(text.trim());
      return msg.id;
    },
  },
  {
    name: 'delete own message',
    weight: 2,
    run: (actor, gen, ledger) => {
      const found = pick(gen, liveMessages(actor, (_t, m) => m.author.memberId === actor.member.memberId));
      if (!found) return null;
      const [thread, msg] = found;
      deleteMessage(actor.editor.doc, actor.member, thread.id, msg.id);
      const entry = ledger.messages.get(msg.id);
      if (entry) entry.deleted = true;
      return msg.id;
    },
  },
  {
    name: 'resolve',
    weight: 4,
    run: (actor, gen) => {
      const thread = pick(gen, threadsOf(actor).filter((t) => t.state === 'open' && may(actor.member, 'resolve', { thread: t })));
      if (!thread) return null;
      resolveThread(actor.editor.doc, actor.member, thread.id);
      return thread.id;
    },
  },
  {
    name: 'reopen',
    weight: 2,
    run: (actor, gen) => {
      const thread = pick(gen, threadsOf(actor).filter((t) => t.state === 'resolved' && may(actor.member, 'reopen', { thread: t })));
      if (!thread) return null;
      reopenThread(actor.editor.doc, actor.member, thread.id);
      return thread.id;
    },
  },
  {
    name: 'assign',
    weight: 2,
    run: (actor, gen) => {
      const thread = pick(gen, threadsOf(actor));
      if (!thread) return null;
      const assignee: AgencyCode | null = prng.int32(gen, 0, 5) === 0 ? null : agency(gen);
      assignThread(actor.editor.doc, actor.member, thread.id, assignee);
      return `${thread.id} to ${assignee ?? 'nobody'}`;
    },
  },
  {
    name: 'try what is not allowed',
    weight: 2,
    run: (actor, gen) => {
      const { doc } = actor.editor;
      const others = liveMessages(actor, (_t, m) => m.author.memberId !== actor.member.memberId);
      const notMine = actor.member.role === 'coordinator' ? [] : threadsOf(actor).filter((t) => t.author.memberId !== actor.member.memberId);
      const choices: (() => string)[] = [];
      const other = pick(gen, others);
      if (other) {
        const [thread, msg] = other;
        choices.push(() => expectRefused(actor, `edit ${msg.id} by someone else`, () => editMessage(doc, actor.member, thread.id, msg.id, 'Kapat!')));
        choices.push(() => expectRefused(actor, `delete ${msg.id} by someone else`, () => deleteMessage(doc, actor.member, thread.id, msg.id)));
      }
      const thread = pick(gen, notMine);
      if (thread) {
        choices.push(() =>
          expectRefused(actor, `${thread.state === 'open' ? 'resolve' : 'reopen'} ${thread.id} as a drafter who did not start it`, () =>
            thread.state === 'open' ? resolveThread(doc, actor.member, thread.id) : reopenThread(doc, actor.member, thread.id),
          ),
        );
      }
      const any = pick(gen, threadsOf(actor));
      if (any) {
        const reader: Member = { ...actor.member, role: 'reader' };
        choices.push(() => expectRefused(actor, `reply to ${any.id} as a reader`, () => replyToThread(doc, reader, any.id, { id: 'never', text: 'Hej' })));
      }
      const choice = pick(gen, choices);
      return choice ? choice() : null;
    },
  },
  {
    name: 'cut and paste anchored text',
    weight: 2,
    run: (actor, gen) => {
      const threadId = selectAnchor(actor, gen);
      if (!threadId) return null;
      const { view } = actor.editor;
      const whole = anchorIndexOf(view.state).ranges.filter((r) => r.threadId === threadId).length === 1;
      const length = anchoredLength(actor, threadId);
      const html = clipboardHtml(actor);
      deleteSelection(view.state, view.dispatch);
      const pasted = pasteSomewhere(actor, gen, html);
      // The thread's only anchor was cut, so the paste takes it along whole.
      if (pasted && whole && anchoredLength(actor, threadId) !== length) {
        throw new Error(`cutting and pasting the whole anchor of ${threadId} left ${anchoredLength(actor, threadId)} of its ${length} positions anchored`);
      }
      return `${threadId}${pasted ? '' : ' (paste did not apply)'}`;
    },
  },
  {
    name: 'copy and paste anchored text',
    weight: 2,
    run: (actor, gen) => {
      const threadId = selectAnchor(actor, gen);
      if (!threadId) return null;
      const length = anchoredLength(actor, threadId);
      const html = clipboardHtml(actor);
      const pasted = pasteSomewhere(actor, gen, html);
      // A copy never anchors the thread a second time.
      if (anchoredLength(actor, threadId) > length) throw new Error(`copying and pasting anchored text of ${threadId} anchored it a second time`);
      return `${threadId}${pasted ? '' : ' (paste did not apply)'}`;
    },
  },
];

export function pickCommentOp(gen: prng.PRNG): CommentOp {
  return pickWeighted(gen, COMMENT_OPS);
}
