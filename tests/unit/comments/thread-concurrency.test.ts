/**
 * The concurrency rules of comment threads (header of shared/comments/threads.ts,
 * docs/architecture.md "Comments"), one test per rule.
 *
 * Each test starts from a thread every peer has, lets two or three peers do
 * something offline, and then merges in every delivery order: an observer
 * that receives A's work before B's ends up exactly where one that receives
 * B's first does. Every peer must read the same threads, the rule's outcome
 * must hold, and no message is ever lost.
 *
 * Where a rule's outcome depends on how Yjs orders concurrent inserts (by
 * client id), the test runs with the client ids both ways round, so that
 * both possible outcomes are seen to be shared by every peer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Transform } from 'prosemirror-transform';
import { ChapterBinding } from '../../../shared/chapter-text/chapter-binding.ts';
import { chapterText, readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import {
  assignThread,
  deleteMessage,
  editMessage,
  readThreads,
  reopenThread,
  replyToThread,
  resolveThread,
  threadsMap,
  type CommentThread,
} from '../../../shared/comments/threads.ts';
import { buildAnchorIndex, rangesByThread } from '../../../shared/comments/anchors.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { anna, bo, boAsks, cecilia, docWithClient, send } from './comment-members.ts';

type Branch = (doc: Y.Doc) => void;

// Operations stamp the current time. The clock is frozen, so that the runs in
// different delivery orders can be compared as a whole, and so that nothing
// here can depend on which peer's clock is ahead.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-05T12:00:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

interface Merged {
  /** Every peer's docs after the merge, for each delivery order. */
  readonly runs: readonly (readonly Y.Doc[])[];
  /** The thread t1 as every peer reads it (checked to be the same everywhere). */
  readonly thread: CommentThread;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function sortedThreads(doc: Y.Doc): CommentThread[] {
  return readThreads(doc).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Runs `setup` on one peer and syncs it to all, then each branch on its own
 * peer while they are all offline, then delivers the branches' work in every
 * order (each peer receives the others' updates in that order, and an extra
 * observer that did nothing offline too). `clientIds` fixes the Yjs client
 * id of each branch's peer.
 */
function mergeOffline(setup: Branch, branches: readonly Branch[], clientIds: readonly number[] = branches.map((_, i) => i + 1)): Merged {
  const runs: Y.Doc[][] = [];
  for (const order of permutations(branches.map((_, i) => i))) {
    const peers = clientIds.map((id) => docWithClient(id));
    const observer = docWithClient(100);
    const everyone = [...peers, observer];
    const [first] = peers;
    if (!first) throw new Error('no peers');
    setup(first);
    for (const doc of everyone) if (doc !== first) send(first, doc);
    branches.forEach((branch, i) => branch(peers[i] as Y.Doc));
    for (const i of order) for (const to of everyone) if (to !== peers[i]) send(peers[i] as Y.Doc, to);
    runs.push(everyone);
  }
  const reference = sortedThreads(runs[0]?.[0] as Y.Doc);
  runs.forEach((docs, run) =>
    docs.forEach((doc, peer) => expect(sortedThreads(doc), `delivery order ${run}, peer ${peer} reads the same threads`).toEqual(reference)),
  );
  const thread = reference.find((t) => t.id === 't1');
  if (!thread) throw new Error('thread t1 was lost');
  return { runs, thread };
}

function messageTexts(thread: CommentThread): string[] {
  return thread.messages.map((m) => `${m.id}: ${m.text}`);
}

const stateEvents = (thread: CommentThread) => thread.events.filter((e) => e.type === 'resolved' || e.type === 'reopened');

describe('rule 1: resolve ∥ reply — the thread stays open and the reply is not buried', () => {
  for (const [label, clientIds] of [
    ['resolver on the lower client id', [1, 2]],
    ['resolver on the higher client id', [2, 1]],
  ] as const) {
    it(`the coordinator resolves while a drafter replies offline (${label})`, () => {
      const { thread } = mergeOffline(
        boAsks,
        [(doc) => resolveThread(doc, anna, 't1'), (doc) => replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Källa: SCB, AKU 2022.' })],
        clientIds,
      );
      expect(messageTexts(thread)).toEqual(['m1: Stämmer siffran för 2022? Källa?', 'm2: Källa: SCB, AKU 2022.']);
      expect(thread.state).toBe('open');
      expect(thread.reopenedByReply).toBe(true);
      expect(thread.resolution).toBeNull();
      expect(thread.events.map((e) => e.type).sort()).toEqual(['assigned', 'created', 'replied', 'resolved']);
    });
  }

  it('a reply written after the resolve arrived also reopens it, for everyone', () => {
    const { thread } = mergeOffline(
      (doc) => {
        boAsks(doc);
        resolveThread(doc, anna, 't1');
      },
      [(doc) => replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Vänta, siffran är fel.' }), () => {}],
    );
    expect(thread).toMatchObject({ state: 'open', reopenedByReply: true });
  });

  it('two replies while the coordinator resolves: open, with both replies', () => {
    const { thread } = mergeOffline(boAsks, [
      (doc) => resolveThread(doc, anna, 't1'),
      (doc) => replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Ja.' }),
      (doc) => replyToThread(doc, bo, 't1', { id: 'm3', text: 'Nej.' }),
    ]);
    expect(thread.messages.map((m) => m.id).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(thread.state).toBe('open');
  });

  it('once the coordinator has seen the reply, resolving again holds', () => {
    const { runs } = mergeOffline(boAsks, [
      (doc) => resolveThread(doc, anna, 't1'),
      (doc) => replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Källa: SCB.' }),
    ]);
    const [annasDoc] = runs[0] ?? [];
    if (!annasDoc) throw new Error('no doc');
    resolveThread(annasDoc, anna, 't1');
    expect(readThreads(annasDoc)[0]).toMatchObject({ state: 'resolved', reopenedByReply: false, resolution: { by: { memberId: anna.memberId } } });
  });
});

describe('rule 2: delete of the anchored text ∥ reply — both survive, the thread is detached', () => {
  // The chapter text, with "68 procent" anchored to t1.
  const chapter = schema.nodeFromJSON({
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Andelen ökade till ' },
          { type: 'text', text: '68 procent', marks: [{ type: 'comment', attrs: { threadId: 't1' } }] },
          { type: 'text', text: ' år 2022.' },
        ],
      },
    ],
  });

  function anchoredThreads(doc: Y.Doc): string[] {
    const pm = readChapterDoc(doc);
    return [...rangesByThread(buildAnchorIndex(pm)).keys()];
  }

  /** A drafter deletes the whole sentence the comment is on (a ProseMirror step through the binding; the dom suite does it in an editor). */
  function deleteTheSentence(doc: Y.Doc): void {
    const binding = new ChapterBinding(chapterText(doc), schema);
    const paragraph = binding.doc.child(0);
    binding.writeTransaction(new Transform(binding.doc).delete(1, 1 + paragraph.content.size));
  }

  it('the anchor is gone, the thread is open, keeps its quote and has the reply', () => {
    const { runs, thread } = mergeOffline(
      (doc) => {
        writeChapterDoc(doc, chapter);
        boAsks(doc, { quote: '68 procent' });
      },
      [deleteTheSentence, (doc) => replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Siffran är från SCB.' })],
    );
    for (const docs of runs) for (const doc of docs) expect(anchoredThreads(doc)).toEqual([]);
    expect(thread.state).toBe('open');
    expect(thread.quote).toBe('68 procent');
    expect(messageTexts(thread)).toEqual(['m1: Stämmer siffran för 2022? Källa?', 'm2: Siffran är från SCB.']);
  });

  it('before the deletion arrives, the thread is anchored', () => {
    const doc = docWithClient(1);
    writeChapterDoc(doc, chapter);
    boAsks(doc);
    expect(anchoredThreads(doc)).toEqual(['t1']);
  });
});

describe('rule 3: resolve ∥ resolve — resolved, both in the history', () => {
  for (const [label, clientIds] of [
    ['coordinator on the lower client id', [1, 2]],
    ['coordinator on the higher client id', [2, 1]],
  ] as const) {
    it(`the coordinator and the author both resolve offline (${label})`, () => {
      const { thread } = mergeOffline(boAsks, [(doc) => resolveThread(doc, anna, 't1'), (doc) => resolveThread(doc, bo, 't1')], clientIds);
      expect(thread.state).toBe('resolved');
      const resolves = thread.events.filter((e) => e.type === 'resolved');
      expect(resolves.map((e) => e.by.memberId).sort()).toEqual([anna.memberId, bo.memberId]);
      // "Resolved by" names the resolve that sorts last in the merged history.
      expect(thread.resolution).toEqual({ by: resolves.at(-1)?.by, at: resolves.at(-1)?.at });
    });
  }

  it('which resolve is named depends on the merged order, not on who delivered first', () => {
    const lower = mergeOffline(boAsks, [(doc) => resolveThread(doc, anna, 't1'), (doc) => resolveThread(doc, bo, 't1')], [1, 2]);
    const higher = mergeOffline(boAsks, [(doc) => resolveThread(doc, anna, 't1'), (doc) => resolveThread(doc, bo, 't1')], [2, 1]);
    expect(new Set([lower.thread.resolution?.by.memberId, higher.thread.resolution?.by.memberId])).toEqual(new Set([anna.memberId, bo.memberId]));
  });

  // The author answers the question in the thread and resolves it; the
  // coordinator, offline, resolves it too. Both resolves were made by people
  // who had read everything they could; the reply was written by one of the
  // resolvers before resolving. Two resolves make it resolved.
  for (const [label, clientIds] of [
    ['coordinator on the lower client id', [1, 2]],
    ['coordinator on the higher client id', [2, 1]],
  ] as const) {
    it(`the author replies and resolves while the coordinator resolves (${label}): resolved`, () => {
      const { thread } = mergeOffline(
        boAsks,
        [
          (doc) => resolveThread(doc, anna, 't1'),
          (doc) => {
            replyToThread(doc, bo, 't1', { id: 'm2', text: 'Jag hittade källan själv, SCB.' });
            resolveThread(doc, bo, 't1');
          },
        ],
        clientIds,
      );
      expect(thread.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(thread.state).toBe('resolved');
    });
  }
});

describe('rule 4: resolve ∥ reopen — the state event that sorts last decides, the same everywhere', () => {
  // The thread was resolved. The author reopens it ("not done"); the
  // coordinator, offline, had reopened it to add nothing and resolved it again.
  const resolved: Branch = (doc) => {
    boAsks(doc);
    resolveThread(doc, anna, 't1');
  };
  const reopen: Branch = (doc) => reopenThread(doc, bo, 't1');
  const reopenAndResolve: Branch = (doc) => {
    reopenThread(doc, anna, 't1');
    resolveThread(doc, anna, 't1');
  };

  it('both outcomes occur, each shared by every peer, and each is the last state event in the history', () => {
    const outcomes = new Set<string>();
    for (const clientIds of [
      [1, 2],
      [2, 1],
    ]) {
      const { thread } = mergeOffline(resolved, [reopen, reopenAndResolve], clientIds);
      const last = stateEvents(thread).at(-1);
      expect(thread.state).toBe(last?.type === 'resolved' ? 'resolved' : 'open');
      outcomes.add(thread.state);
      // No event is ever put before one its author had seen: Anna's resolve
      // comes after her reopen.
      const annas = stateEvents(thread)
        .filter((e) => e.by.memberId === anna.memberId)
        .map((e) => e.type);
      expect(annas).toEqual(['resolved', 'reopened', 'resolved']);
    }
    expect(outcomes).toEqual(new Set(['open', 'resolved']));
  });
});

describe('rule 5: edit ∥ delete of one message — deleted', () => {
  // Bo has the plan open on two machines: on one he edits his question, on
  // the other he deletes it.
  const EDITED_WORDS_MARKER = 'siffran för 2023';
  const editAndDelete = (clientIds: readonly number[]): Merged =>
    mergeOffline(
      boAsks,
      [(doc) => editMessage(doc, bo, 't1', 'm1', `Stämmer ${EDITED_WORDS_MARKER}?`), (doc) => deleteMessage(doc, bo, 't1', 'm1')],
      clientIds,
    );

  for (const clientIds of [
    [1, 2],
    [2, 1],
  ]) {
    it(`the message is a tombstone whichever way the two are ordered (client ids ${clientIds.join(', ')})`, () => {
      const { thread } = editAndDelete(clientIds);
      expect(thread.messages).toHaveLength(1);
      expect(thread.messages[0]).toMatchObject({ id: 'm1', text: '' });
      expect(thread.messages[0]?.deletedAt).not.toBeNull();
      expect(thread.events.map((e) => e.type).sort()).toEqual(['assigned', 'created', 'deleted', 'edited']);
    });

    // Deleting removes the stored text (thread-model.test.ts), so that a
    // deleted message's words do not stay in every copy of the plan, where
    // any peer or a later version of the app can read them. A concurrent
    // edit must not bring them back into the doc either: it lands in the
    // removed body and Yjs discards it.
    it(`the edited words of a deleted message are not stored in the shared doc (client ids ${clientIds.join(', ')})`, () => {
      const { runs } = editAndDelete(clientIds);
      for (const docs of runs) {
        for (const doc of docs) {
          const stored = (threadsMap(doc).get('t1')?.get('messages') as Y.Array<Y.Map<unknown>>).get(0);
          expect(stored.get('body'), 'the stored body of the deleted message').toBeUndefined();
          expect(JSON.stringify(doc.toJSON()), 'the doc as JSON').not.toContain(EDITED_WORDS_MARKER);
          expect(Buffer.from(Y.encodeStateAsUpdate(doc)).includes(Buffer.from(EDITED_WORDS_MARKER)), 'the encoded doc').toBe(false);
        }
      }
    });
  }
});

describe('rule 6: edit ∥ edit and assign ∥ assign — the last writer wins, everything is in the history', () => {
  it('two edits of one message: one text wins everywhere, both edits are in the history', () => {
    const { thread } = mergeOffline(boAsks, [
      (doc) => editMessage(doc, bo, 't1', 'm1', 'Version från laptopen'),
      (doc) => editMessage(doc, bo, 't1', 'm1', 'Version från mobilen'),
    ]);
    expect(['Version från laptopen', 'Version från mobilen']).toContain(thread.messages[0]?.text);
    expect(thread.events.filter((e) => e.type === 'edited')).toHaveLength(2);
  });

  it('two assignments: one agency wins everywhere, both are in the history, and the history’s last assignment is the one shown', () => {
    for (const clientIds of [
      [1, 2],
      [2, 1],
    ]) {
      const { thread } = mergeOffline(
        boAsks,
        [(doc) => assignThread(doc, cecilia, 't1', 'migr'), (doc) => assignThread(doc, anna, 't1', 'fk')],
        clientIds,
      );
      expect(['migr', 'fk']).toContain(thread.assignedAgency);
      const assignments = thread.events.filter((e) => e.type === 'assigned');
      expect(assignments.map((e) => e.agency).sort()).toEqual(['fk', 'jamy', 'migr']);
      expect(assignments.at(-1)?.agency).toBe(thread.assignedAgency);
    }
  });

  it('one peer assigns twice while another assigns once: the history’s last assignment is still the one shown', () => {
    for (const clientIds of [
      [1, 2],
      [2, 1],
    ]) {
      const { thread } = mergeOffline(
        boAsks,
        [
          (doc) => {
            assignThread(doc, cecilia, 't1', 'migr');
            assignThread(doc, cecilia, 't1', 'lst');
          },
          (doc) => assignThread(doc, anna, 't1', 'fk'),
        ],
        clientIds,
      );
      expect(['lst', 'fk']).toContain(thread.assignedAgency);
      expect(thread.events.filter((e) => e.type === 'assigned').at(-1)?.agency).toBe(thread.assignedAgency);
    }
  });
});

describe('no message is ever lost', () => {
  it('three peers reply, edit, delete, resolve and reopen offline at once: every message is there afterwards', () => {
    const { thread } = mergeOffline(
      (doc) => {
        boAsks(doc);
        replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Första svaret.' });
      },
      [
        (doc) => {
          replyToThread(doc, anna, 't1', { id: 'a1', text: 'Jag kollar.' });
          resolveThread(doc, anna, 't1');
          reopenThread(doc, anna, 't1');
        },
        (doc) => {
          replyToThread(doc, bo, 't1', { id: 'b1', text: 'Tack.' });
          editMessage(doc, bo, 't1', 'm1', 'Stämmer siffran?');
          deleteMessage(doc, bo, 't1', 'b1');
        },
        (doc) => {
          replyToThread(doc, cecilia, 't1', { id: 'c1', text: 'Rättat.' });
          deleteMessage(doc, cecilia, 't1', 'm2');
          resolveThread(doc, anna, 't1');
        },
      ],
    );
    expect(thread.messages.map((m) => m.id).sort()).toEqual(['a1', 'b1', 'c1', 'm1', 'm2']);
    expect(thread.messages.filter((m) => m.deletedAt !== null).map((m) => m.id).sort()).toEqual(['b1', 'm2']);
    expect(thread.messages.find((m) => m.id === 'm1')?.text).toBe('Stämmer siffran?');
    expect(thread.events).toHaveLength(2 + 1 + 3 + 3 + 3);
  });
});
