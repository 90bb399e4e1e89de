/**
 * The role rules (shared/rules/) accept exactly what the app writes: every
 * operation of shared/comments/, shared/suggestions/ and shared/plan/, made
 * by a member allowed to make it, passes the rule the server applies; the
 * server tests (tests/unit/server/role-rules.test.ts) cover the refusals.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { assignThread, createThread, deleteMessage, editMessage, reopenThread, replyToThread, resolveThread } from '../../../shared/comments/threads.ts';
import { acceptSuggestion, createSuggestion, noteWriting, rejectSuggestion, replyToSuggestion, withdrawSuggestion } from '../../../shared/suggestions/suggestions.ts';
import { deleteChapter, restoreChapter } from '../../../shared/plan/chapter-deletion.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { initManifest, readManifest } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges, type DocKind } from '../../../shared/rules/doc-changes.ts';
import { checkDocChanges, type RuleTarget } from '../../../shared/rules/doc-rules.ts';
import type { RuleBreach } from '../../../shared/rules/rule-refusal.ts';

const PLAN = '7b0c8a3e-1f2d-4c5b-9a6e-0d1c2b3a4f5e';
const CHAPTER = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const anna: Member = { memberId: 'm-anna', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
const omar: Member = { memberId: 'm-omar', name: 'Omar Said', agency: 'migr', role: 'drafter' };
const sara: Member = { memberId: 'm-sara', name: 'Sara Lind', agency: 'sos', role: 'drafter' };
const chapterTarget: RuleTarget = { kind: 'chapter', planId: PLAN, chapterId: CHAPTER, chapter: { owner: 'migr', status: 'draft' } };

/** The server's copy of a document, and a member's copy that syncs with it. */
class Copies {
  readonly server = new Y.Doc();
  readonly kind: DocKind;

  constructor(kind: DocKind) {
    this.kind = kind;
    defineRoots(this.server, kind);
  }

  /** What the rule says of `act`, done by `member` on a synced copy; the server's copy takes the change either way. */
  check(member: Member, target: RuleTarget, act: (doc: Y.Doc) => void): RuleBreach | null {
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(this.server));
    const before = Y.encodeStateVector(client);
    act(client);
    const update = Y.encodeStateAsUpdate(client, before);
    const changes = recordChanges(this.server, this.kind, () => Y.applyUpdate(this.server, update));
    return checkDocChanges(member, target, changes);
  }
}

describe('the rules accept what the app writes', () => {
  it('comment threads: start, reply, assign, edit, delete, resolve and reopen by those allowed to', () => {
    const doc = new Copies('chapter');
    expect(doc.check(anna, chapterTarget, (d) => initChapterMeta(d, PLAN, CHAPTER))).toBeNull();
    expect(doc.check(sara, chapterTarget, (d) => createThread(d, sara, { id: 't1', messageId: 'm1', text: 'Fråga', quote: 'citat', assignedAgency: 'migr' }))).toBeNull();
    expect(doc.check(omar, chapterTarget, (d) => replyToThread(d, omar, 't1', { id: 'm2', text: 'Svar' }))).toBeNull();
    expect(doc.check(omar, chapterTarget, (d) => assignThread(d, omar, 't1', 'sos'))).toBeNull();
    expect(doc.check(omar, chapterTarget, (d) => editMessage(d, omar, 't1', 'm2', 'Bättre svar'))).toBeNull();
    expect(doc.check(sara, chapterTarget, (d) => resolveThread(d, sara, 't1'))).toBeNull();
    expect(doc.check(anna, chapterTarget, (d) => reopenThread(d, anna, 't1'))).toBeNull();
    expect(doc.check(omar, chapterTarget, (d) => deleteMessage(d, omar, 't1', 'm2'))).toBeNull();
    // The same harness does see a refusal: a reply in Omar's name from Sara's client.
    expect(doc.check(sara, chapterTarget, (d) => replyToThread(d, omar, 't1', { id: 'm3', text: 'I Omars namn' }))?.rule).toBe('thread-not-permitted');
  });

  it("an author's edit that reaches the server after their own delete from another computer", () => {
    const doc = new Copies('chapter');
    doc.check(omar, chapterTarget, (d) => createThread(d, omar, { id: 't1', messageId: 'm1', text: 'Först', quote: '', assignedAgency: null }));
    const laptop = new Y.Doc();
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(doc.server));
    expect(doc.check(omar, chapterTarget, (d) => deleteMessage(d, omar, 't1', 'm1'))).toBeNull();
    const before = Y.encodeStateVector(laptop);
    editMessage(laptop, omar, 't1', 'm1', 'Ändrat offline');
    const changes = recordChanges(doc.server, 'chapter', () => Y.applyUpdate(doc.server, Y.encodeStateAsUpdate(laptop, before)));
    expect(checkDocChanges(omar, chapterTarget, changes)).toBeNull();
  });

  it('suggestions: suggest with the writing noted, reply, accept and reject by the owner agency, withdraw by the author', () => {
    const doc = new Copies('chapter');
    const suggest = (id: string) => (d: Y.Doc) =>
      d.transact(() => {
        createSuggestion(d, sara, { id, kind: 'insert' });
        noteWriting(d, id, false);
        // As the editor writes it: the words carry the suggestion's mark (shared/rules/chapter-text-rule.ts).
        d.getText('text').insert(0, 'föreslaget ', { [`suggestion_insert--${id}`]: { id } });
      });
    expect(doc.check(sara, chapterTarget, suggest('a.1'))).toBeNull();
    expect(doc.check(sara, chapterTarget, (d) => d.transact(() => noteWriting(d, 'a.1', true)))).toBeNull();
    expect(doc.check(omar, chapterTarget, (d) => replyToSuggestion(d, omar, 'a.1', { id: 'r1', text: 'Varför?' }))).toBeNull();
    expect(doc.check(omar, chapterTarget, (d) => acceptSuggestion(d, omar, { owner: 'migr' }, 'a.1'))).toBeNull();
    expect(doc.check(sara, chapterTarget, suggest('a.2'))).toBeNull();
    expect(doc.check(anna, chapterTarget, (d) => rejectSuggestion(d, anna, { owner: 'migr' }, 'a.2'))).toBeNull();
    expect(doc.check(sara, chapterTarget, suggest('a.3'))).toBeNull();
    expect(doc.check(sara, chapterTarget, (d) => withdrawSuggestion(d, sara, 'a.3'))).toBeNull();
  });

  it('the manifest: the coordinator sets up the plan, the owner agency deletes and restores its chapter', () => {
    const doc = new Copies('manifest');
    const target: RuleTarget = { kind: 'manifest', planId: PLAN };
    expect(
      doc.check(anna, target, (d) => initManifest(d, { planId: PLAN, title: 'Plan', deadline: '2027-01-01', createdAt: '2026-12-01T00:00:00Z', chapters: [{ id: CHAPTER, title: 'Kapitel 1', owner: 'migr' }] })),
    ).toBeNull();
    const entry = (): ReturnType<typeof readManifest>['chapters'][number] => readManifest(doc.server).chapters[0]!;
    expect(doc.check(omar, target, (d) => deleteChapter(d, entry(), omar, '2026-12-02T00:00:00Z'))).toBeNull();
    const deleted = readManifest(doc.server).deletedChapters[0]!;
    expect(doc.check(omar, target, (d) => restoreChapter(d, deleted, omar))).toBeNull();
  });
});
