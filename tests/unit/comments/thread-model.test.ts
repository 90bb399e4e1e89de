/**
 * What a comment thread holds and what each operation does to it (DESIGN §6,
 * shared/comments/threads.ts): create, reply, edit own, delete own (a
 * tombstone), resolve, reopen and assign, each with its event in the
 * history; bad text is refused; and a refused operation writes nothing.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  assignThread,
  CommentError,
  createThread,
  deleteMessage,
  editMessage,
  MAX_MESSAGE_LENGTH,
  MAX_QUOTE_LENGTH,
  readThreads,
  reopenThread,
  replyToThread,
  resolveThread,
  threadsMap,
  type CommentErrorCode,
  type CommentThread,
} from '../../../shared/comments/threads.ts';
import { anna, bo, boAsks, cecilia, david, docWithClient } from './comment-members.ts';

function onlyThread(doc: Y.Doc): CommentThread {
  const threads = readThreads(doc);
  expect(threads).toHaveLength(1);
  const [thread] = threads;
  if (!thread) throw new Error('no thread');
  return thread;
}

/** Runs `operation`, expects it to be refused with `code`, and checks that the doc did not change at all. */
function expectRefused(doc: Y.Doc, code: CommentErrorCode, operation: () => void): void {
  const before = Y.encodeStateVector(doc);
  const beforeThreads = readThreads(doc);
  let updates = 0;
  const count = (): void => {
    updates++;
  };
  doc.on('update', count);
  try {
    expect(operation).toThrow(CommentError);
    try {
      operation();
    } catch (error) {
      expect(error).toBeInstanceOf(CommentError);
      expect((error as CommentError).code).toBe(code);
    }
  } finally {
    doc.off('update', count);
  }
  expect(updates, 'a refused operation sends no update').toBe(0);
  expect(Y.encodeStateVector(doc)).toEqual(before);
  expect(readThreads(doc)).toEqual(beforeThreads);
}

const boAuthor = { memberId: bo.memberId, name: bo.name, agency: bo.agency };
const annaAuthor = { memberId: anna.memberId, name: anna.name, agency: anna.agency };
const ceciliaAuthor = { memberId: cecilia.memberId, name: cecilia.name, agency: cecilia.agency };

describe('a comment thread', () => {
  it('starts with its first message, its author, the quoted text and the assigned agency', () => {
    const doc = docWithClient(1);
    boAsks(doc);

    expect(onlyThread(doc)).toEqual({
      id: 't1',
      createdAt: '2025-03-03T09:00:00.000Z',
      author: boAuthor,
      quote: 'andelen kvinnor i arbete ökade till 68 procent',
      assignedAgency: 'jamy',
      messages: [
        { id: 'm1', author: boAuthor, createdAt: '2025-03-03T09:00:00.000Z', text: 'Stämmer siffran för 2022? Källa?', editedAt: null, deletedAt: null },
      ],
      events: [
        { type: 'created', by: boAuthor, at: '2025-03-03T09:00:00.000Z', messageId: 'm1' },
        { type: 'assigned', by: boAuthor, at: '2025-03-03T09:00:00.000Z', agency: 'jamy' },
      ],
      state: 'open',
      resolution: null,
      reopenedByReply: false,
    });
  });

  it('records no assignment when it is created unassigned', () => {
    const doc = docWithClient(1);
    boAsks(doc, { assignedAgency: null });
    const thread = onlyThread(doc);
    expect(thread.assignedAgency).toBeNull();
    expect(thread.events.map((e) => e.type)).toEqual(['created']);
  });

  it('keeps the message without the spaces around it', () => {
    const doc = docWithClient(1);
    boAsks(doc, { text: '  \n Källa? \t' });
    expect(onlyThread(doc).messages[0]?.text).toBe('Källa?');
  });

  it('cuts a very long quote but keeps the thread', () => {
    const doc = docWithClient(1);
    boAsks(doc, { quote: 'ö'.repeat(MAX_QUOTE_LENGTH + 500) });
    expect(onlyThread(doc).quote).toBe('ö'.repeat(MAX_QUOTE_LENGTH));
  });

  it('refuses a second thread with the same id and keeps the first', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    expectRefused(doc, 'invalid-thread', () => boAsks(doc, { messageId: 'm2', text: 'Något annat' }));
    expect(onlyThread(doc).messages.map((m) => m.text)).toEqual(['Stämmer siffran för 2022? Källa?']);
  });

  it('collects replies in order, each with its author and time, and a "replied" event', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Siffran kommer från SCB, AKU 2022.', at: '2025-03-03T10:00:00.000Z' });
    replyToThread(doc, bo, 't1', { id: 'm3', text: 'Tack!', at: '2025-03-03T10:05:00.000Z' });

    const thread = onlyThread(doc);
    expect(thread.messages.map((m) => [m.id, m.author.memberId, m.createdAt, m.text])).toEqual([
      ['m1', 'm-bo', '2025-03-03T09:00:00.000Z', 'Stämmer siffran för 2022? Källa?'],
      ['m2', 'm-cecilia', '2025-03-03T10:00:00.000Z', 'Siffran kommer från SCB, AKU 2022.'],
      ['m3', 'm-bo', '2025-03-03T10:05:00.000Z', 'Tack!'],
    ]);
    expect(thread.events.slice(2)).toEqual([
      { type: 'replied', by: ceciliaAuthor, at: '2025-03-03T10:00:00.000Z', messageId: 'm2' },
      { type: 'replied', by: boAuthor, at: '2025-03-03T10:05:00.000Z', messageId: 'm3' },
    ]);
  });

  it('lets an author edit their own message, marks it edited and records the edit', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    editMessage(doc, bo, 't1', 'm1', 'Stämmer siffran för 2023? Källa?', '2025-03-03T11:00:00.000Z');

    const thread = onlyThread(doc);
    expect(thread.messages[0]).toMatchObject({ text: 'Stämmer siffran för 2023? Källa?', editedAt: '2025-03-03T11:00:00.000Z', deletedAt: null });
    expect(thread.events.at(-1)).toEqual({ type: 'edited', by: boAuthor, at: '2025-03-03T11:00:00.000Z', messageId: 'm1' });
  });

  const REPLY_TEXT_MARKER = 'Fel siffra, rättar.';

  it('deletes a message as a tombstone: the text is removed, the entry and the history stay', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    replyToThread(doc, cecilia, 't1', { id: 'm2', text: REPLY_TEXT_MARKER, at: '2025-03-03T10:00:00.000Z' });
    deleteMessage(doc, cecilia, 't1', 'm2', '2025-03-03T10:30:00.000Z');

    const thread = onlyThread(doc);
    expect(thread.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(thread.messages[1]).toEqual({
      id: 'm2',
      author: ceciliaAuthor,
      createdAt: '2025-03-03T10:00:00.000Z',
      text: '',
      editedAt: null,
      deletedAt: '2025-03-03T10:30:00.000Z',
    });
    expect(thread.events.map((e) => [e.type, e.messageId])).toEqual([
      ['created', 'm1'],
      ['assigned', undefined],
      ['replied', 'm2'],
      ['deleted', 'm2'],
    ]);
    // The deleted words are not kept in the shared doc either.
    const stored = (threadsMap(doc).get('t1')?.get('messages') as Y.Array<Y.Map<unknown>>).get(1);
    expect(stored.get('body')).toBeUndefined();
    expect(JSON.stringify(doc.toJSON())).not.toContain(REPLY_TEXT_MARKER);
  });

  it('is resolved by the coordinator, who and when is recorded, and can be reopened', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    resolveThread(doc, anna, 't1', '2025-03-10T08:00:00.000Z');

    let thread = onlyThread(doc);
    expect(thread.state).toBe('resolved');
    expect(thread.resolution).toEqual({ by: annaAuthor, at: '2025-03-10T08:00:00.000Z' });
    expect(thread.events.at(-1)).toEqual({ type: 'resolved', by: annaAuthor, at: '2025-03-10T08:00:00.000Z', seen: ['m1'] });

    reopenThread(doc, anna, 't1', '2025-03-10T09:00:00.000Z');
    thread = onlyThread(doc);
    expect(thread.state).toBe('open');
    expect(thread.resolution).toBeNull();
    expect(thread.reopenedByReply).toBe(false);
    expect(thread.events.map((e) => e.type)).toEqual(['created', 'assigned', 'resolved', 'reopened']);
  });

  it('is resolved and reopened by its own author', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    resolveThread(doc, bo, 't1', '2025-03-10T08:00:00.000Z');
    expect(onlyThread(doc).resolution).toEqual({ by: boAuthor, at: '2025-03-10T08:00:00.000Z' });
    reopenThread(doc, bo, 't1');
    expect(onlyThread(doc).state).toBe('open');
  });

  it('is reopened by a reply written after it was resolved, and resolved again by a resolve that saw the reply', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    resolveThread(doc, anna, 't1');
    replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Vänta, siffran är fel.' });

    expect(onlyThread(doc)).toMatchObject({ state: 'open', resolution: null, reopenedByReply: true });

    resolveThread(doc, anna, 't1', '2025-03-11T08:00:00.000Z');
    expect(onlyThread(doc)).toMatchObject({ state: 'resolved', reopenedByReply: false, resolution: { by: annaAuthor } });
  });

  it('is not reopened by a reply that was deleted before anyone resolved again', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    resolveThread(doc, anna, 't1');
    replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Oj, fel tråd.' });
    deleteMessage(doc, cecilia, 't1', 'm2');
    expect(onlyThread(doc).state).toBe('resolved');
  });

  it('is assigned and reassigned to agencies, and unassigned, with every change in the history', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    assignThread(doc, cecilia, 't1', 'migr', '2025-03-04T08:00:00.000Z');
    expect(onlyThread(doc).assignedAgency).toBe('migr');
    assignThread(doc, anna, 't1', null, '2025-03-04T09:00:00.000Z');

    const thread = onlyThread(doc);
    expect(thread.assignedAgency).toBeNull();
    expect(thread.events.filter((e) => e.type === 'assigned').map((e) => [e.by.memberId, e.agency, e.at])).toEqual([
      ['m-bo', 'jamy', '2025-03-03T09:00:00.000Z'],
      ['m-cecilia', 'migr', '2025-03-04T08:00:00.000Z'],
      ['m-anna', null, '2025-03-04T09:00:00.000Z'],
    ]);
  });

  it('keeps its whole history in the order things happened, with who and when', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Källa: SCB.', at: '2025-03-03T10:00:00.000Z' });
    editMessage(doc, cecilia, 't1', 'm2', 'Källa: SCB, AKU.', '2025-03-03T10:01:00.000Z');
    assignThread(doc, cecilia, 't1', 'af', '2025-03-03T10:02:00.000Z');
    resolveThread(doc, anna, 't1', '2025-03-03T10:03:00.000Z');
    reopenThread(doc, bo, 't1', '2025-03-03T10:04:00.000Z');
    replyToThread(doc, bo, 't1', { id: 'm3', text: 'En fråga till.', at: '2025-03-03T10:05:00.000Z' });
    deleteMessage(doc, bo, 't1', 'm3', '2025-03-03T10:06:00.000Z');

    expect(onlyThread(doc).events.map((e) => `${e.at.slice(11, 16)} ${e.by.name} ${e.type}`)).toEqual([
      '09:00 Bo Ek created',
      '09:00 Bo Ek assigned',
      '10:00 Cecilia Ås replied',
      '10:01 Cecilia Ås edited',
      '10:02 Cecilia Ås assigned',
      '10:03 Anna Lind resolved',
      '10:04 Bo Ek reopened',
      '10:05 Bo Ek replied',
      '10:06 Bo Ek deleted',
    ]);
  });

  it('stamps operations with the current time when none is given', () => {
    const doc = docWithClient(1);
    const before = Date.now();
    boAsks(doc, { at: undefined });
    replyToThread(doc, cecilia, 't1', { id: 'm2', text: 'Svar.' });
    const after = Date.now();
    for (const event of onlyThread(doc).events) {
      const at = Date.parse(event.at);
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(after);
    }
  });
});

describe('text a comment cannot have', () => {
  const tooLong = 'a'.repeat(MAX_MESSAGE_LENGTH + 1);

  it.each([
    ['empty', ''],
    ['only whitespace', ' \n\t  '],
    ['longer than the limit', tooLong],
  ])('a new thread with %s text is refused and nothing is written', (_label, text) => {
    const doc = docWithClient(1);
    expectRefused(doc, 'invalid-text', () => boAsks(doc, { text }));
    expect(threadsMap(doc).size).toBe(0);
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '   '],
    ['longer than the limit', tooLong],
  ])('a reply or an edit with %s text is refused and the thread is unchanged', (_label, text) => {
    const doc = docWithClient(1);
    boAsks(doc);
    expectRefused(doc, 'invalid-text', () => replyToThread(doc, cecilia, 't1', { id: 'm2', text }));
    expectRefused(doc, 'invalid-text', () => editMessage(doc, bo, 't1', 'm1', text));
    expect(onlyThread(doc).messages[0]?.text).toBe('Stämmer siffran för 2022? Källa?');
  });

  it('takes a message of exactly the limit, counted without surrounding spaces', () => {
    const doc = docWithClient(1);
    const longest = 'å'.repeat(MAX_MESSAGE_LENGTH);
    boAsks(doc, { text: `  ${longest}  ` });
    expect(onlyThread(doc).messages[0]?.text).toBe(longest);
  });
});

describe('operations a member may not make are refused and write nothing', () => {
  it('a reader cannot comment, reply, assign, resolve or reopen', () => {
    const doc = docWithClient(1);
    expectRefused(doc, 'not-allowed', () => createThread(doc, david, { id: 't9', messageId: 'x', text: 'Hej', quote: 'q', assignedAgency: null }));
    boAsks(doc);
    expectRefused(doc, 'not-allowed', () => replyToThread(doc, david, 't1', { id: 'm2', text: 'Hej' }));
    expectRefused(doc, 'not-allowed', () => assignThread(doc, david, 't1', 'fk'));
    expectRefused(doc, 'not-allowed', () => resolveThread(doc, david, 't1'));
    resolveThread(doc, anna, 't1');
    expectRefused(doc, 'not-allowed', () => reopenThread(doc, david, 't1'));
  });

  it('a reader cannot edit or delete even a message that carries their own member id', () => {
    const doc = docWithClient(1);
    // Written while David was a drafter; he has since become a reader.
    createThread(doc, { ...david, role: 'drafter' }, { id: 't1', messageId: 'm1', text: 'Min fråga', quote: 'q', assignedAgency: null });
    expectRefused(doc, 'not-allowed', () => editMessage(doc, david, 't1', 'm1', 'Ändrad'));
    expectRefused(doc, 'not-allowed', () => deleteMessage(doc, david, 't1', 'm1'));
  });

  it('nobody edits or deletes someone else’s message, not even the coordinator', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    for (const member of [anna, cecilia]) {
      expectRefused(doc, 'not-allowed', () => editMessage(doc, member, 't1', 'm1', 'Ändrad'));
      expectRefused(doc, 'not-allowed', () => deleteMessage(doc, member, 't1', 'm1'));
    }
  });

  it('a drafter cannot resolve or reopen someone else’s thread', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    expectRefused(doc, 'not-allowed', () => resolveThread(doc, cecilia, 't1'));
    resolveThread(doc, bo, 't1');
    expectRefused(doc, 'not-allowed', () => reopenThread(doc, cecilia, 't1'));
  });

  it('a deleted message can be neither edited nor deleted again', () => {
    const doc = docWithClient(1);
    boAsks(doc);
    deleteMessage(doc, bo, 't1', 'm1');
    expectRefused(doc, 'not-allowed', () => editMessage(doc, bo, 't1', 'm1', 'Tillbaka?'));
    expectRefused(doc, 'not-allowed', () => deleteMessage(doc, bo, 't1', 'm1'));
  });

  it('a thread or message that does not exist is reported as not found', () => {
    const doc = docWithClient(1);
    expectRefused(doc, 'not-found', () => replyToThread(doc, bo, 'nope', { id: 'm2', text: 'Hej' }));
    expectRefused(doc, 'not-found', () => resolveThread(doc, anna, 'nope'));
    expectRefused(doc, 'not-found', () => reopenThread(doc, anna, 'nope'));
    expectRefused(doc, 'not-found', () => assignThread(doc, anna, 'nope', 'af'));
    boAsks(doc);
    expectRefused(doc, 'not-found', () => editMessage(doc, bo, 't1', 'nope', 'Hej'));
    expectRefused(doc, 'not-found', () => deleteMessage(doc, bo, 't1', 'nope'));
  });
});
