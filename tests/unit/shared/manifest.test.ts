/**
 * The manifest is the plan's table of contents, edited by six agencies,
 * often offline. These tests check that what is written reads back, that
 * every replica shows the chapters in the same order after merging, and that
 * odd values written by a peer (an older or buggy client) fall back to safe
 * defaults instead of hiding the plan.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addChapter, initManifest, nextChapterOrder, readManifest, type NewChapter } from '../../../shared/plan/manifest.ts';
import { SCHEMA_VERSION } from '../../../shared/schema/version.ts';

const PLAN = '3b241101-e2bb-4255-8caf-4136c566a962';
const IDS = [
  '0f8fad5b-d9cb-469f-a165-70867728950e',
  '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  'a3bb189e-8bf9-4888-9912-ace4e6543002',
  'f47ac10b-58cc-4372-a567-0e02b2c3d479',
] as const;

function newManifest(chapters: readonly NewChapter[]): Y.Doc {
  const doc = new Y.Doc();
  initManifest(doc, { planId: PLAN, title: 'Gemensam plan', deadline: '2023-03-31', createdAt: '2022-11-01T08:00:00.000Z', chapters });
  return doc;
}

/** A second replica of `doc`, as another agency would hold it after syncing. */
function replicaOf(doc: Y.Doc): Y.Doc {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  return replica;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

describe('the manifest', () => {
  it('reads back what was written, also on a replica built from its update', () => {
    const doc = newManifest([
      { id: IDS[2], title: 'Uppdraget', owner: 'af' },
      { id: IDS[0], title: 'Målgruppen', owner: 'sos' },
      { id: IDS[1], title: 'Bilaga', owner: null },
    ]);
    const expected = {
      planId: PLAN,
      title: 'Gemensam plan',
      deadline: '2023-03-31',
      schemaVersion: SCHEMA_VERSION,
      chapters: [
        { id: IDS[2], title: 'Uppdraget', order: 1, owner: 'af', status: 'draft', coWriters: [] },
        { id: IDS[0], title: 'Målgruppen', order: 2, owner: 'sos', status: 'draft', coWriters: [] },
        { id: IDS[1], title: 'Bilaga', order: 3, owner: null, status: 'draft', coWriters: [] },
      ],
      deletedChapters: [],
    };
    expect(readManifest(doc)).toEqual(expected);
    expect(readManifest(replicaOf(doc))).toEqual(expected);
  });

  it('lists chapters by order, and chapters with the same order by id', () => {
    const doc = newManifest([]);
    addChapter(doc, { id: IDS[3], title: 'D', owner: null }, 1);
    addChapter(doc, { id: IDS[1], title: 'B', owner: null }, 2);
    addChapter(doc, { id: IDS[2], title: 'C', owner: null }, 1);
    addChapter(doc, { id: IDS[0], title: 'A', owner: null }, 2);
    expect(readManifest(doc).chapters.map((c) => c.title)).toEqual(['C', 'D', 'A', 'B']);
  });

  it('places a new chapter after every existing one', () => {
    const doc = newManifest([]);
    addChapter(doc, { id: IDS[0], title: 'A', owner: null }, 7);
    addChapter(doc, { id: IDS[1], title: 'B', owner: null }, nextChapterOrder(readManifest(doc)));
    expect(readManifest(doc).chapters.map((c) => c.title)).toEqual(['A', 'B']);
    expect(nextChapterOrder(readManifest(newManifest([])))).toBe(1);
  });

  it('shows the same order on two replicas that each added a chapter offline', () => {
    const lst = newManifest([{ id: IDS[0], title: 'Uppdraget', owner: 'af' }]);
    const fk = replicaOf(lst);

    addChapter(lst, { id: IDS[3], title: 'Länets insatser', owner: 'lst' }, nextChapterOrder(readManifest(lst)));
    addChapter(fk, { id: IDS[1], title: 'Föräldrapenning', owner: 'fk' }, nextChapterOrder(readManifest(fk)));
    sync(lst, fk);

    const onLst = readManifest(lst).chapters;
    expect(readManifest(fk).chapters).toEqual(onLst);
    expect(onLst.map((c) => c.title)).toEqual(['Uppdraget', 'Föräldrapenning', 'Länets insatser']);
  });

  it('keeps one position for a chapter that two replicas moved concurrently', () => {
    const a = newManifest([
      { id: IDS[0], title: 'A', owner: null },
      { id: IDS[1], title: 'B', owner: null },
      { id: IDS[2], title: 'C', owner: null },
    ]);
    const b = replicaOf(a);
    (a.getMap('chapters').get(IDS[0]) as Y.Map<unknown>).set('order', 2.5);
    (b.getMap('chapters').get(IDS[0]) as Y.Map<unknown>).set('order', 3.5);
    sync(a, b);

    const chapters = readManifest(a).chapters;
    expect(readManifest(b).chapters).toEqual(chapters);
    expect(chapters.map((c) => c.title).sort()).toEqual(['A', 'B', 'C']);
  });

  it('reads garbage written by a peer as safe defaults, without throwing', () => {
    const peer = new Y.Doc();
    peer.getMap('meta').set('planId', 42);
    peer.getMap('meta').set('schemaVersion', 'two');
    peer.getMap('plan').set('title', 42);
    peer.getMap('plan').set('deadline', 20230331);
    const odd = new Y.Map<unknown>();
    odd.set('title', 42);
    odd.set('order', 'first');
    odd.set('owner', 'xyz');
    odd.set('status', 'done');
    peer.getMap('chapters').set(IDS[0], odd);
    const fine = new Y.Map<unknown>();
    fine.set('title', 'Riktigt kapitel');
    fine.set('order', 1);
    fine.set('owner', 'jamy');
    fine.set('status', 'approved');
    // Co-writers: known agencies once each, never the owner itself.
    fine.set('coWriters', ['fk', 'jamy', 'nope', 'fk', 3]);
    peer.getMap('chapters').set(IDS[1], fine);
    peer.getMap('chapters').set(IDS[2], 'not a chapter');
    peer.getMap('chapters').set(IDS[3], new Y.Array());

    expect(readManifest(replicaOf(peer))).toEqual({
      planId: '',
      title: '',
      deadline: null,
      schemaVersion: 'two',
      chapters: [
        { id: IDS[1], title: 'Riktigt kapitel', order: 1, owner: 'jamy', status: 'approved', coWriters: ['fk'] },
        { id: IDS[0], title: '', order: Number.MAX_SAFE_INTEGER, owner: null, status: 'draft', coWriters: [] },
      ],
      deletedChapters: [],
    });
  });

  it('reads a document with no manifest at all as an empty plan', () => {
    expect(readManifest(new Y.Doc())).toEqual({ planId: '', title: '', deadline: null, schemaVersion: undefined, chapters: [], deletedChapters: [] });
  });
});
