/**
 * The threads map is shared: another version of the app or a faulty peer may
 * have written anything into it. Reading it never throws, reads what it can,
 * and names the entries it cannot read, so the sidebar can say so instead of
 * crashing, and nothing is deleted.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CommentError,
  readThread,
  readThreads,
  replyToThread,
  resolveThread,
  threadsMap,
  unreadableThreadIds,
} from '../../../shared/comments/threads.ts';
import { ThreadStore } from '../../../shared/comments/thread-store.ts';
import { anna, bo, boAsks, docWithClient, send } from './comment-members.ts';

function ids(doc: Y.Doc): string[] {
  return readThreads(doc)
    .map((t) => t.id)
    .sort();
}

/** A faulty peer writes straight into the threads map of its copy, which then syncs. */
function faultyPeerWrites(doc: Y.Doc, write: (threads: Y.Map<unknown>) => void): void {
  const peer = docWithClient(99);
  send(doc, peer);
  write(threadsMap(peer) as Y.Map<unknown>);
  send(peer, doc);
}

function threadMap(entries: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(entries)) map.set(key, value);
  return map;
}

const goodAuthor = { memberId: 'm-x', name: 'X', agency: 'lst' };

describe('reading threads written by a faulty peer', () => {
  it('skips entries that are not threads and lists them, keeping the good thread', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    faultyPeerWrites(doc, (threads) => {
      threads.set('a-string', 'hello');
      threads.set('a-number', 42);
      threads.set('null', null);
      threads.set('an-array', new Y.Array());
      threads.set('no-author', threadMap({ id: 'no-author' }));
      threads.set('bad-agency', threadMap({ id: 'bad-agency', author: { ...goodAuthor, agency: 'nasa' } }));
      threads.set('no-id', threadMap({ author: goodAuthor }));
    });

    expect(() => readThreads(doc)).not.toThrow();
    expect(ids(doc)).toEqual(['t1']);
    expect(unreadableThreadIds(doc).sort()).toEqual(['a-number', 'a-string', 'an-array', 'bad-agency', 'no-author', 'no-id', 'null']);
    // Nothing was removed from the doc.
    expect(threadsMap(doc).size).toBe(8);
  });

  it('reads a thread with broken parts as far as it can', () => {
    const doc = docWithClient(1);
    faultyPeerWrites(doc, (threads) => {
      const messages = new Y.Array<unknown>();
      messages.push([
        'not a message',
        threadMap({ id: 'no-author', text: 'x' }),
        threadMap({ id: 'ok', author: goodAuthor, body: threadMap({ text: 'Läsbar' }), createdAt: 5, editedAt: 7, deletedAt: false }),
      ]);
      const events = new Y.Array<unknown>();
      events.push([
        { type: 'exploded', by: goodAuthor, at: 'now' },
        { type: 'resolved', at: 'no author' },
        17,
        null,
        { type: 'replied', by: goodAuthor, at: '2025-01-01T00:00:00.000Z', messageId: 'ok' },
      ]);
      threads.set('t', threadMap({ id: 't', author: goodAuthor, createdAt: 12, quote: ['x'], assignedAgency: 'nasa', messages, events }));
    });

    const [thread] = readThreads(doc);
    expect(thread).toEqual({
      id: 't',
      createdAt: '',
      author: goodAuthor,
      quote: '',
      assignedAgency: null,
      messages: [{ id: 'ok', author: goodAuthor, createdAt: '', text: 'Läsbar', editedAt: null, deletedAt: null }],
      events: [{ type: 'replied', by: goodAuthor, at: '2025-01-01T00:00:00.000Z', messageId: 'ok' }],
      state: 'open',
      resolution: null,
      reopenedByReply: false,
    });
    expect(unreadableThreadIds(doc)).toEqual([]);
  });

  it('reads a thread whose messages and events are missing or of the wrong type as one without them', () => {
    const doc = docWithClient(1);
    faultyPeerWrites(doc, (threads) => {
      threads.set('t', threadMap({ id: 't', author: goodAuthor, messages: 'oops', events: new Y.Map() }));
    });
    expect(readThreads(doc)[0]).toMatchObject({ id: 't', messages: [], events: [], state: 'open' });
  });

  it('refuses to write into a damaged thread with a clear error and writes nothing', () => {
    const doc = docWithClient(1);
    faultyPeerWrites(doc, (threads) => {
      threads.set('t', threadMap({ id: 't', author: goodAuthor, messages: 'oops' }));
    });
    const before = Y.encodeStateVector(doc);
    const reply = (): void => replyToThread(doc, bo, 't', { id: 'm', text: 'Hej' });
    expect(reply).toThrow(CommentError);
    expect(reply).toThrow(/damaged/);
    expect(() => resolveThread(doc, anna, 't')).toThrow(CommentError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('ignores a resolve event that cannot be read, so the thread stays open', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    faultyPeerWrites(doc, (threads) => {
      const events = (threads.get('t1') as Y.Map<unknown>).get('events') as Y.Array<unknown>;
      events.push([{ type: 'resolved', by: { memberId: 'm-x' }, at: '2025-01-01T00:00:00.000Z', seen: ['m1'] }]);
    });
    expect(readThreads(doc)[0]?.state).toBe('open');
  });

  it('readThread on a map that is no thread at all returns null instead of throwing', () => {
    expect(readThread(docWithClient(1).getMap('not-a-thread'))).toBeNull();
  });

  it('the live thread store shows the same threads as a fresh reading', () => {
    const doc = docWithClient(1);
    const store = new ThreadStore(doc);
    boAsks(doc);
    faultyPeerWrites(doc, (threads) => {
      threads.set('junk', 3);
      threads.set('no-author', threadMap({ id: 'no-author' }));
    });
    expect([...store.snapshot.keys()].sort()).toEqual(ids(doc));
    store.destroy();
  });

  // The store already skips an entry whose id differs from its key; the
  // readers must agree with it, or the list shows two threads named t1 and
  // replying to "t1" reaches only one of them.
  it('a copy of a thread stored under another key is not shown as a second thread, and is listed as unreadable', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    faultyPeerWrites(doc, (threads) => {
      threads.set('key-a', threadMap({ id: 't1', author: goodAuthor }));
    });
    const store = new ThreadStore(doc);
    expect(readThreads(doc).filter((t) => t.id === 't1'), 'one thread per id').toHaveLength(1);
    expect(ids(doc)).toEqual([...store.snapshot.keys()].sort());
    expect(unreadableThreadIds(doc)).toEqual(['key-a']);
    store.destroy();
  });
});
