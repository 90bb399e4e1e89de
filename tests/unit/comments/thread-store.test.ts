/**
 * The sidebar's live view of a chapter's threads (shared/comments/thread-store.ts).
 * With 500 threads in a chapter, a reply to one must not re-render the other
 * 499: the store keeps the same object for every thread an update did not
 * touch, and a new snapshot only when something changed.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { ThreadStore } from '../../../shared/comments/thread-store.ts';
import {
  assignThread,
  createThread,
  deleteMessage,
  editMessage,
  readThreads,
  reopenThread,
  replyToThread,
  resolveThread,
} from '../../../shared/comments/threads.ts';
import { anna, bo, boAsks, cecilia, docWithClient, send } from './comment-members.ts';

function withThreads(count: number): Y.Doc {
  const doc = docWithClient(1);
  for (let i = 0; i < count; i++) {
    createThread(doc, bo, { id: `t${i}`, messageId: `m${i}`, text: `Fråga ${i}`, quote: `citat ${i}`, assignedAgency: null });
  }
  return doc;
}

/** Counts the store's notifications. */
function listen(store: ThreadStore): { readonly count: number } {
  const counter = { count: 0 };
  store.subscribe(() => counter.count++);
  return counter;
}

describe('the live thread store', () => {
  it('shows the threads that are in the doc when it is opened', () => {
    const doc = withThreads(3);
    const store = new ThreadStore(doc);
    expect([...store.snapshot.keys()]).toEqual(['t0', 't1', 't2']);
    expect([...store.snapshot.values()]).toEqual(readThreads(doc));
    store.destroy();
  });

  it('replaces only the thread that changed; every other thread keeps its object', () => {
    const doc = withThreads(50);
    const store = new ThreadStore(doc);
    const before = store.snapshot;

    replyToThread(doc, cecilia, 't7', { id: 'r1', text: 'Svar' });

    const after = store.snapshot;
    expect(after).not.toBe(before);
    expect(after.get('t7')).not.toBe(before.get('t7'));
    expect(after.get('t7')?.messages.map((m) => m.text)).toEqual(['Fråga 7', 'Svar']);
    for (const [id, thread] of before) if (id !== 't7') expect(after.get(id), id).toBe(thread);
    store.destroy();
  });

  it.each([
    ['a reply', (doc: Y.Doc) => replyToThread(doc, cecilia, 't3', { id: 'r', text: 'Svar' })],
    ['an edit', (doc: Y.Doc) => editMessage(doc, bo, 't3', 'm3', 'Ny fråga')],
    ['a deletion', (doc: Y.Doc) => deleteMessage(doc, bo, 't3', 'm3')],
    ['a resolve', (doc: Y.Doc) => resolveThread(doc, anna, 't3')],
    ['an assignment', (doc: Y.Doc) => assignThread(doc, cecilia, 't3', 'migr')],
  ])('after %s, the touched thread is re-read and the rest are kept', (_label, change) => {
    const doc = withThreads(5);
    const store = new ThreadStore(doc);
    const before = store.snapshot;
    const heard = listen(store);
    change(doc);
    expect(heard.count).toBe(1);
    expect(store.snapshot.get('t3')).toEqual(readThreads(doc).find((t) => t.id === 't3'));
    expect(store.snapshot.get('t3')).not.toBe(before.get('t3'));
    for (const id of ['t0', 't1', 't2', 't4']) expect(store.snapshot.get(id)).toBe(before.get(id));
    store.destroy();
  });

  it('a reopen after a resolve is seen', () => {
    const doc = withThreads(2);
    const store = new ThreadStore(doc);
    resolveThread(doc, anna, 't1');
    expect(store.snapshot.get('t1')?.state).toBe('resolved');
    reopenThread(doc, anna, 't1');
    expect(store.snapshot.get('t1')?.state).toBe('open');
    store.destroy();
  });

  it('keeps the same snapshot, and says nothing, when the chapter text changes but no thread does', () => {
    const doc = withThreads(3);
    const store = new ThreadStore(doc);
    const before = store.snapshot;
    const heard = listen(store);
    chapterText(doc).insert(0, 'Ny text i kapitlet');
    doc.getMap('something-else').set('x', 1);
    expect(store.snapshot).toBe(before);
    expect(heard.count).toBe(0);
    store.destroy();
  });

  it('keeps the same snapshot when a refused operation wrote nothing', () => {
    const doc = withThreads(3);
    const store = new ThreadStore(doc);
    const before = store.snapshot;
    expect(() => resolveThread(doc, cecilia, 't1')).toThrow();
    expect(store.snapshot).toBe(before);
    store.destroy();
  });

  it('sees threads and replies that arrive from another peer, in one notification per update', () => {
    const mine = docWithClient(1);
    const theirs = docWithClient(2);
    boAsks(mine);
    send(mine, theirs);
    const store = new ThreadStore(mine);
    const heard = listen(store);
    const before = store.snapshot;

    createThread(theirs, cecilia, { id: 't2', messageId: 'x1', text: 'Ny tråd', quote: 'q', assignedAgency: 'af' });
    replyToThread(theirs, cecilia, 't1', { id: 'm2', text: 'Svar från Cecilia' });
    send(theirs, mine);

    expect(heard.count).toBe(1);
    expect([...store.snapshot.keys()].sort()).toEqual(['t1', 't2']);
    expect(store.snapshot.get('t1')?.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(store.snapshot.get('t2')?.author.memberId).toBe(cecilia.memberId);
    expect(before.get('t1')?.messages).toHaveLength(1);
    store.destroy();
  });

  it('matches a fresh reading after every step of a long exchange between two peers', () => {
    const a = docWithClient(1);
    const b = docWithClient(2);
    const storeA = new ThreadStore(a);
    const storeB = new ThreadStore(b);
    const check = (): void => {
      for (const [doc, store] of [
        [a, storeA],
        [b, storeB],
      ] as const) {
        const fresh = new Map(readThreads(doc).map((t) => [t.id, t]));
        expect(store.snapshot).toEqual(fresh);
      }
    };
    boAsks(a);
    check();
    send(a, b);
    check();
    replyToThread(b, cecilia, 't1', { id: 'm2', text: 'Ett' });
    resolveThread(a, anna, 't1');
    check();
    send(b, a);
    send(a, b);
    check();
    deleteMessage(b, cecilia, 't1', 'm2');
    createThread(a, anna, { id: 't2', messageId: 'x', text: 'Två', quote: 'q', assignedAgency: null });
    send(a, b);
    send(b, a);
    check();
    storeA.destroy();
    storeB.destroy();
  });

  it('stops listening when destroyed', () => {
    const doc = withThreads(1);
    const store = new ThreadStore(doc);
    const heard = listen(store);
    const before = store.snapshot;
    store.destroy();
    replyToThread(doc, cecilia, 't0', { id: 'r', text: 'Svar' });
    expect(heard.count).toBe(0);
    expect(store.snapshot).toBe(before);
  });

  it('unsubscribing one listener leaves the others', () => {
    const doc = withThreads(1);
    const store = new ThreadStore(doc);
    const kept = listen(store);
    let dropped = 0;
    const unsubscribe = store.subscribe(() => dropped++);
    unsubscribe();
    replyToThread(doc, cecilia, 't0', { id: 'r', text: 'Svar' });
    expect(dropped).toBe(0);
    expect(kept.count).toBe(1);
    store.destroy();
  });
});
