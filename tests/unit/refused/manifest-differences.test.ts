/**
 * What the dialog lists for a refused plan doc: what her copy says that the
 * server's does not, read with the manifest's own readers.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { initManifest } from '../../../shared/plan/manifest.ts';
import { manifestDifferences } from '../../../shared/refused/manifest-differences.ts';

const planId = '0b6f3c1e-2d4a-4c8e-9f10-3a5b7c9d1e2f';
const [a, b, c] = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];

function serverCopy(): Y.Doc {
  const doc = new Y.Doc();
  initManifest(doc, {
    planId,
    title: 'Gemensam plan',
    deadline: null,
    createdAt: '2026-01-01T00:00:00Z',
    chapters: [
      { id: a, title: 'Migration', owner: 'migr' },
      { id: b, title: 'Försäkring', owner: 'fk' },
    ],
  });
  return doc;
}

/** Her copy: the server's as she last synced it, with her offline changes. */
function herCopy(server: Y.Doc, change: (doc: Y.Doc) => void): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  change(doc);
  return doc;
}

const entry = (doc: Y.Doc, id: string): Y.Map<unknown> => doc.getMap('chapters').get(id) as Y.Map<unknown>;

describe('what a refused plan doc changes, compared with the server’s copy', () => {
  it('names nothing when the copies say the same', () => {
    const server = serverCopy();
    expect(manifestDifferences(herCopy(server, () => undefined), server)).toEqual([]);
  });

  it('names the plan title, a chapter title, owner, status, a deletion, an added chapter and the order she changed', () => {
    const server = serverCopy();
    const mine = herCopy(server, (doc) => {
      doc.getMap('plan').set('title', 'Omars plan');
      entry(doc, a).set('title', 'Migration och mottagande');
      entry(doc, a).set('owner', 'fk');
      entry(doc, a).set('status', 'in-review');
      entry(doc, a).set('order', 99);
      entry(doc, b).set('deletedAt', '2026-12-07T05:00:00Z');
      const added = new Y.Map<unknown>([['title', 'Nytt kapitel'], ['order', 5], ['owner', 'migr'], ['status', 'draft']]);
      doc.getMap('chapters').set(c, added);
    });
    expect(manifestDifferences(mine, server)).toEqual([
      { kind: 'plan-title', mine: 'Omars plan', server: 'Gemensam plan' },
      { kind: 'chapter-added', chapterId: c, title: 'Nytt kapitel' },
      { kind: 'chapter-title', chapterId: a, mine: 'Migration och mottagande', server: 'Migration' },
      { kind: 'chapter-owner', chapterId: a, title: 'Migration', mine: 'fk', server: 'migr' },
      { kind: 'chapter-status', chapterId: a, title: 'Migration', mine: 'in-review', server: 'draft' },
      { kind: 'chapter-deleted', chapterId: b, title: 'Försäkring' },
    ]);
  });

  it('names a changed order of the chapters both copies list', () => {
    const server = serverCopy();
    const mine = herCopy(server, (doc) => entry(doc, a).set('order', 99));
    expect(manifestDifferences(mine, server)).toEqual([{ kind: 'chapter-order', mine: ['Försäkring', 'Migration'], server: ['Migration', 'Försäkring'] }]);
  });

  it('names a changed plan detail', () => {
    const server = serverCopy();
    const mine = herCopy(server, (doc) => doc.getMap('plan').set('recipient', 'Arbetsmarknadsdepartementet'));
    expect(manifestDifferences(mine, server)).toEqual([{ kind: 'plan-detail', field: 'recipient', mine: 'Arbetsmarknadsdepartementet', server: '' }]);
  });
});
