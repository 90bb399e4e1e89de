/**
 * The host service as a user meets it: plans are created, opened, edited and
 * still there after the app restarts; the sample plan opens exactly as it
 * ships; preferences stick; and a damaged database is neither used nor
 * harmed, with one way out that keeps the old file.
 *
 * Every test runs on a real SQLite store in a fresh folder. A "restart" is
 * closing the HostService and opening a new one on the same folder.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { HostService } from '../../../src-main/host/host-service.ts';
import { COMPACT_AFTER_UPDATES, DocStore } from '../../../src-node/storage/doc-store.ts';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { chapterSchemaVersion } from '../../../shared/plan/chapter.ts';
import { chapterDocName, parseDocName } from '../../../shared/plan/doc-names.ts';
import { SAMPLE_PLAN } from '../../../shared/sample/sample-plan.ts';
import { SCHEMA_VERSION } from '../../../shared/schema/version.ts';
import { decodableButBroken } from '../../support/hostile-updates.ts';
import { chapterAt, chapterJSON, docFrom, editChapter, manifestOf, paragraphs } from './chapter-doc.ts';
import { nextMacrotask, useDataDir } from './data-dir.ts';

const MISSING_UUID = '6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f';

/** Deterministic bytes that are no SQLite database (and no Yjs update). */
function garbage(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 0x5eed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 16;
  }
  return bytes;
}

function restart(dataDir: ReturnType<typeof useDataDir>, service: HostService): HostService {
  service.close();
  return dataDir.open();
}

describe('plans', () => {
  const dataDir = useDataDir();

  it('a new plan is listed with its title and one chapter', async () => {
    const service = dataDir.open();
    expect(await service.listPlans()).toEqual([]);
    const created = await service.createPlan({ title: 'Länets handlingsplan' });
    expect(await service.listPlans()).toEqual([
      { id: created.id, title: 'Länets handlingsplan', chapterCount: 1, isSample: false, updatedAt: created.updatedAt, problem: null, server: null },
    ]);
    expect(Number.isNaN(Date.parse(created.updatedAt))).toBe(false);
  });

  it('a plan whose manifest cannot be read is still listed, with its problem, and the others show as usual', async () => {
    const service = dataDir.open();
    const healthy = await service.createPlan({ title: 'Frisk plan' });
    const damaged = await service.createPlan({ title: 'Skadad plan' });
    service.close();
    const store = DocStore.open(dataDir.databasePath);
    store.appendUpdate(`plan/${damaged.id}`, garbage(48));
    store.close();

    const plans = await dataDir.open().listPlans();
    expect(plans.find((p) => p.id === healthy.id)).toMatchObject({ title: 'Frisk plan', problem: null });
    expect(plans.find((p) => p.id === damaged.id)?.problem).toEqual(expect.any(String));
  });

  it('an update that decodes but would break the chapter is refused, and the chapter still opens', async () => {
    const service = dataDir.open();
    const plan = await service.loadPlan({ planId: (await service.createPlan({ title: 'Plan' })).id });
    const chapter = chapterAt(plan, 0);
    const edit = editChapter(docFrom(chapter.update), paragraphs('Första stycket', 'Andra stycket'));

    // Single-byte corruptions of a real edit that Yjs still decodes, but that
    // throw when applied to the chapter: stored, any one of them would make
    // the chapter impossible to open from then on.
    const breaking = decodableButBroken(edit, chapter.update, 5);
    expect(breaking).toHaveLength(5);

    for (const corrupt of breaking) {
      await expect(service.saveUpdate({ docName: chapter.name, update: corrupt })).rejects.toMatchObject({ code: 'invalid-argument' });
    }
    await service.saveUpdate({ docName: chapter.name, update: edit });
    const reopened = restart(dataDir, service);
    const stored = chapterAt(await reopened.loadPlan({ planId: plan.planId }), 0);
    expect(chapterJSON(docFrom(stored.update))).toEqual(paragraphs('Första stycket', 'Andra stycket'));
  });

  it('loading a plan returns its manifest and its chapter, stamped with the schema version', async () => {
    const service = dataDir.open();
    const created = await service.createPlan({ title: 'Plan' });
    const loaded = await service.loadPlan({ planId: created.id });

    expect(loaded.planId).toBe(created.id);
    expect(loaded.server).toBeNull();
    expect(parseDocName(loaded.manifest.name)).toEqual({ kind: 'manifest', planId: created.id });
    const manifest = manifestOf(loaded);
    expect(manifest).toMatchObject({ planId: created.id, title: 'Plan', deadline: null, schemaVersion: SCHEMA_VERSION });
    expect(manifest.chapters).toHaveLength(1);

    expect(loaded.chapters.map((c) => c.name)).toEqual([chapterDocName(created.id, manifest.chapters[0]?.id ?? '')]);
    const chapter = docFrom(chapterAt(loaded, 0).update);
    expect(chapterSchemaVersion(chapter)).toBe(SCHEMA_VERSION);
    expect(chapter.getMap('meta').toJSON()).toMatchObject({ kind: 'chapter', planId: created.id, chapterId: manifest.chapters[0]?.id });
    expect(chapterJSON(chapter)).toEqual(paragraphs(''));
  });

  it('an edit saved with saveUpdate is still there after a restart', async () => {
    let service = dataDir.open();
    const created = await service.createPlan({ title: 'Plan' });
    const stored = chapterAt(await service.loadPlan({ planId: created.id }), 0);
    const chapter = docFrom(stored.update);
    const edited = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2, suggestion: null }, content: [{ type: 'text', text: 'Målgrupp' }] },
        {
          type: 'paragraph',
          attrs: { suggestion: null },
          content: [
            { type: 'text', text: 'Kvinnor som ' },
            { type: 'text', marks: [{ type: 'bold' }], text: 'nyligen' },
            { type: 'text', text: ' har kommit till Sverige.' },
          ],
        },
      ],
    };
    const receipt = await service.saveUpdate({ docName: stored.name, update: editChapter(chapter, edited) });
    expect(receipt.seq).toBeGreaterThan(0);

    service = restart(dataDir, service);
    const reloaded = await service.loadPlan({ planId: created.id });
    expect(chapterJSON(docFrom(chapterAt(reloaded, 0).update))).toEqual(edited);
    expect((await service.listPlans()).map((p) => p.id)).toEqual([created.id]);
  });

  it('later edits build on earlier ones, and a second edit after a restart keeps both', async () => {
    let service = dataDir.open();
    const { id } = await service.createPlan({ title: 'Plan' });
    const first = chapterAt(await service.loadPlan({ planId: id }), 0);
    const chapter = docFrom(first.update);
    await service.saveUpdate({ docName: first.name, update: editChapter(chapter, paragraphs('Ett.')) });

    service = restart(dataDir, service);
    const again = docFrom(chapterAt(await service.loadPlan({ planId: id }), 0).update);
    await service.saveUpdate({ docName: first.name, update: editChapter(again, paragraphs('Ett.', 'Två.')) });

    service = restart(dataDir, service);
    expect(chapterJSON(docFrom(chapterAt(await service.loadPlan({ planId: id }), 0).update))).toEqual(paragraphs('Ett.', 'Två.'));
  });

  it('refuses an update for a chapter of a plan that does not exist', async () => {
    const service = dataDir.open();
    const { id } = await service.createPlan({ title: 'Plan' });
    const update = editChapter(docFrom(chapterAt(await service.loadPlan({ planId: id }), 0).update), paragraphs('Text.'));
    await expect(service.saveUpdate({ docName: chapterDocName(MISSING_UUID, MISSING_UUID), update })).rejects.toMatchObject({ code: 'not-found' });
    await expect(service.loadPlan({ planId: MISSING_UUID })).rejects.toMatchObject({ code: 'not-found' });
    expect(await service.listPlans()).toHaveLength(1);
  });

  it('names the first chapter in the language the user chose', async () => {
    const service = dataDir.open();
    const swedish = await service.createPlan({ title: 'På svenska' });
    await service.setPreferences({ language: 'en' });
    const english = await service.createPlan({ title: 'In English' });

    expect(manifestOf(await service.loadPlan({ planId: swedish.id })).chapters[0]?.title).toBe('Kapitel 1');
    expect(manifestOf(await service.loadPlan({ planId: english.id })).chapters[0]?.title).toBe('Chapter 1');
  });

  it(`keeps a chapter intact when more than ${COMPACT_AFTER_UPDATES} saves compact its log`, async () => {
    let service = dataDir.open();
    const { id } = await service.createPlan({ title: 'Plan' });
    const stored = chapterAt(await service.loadPlan({ planId: id }), 0);
    const chapter = docFrom(stored.update);
    const text = chapterText(chapter);
    const save = (update: Uint8Array) => service.saveUpdate({ docName: stored.name, update });
    chapter.on('update', (update: Uint8Array) => void save(update));

    const words: string[] = [];
    for (let i = 0; i < COMPACT_AFTER_UPDATES + 10; i++) {
      const word = `ord${i} `;
      text.insert(text.length, word);
      words.push(word);
    }
    // Every save above has resolved (their bodies are synchronous), and the
    // compaction they scheduled runs on the next turn of the event loop.
    await nextMacrotask();

    const store = DocStore.open(dataDir.databasePath);
    try {
      const stats = store.stats(stored.name);
      expect(stats.snapshotBytes).toBeGreaterThan(0);
      expect(stats.logRows).toBeLessThan(COMPACT_AFTER_UPDATES);
    } finally {
      store.close();
    }

    const expected = paragraphs(words.join(''));
    expect(chapterJSON(docFrom(chapterAt(await service.loadPlan({ planId: id }), 0).update))).toEqual(expected);
    service = restart(dataDir, service);
    expect(chapterJSON(docFrom(chapterAt(await service.loadPlan({ planId: id }), 0).update))).toEqual(expected);
    // An edit made after the compaction lands on top of the snapshot.
    const later = docFrom(chapterAt(await service.loadPlan({ planId: id }), 0).update);
    await service.saveUpdate({ docName: stored.name, update: editChapter(later, paragraphs(words.join(''), 'Slut.')) });
    expect(chapterJSON(docFrom(chapterAt(await service.loadPlan({ planId: id }), 0).update))).toEqual(paragraphs(words.join(''), 'Slut.'));
  });
});

describe('the sample plan', () => {
  const dataDir = useDataDir();

  it('opens with every chapter, owner and text exactly as it ships', async () => {
    const service = dataDir.open();
    const summary = await service.openSamplePlan();
    expect(summary).toMatchObject({ title: SAMPLE_PLAN.title, chapterCount: SAMPLE_PLAN.chapters.length, isSample: true });

    const loaded = await service.loadPlan({ planId: summary.id });
    const manifest = manifestOf(loaded);
    expect(manifest.deadline).toBe(SAMPLE_PLAN.deadline);
    expect(manifest.chapters.map((c) => ({ title: c.title, owner: c.owner }))).toEqual(
      SAMPLE_PLAN.chapters.map((c) => ({ title: c.title, owner: c.owner })),
    );
    expect(loaded.chapters).toHaveLength(SAMPLE_PLAN.chapters.length);
    SAMPLE_PLAN.chapters.forEach((sample, index) => {
      expect(chapterJSON(docFrom(chapterAt(loaded, index).update)), sample.title).toEqual(sample.content);
    });
  });

  it('is created once: opening it again, also after a restart, returns the same plan', async () => {
    let service = dataDir.open();
    const first = await service.openSamplePlan();
    expect((await service.openSamplePlan()).id).toBe(first.id);

    service = restart(dataDir, service);
    expect((await service.openSamplePlan()).id).toBe(first.id);
    expect(await service.listPlans()).toEqual([expect.objectContaining({ id: first.id, isSample: true })]);
  });

  it('keeps the edits made to it when it is opened again', async () => {
    let service = dataDir.open();
    const { id } = await service.openSamplePlan();
    const stored = chapterAt(await service.loadPlan({ planId: id }), 0);
    const edited = paragraphs('Vår egen inledning.');
    await service.saveUpdate({ docName: stored.name, update: editChapter(docFrom(stored.update), edited) });

    service = restart(dataDir, service);
    const reopened = await service.openSamplePlan();
    expect(reopened.id).toBe(id);
    expect(chapterJSON(docFrom(chapterAt(await service.loadPlan({ planId: id }), 0).update))).toEqual(edited);
  });
});

describe('preferences', () => {
  const dataDir = useDataDir();

  it('are Swedish with no agency, no name and no last plan by default, with a member id made once', async () => {
    const service = dataDir.open();
    const first = await service.getPreferences();
    expect(first).toEqual({ language: 'sv', agency: null, name: null, lastPlanId: null, memberId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await restart(dataDir, service).getPreferences()).memberId).toBe(first.memberId);
  });

  it('change one field at a time and survive a restart', async () => {
    let service = dataDir.open();
    const { id } = await service.createPlan({ title: 'Plan' });
    const { memberId } = await service.getPreferences();
    expect(await service.setPreferences({ agency: 'migr' })).toEqual({ language: 'sv', agency: 'migr', name: null, lastPlanId: null, memberId });
    expect(await service.setPreferences({ language: 'en', lastPlanId: id, name: 'Amina Yusuf' })).toEqual({
      language: 'en',
      agency: 'migr',
      name: 'Amina Yusuf',
      lastPlanId: id,
      memberId,
    });

    service = restart(dataDir, service);
    expect(await service.getPreferences()).toEqual({ language: 'en', agency: 'migr', name: 'Amina Yusuf', lastPlanId: id, memberId });
    expect(await service.setPreferences({ agency: null, name: null })).toEqual({ language: 'en', agency: null, name: null, lastPlanId: id, memberId });
  });
});

describe('a database that cannot be used', () => {
  const dataDir = useDataDir();
  const corruptBytes = garbage(8192);

  function openOnCorruptFile(): HostService {
    writeFileSync(dataDir.databasePath, corruptBytes);
    return dataDir.open();
  }

  it('is reported as corrupt with its path, and plan calls are refused', async () => {
    const service = openOnCorruptFile();
    expect(await service.getStoreStatus()).toMatchObject({ state: 'corrupt', path: dataDir.databasePath });

    const refused = { code: 'store-unavailable' };
    await expect(service.listPlans()).rejects.toMatchObject(refused);
    await expect(service.createPlan({ title: 'Plan' })).rejects.toMatchObject(refused);
    await expect(service.openSamplePlan()).rejects.toMatchObject(refused);
    await expect(service.loadPlan({ planId: MISSING_UUID })).rejects.toMatchObject(refused);
    await expect(service.saveUpdate({ docName: chapterDocName(MISSING_UUID, MISSING_UUID), update: new Uint8Array([0, 0]) })).rejects.toMatchObject(
      refused,
    );
    await expect(service.setPreferences({ language: 'en' })).rejects.toMatchObject(refused);
    // The error screen still needs a language: the defaults apply.
    expect(await service.getPreferences()).toMatchObject({ language: 'sv', agency: null, name: null, lastPlanId: null });
  });

  it('is left byte for byte as it was', async () => {
    const service = openOnCorruptFile();
    await service.listPlans().catch(() => undefined);
    await service.createPlan({ title: 'Plan' }).catch(() => undefined);
    await service.setPreferences({ language: 'en' }).catch(() => undefined);
    service.close();
    expect(new Uint8Array(readFileSync(dataDir.databasePath))).toEqual(corruptBytes);
  });

  it('is moved aside on request, keeping its bytes, and a fresh store takes its place', async () => {
    let service = openOnCorruptFile();
    const { status, movedTo } = await service.moveStoreAside();
    expect(status).toEqual({ state: 'ok', path: dataDir.databasePath });
    expect(movedTo).not.toBe(dataDir.databasePath);
    expect(new Uint8Array(readFileSync(movedTo))).toEqual(corruptBytes);
    expect(await service.getStoreStatus()).toEqual({ state: 'ok', path: dataDir.databasePath });

    const created = await service.createPlan({ title: 'Ny början' });
    await service.setPreferences({ language: 'en' });
    expect((await service.listPlans()).map((p) => p.title)).toEqual(['Ny början']);

    service = restart(dataDir, service);
    expect(await service.getStoreStatus()).toMatchObject({ state: 'ok' });
    expect((await service.listPlans()).map((p) => p.id)).toEqual([created.id]);
    expect((await service.getPreferences()).language).toBe('en');
    expect(new Uint8Array(readFileSync(movedTo))).toEqual(corruptBytes);
  });

  it('a healthy database is not moved aside', async () => {
    const service = dataDir.open();
    const created = await service.createPlan({ title: 'Plan' });
    await expect(service.moveStoreAside()).rejects.toMatchObject({ code: 'invalid-argument' });
    expect((await service.listPlans()).map((p) => p.id)).toEqual([created.id]);
  });
});

describe('a database whose plans are gone or damaged', () => {
  const dataDir = useDataDir();

  it('emptied to 0 bytes, it is reported as emptied and not replaced by an empty store until the user asks', async () => {
    let service = dataDir.open();
    await service.createPlan({ title: 'Planen som försvann' });
    service.close();
    writeFileSync(dataDir.databasePath, '');

    service = dataDir.open();
    expect(await service.getStoreStatus()).toMatchObject({ state: 'emptied', path: dataDir.databasePath });
    await expect(service.listPlans()).rejects.toMatchObject({ code: 'store-unavailable' });
    expect(readFileSync(dataDir.databasePath).length).toBe(0);

    const { status, movedTo } = await service.moveStoreAside();
    expect(status).toMatchObject({ state: 'ok' });
    expect(readFileSync(movedTo).length).toBe(0);
    expect(await service.listPlans()).toEqual([]);
  });

  it('deleted, it is reported as missing and not recreated until the user asks', async () => {
    let service = dataDir.open();
    await service.createPlan({ title: 'Planen som försvann' });
    service.close();
    rmSync(dataDir.databasePath);

    service = dataDir.open();
    expect(await service.getStoreStatus()).toMatchObject({ state: 'missing', path: dataDir.databasePath });
    await expect(service.createPlan({ title: 'Ny' })).rejects.toMatchObject({ code: 'store-unavailable' });
    expect(existsSync(dataDir.databasePath)).toBe(false);

    expect((await service.moveStoreAside()).status).toMatchObject({ state: 'ok' });
    expect(await service.listPlans()).toEqual([]);
  });

  it('a chapter whose stored bytes changed is refused with store-damaged, never shown changed', async () => {
    let service = dataDir.open();
    const { id } = await service.createPlan({ title: 'Plan' });
    const chapter = chapterAt(await service.loadPlan({ planId: id }), 0);
    await service.saveUpdate({ docName: chapter.name, update: editChapter(docFrom(chapter.update), paragraphs('UNIKMENING')) });
    service.close();

    const raw = new DatabaseSync(dataDir.databasePath);
    const row = raw.prepare("SELECT seq, data FROM updates WHERE doc = ? AND instr(data, CAST('UNIKMENING' AS BLOB)) > 0").get(chapter.name);
    const bytes = new Uint8Array(row?.['data'] as Uint8Array);
    bytes[Buffer.from(bytes).indexOf('UNIKMENING') + 4] = 'X'.charCodeAt(0);
    raw.prepare('UPDATE updates SET data = ? WHERE seq = ?').run(bytes, row?.['seq'] as number);
    raw.close();

    service = dataDir.open();
    await expect(service.loadPlan({ planId: id })).rejects.toMatchObject({ code: 'store-damaged', reason: 'checksum' });
    expect((await service.listPlans()).map((plan) => plan.id)).toEqual([id]);
  });
});
