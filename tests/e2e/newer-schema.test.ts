/**
 * A chapter written by a newer Samskriv may hold elements this version does
 * not know. y-prosemirror would delete them on sight, for everyone (DESIGN
 * §3), so this version shows such a chapter read-only, says why, and leaves
 * every stored element in place, even while the rest of the plan is edited.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { HostService } from '../../src-main/host/host-service.ts';
import { CHAPTER_CONTENT_FIELD } from '../../shared/plan/chapter.ts';
import { SCHEMA_VERSION } from '../../shared/schema/version.ts';
import { chapterEditor, describeScreenOnFailure, makeDataDir, startApp, waitUntilSaved, type RunningApp } from './support/app.ts';

const dataDir = makeDataDir('newer-schema');
const FUTURE_TEXT = 'Ett block från en framtida version';
const KNOWN_TEXT = 'Det här stycket kan alla versioner visa.';
let planId: string;
let chapterDocName: string;
let app: RunningApp;
let page: Page;

/** Stores, through the real host service, what a newer Samskriv would have written. */
async function storeChapterFromTheFuture(): Promise<void> {
  const service = new HostService(dataDir);
  try {
    planId = (await service.createPlan({ title: 'Plan från en nyare version' })).id;
    const loaded = await service.loadPlan({ planId });
    const chapter = loaded.chapters[0]!;
    chapterDocName = chapter.name;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, chapter.update);
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
      const known = new Y.XmlElement('paragraph');
      known.insert(0, [new Y.XmlText(KNOWN_TEXT)]);
      const future = new Y.XmlElement('future_block');
      future.insert(0, [new Y.XmlText(FUTURE_TEXT)]);
      const content = doc.getXmlFragment(CHAPTER_CONTENT_FIELD);
      content.insert(content.length, [known, future]);
    });
    await service.saveUpdate({ docName: chapterDocName, update: Y.encodeStateAsUpdate(doc, before) });
    doc.destroy();
  } finally {
    service.close();
  }
}

/** The chapter as stored on disk, read with a fresh host service. */
async function storedChapter(): Promise<Y.Doc> {
  const service = new HostService(dataDir);
  try {
    const loaded = await service.loadPlan({ planId });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, loaded.chapters.find((c) => c.name === chapterDocName)!.update);
    return doc;
  } finally {
    service.close();
  }
}

beforeAll(async () => {
  await storeChapterFromTheFuture();
  app = await startApp({ dataDir });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describeScreenOnFailure(() => app);

describe('a chapter written with a newer schema', () => {
  it('opens read-only, with a notice saying why', async () => {
    await page.getByRole('button', { name: /^Plan från en nyare version/ }).click();
    const editor = chapterEditor(page, 'Kapitel 1');
    await editor.waitFor();
    await page.getByRole('note').filter({ hasText: 'Kapitlet har skrivits med en nyare version av Samskriv och visas skrivskyddat.' }).waitFor();
    await editor.getByText(KNOWN_TEXT).waitFor();
    expect(await editor.getAttribute('contenteditable')).toBe('false');
    expect(await page.getByRole('toolbar', { name: 'Formatering' }).count()).toBe(0);
  });

  it('does not change when the drafter clicks into it and types', async () => {
    const editor = chapterEditor(page, 'Kapitel 1');
    const before = await editor.textContent();
    await editor.getByText(KNOWN_TEXT).click();
    await page.keyboard.type('Försök att skriva');
    await page.keyboard.press('Enter');
    expect(await editor.textContent()).toBe(before);
  });

  it('keeps its unknown element on disk while the rest of the plan is edited', async () => {
    await page.getByRole('button', { name: /Nytt kapitel/ }).click();
    const newChapter = chapterEditor(page, 'Nytt kapitel');
    await newChapter.waitFor();
    await newChapter.click();
    await page.keyboard.type('Ett kapitel skrivet i den här versionen.');
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^1\. Kapitel 1/ }).click();
    await chapterEditor(page, 'Kapitel 1').getByText(KNOWN_TEXT).waitFor();
    await waitUntilSaved(page);
    await app.host.stop();

    const doc = await storedChapter();
    expect(doc.getMap('meta').get('schemaVersion')).toBe(SCHEMA_VERSION + 1);
    const elements = doc.getXmlFragment(CHAPTER_CONTENT_FIELD).toArray() as Y.XmlElement[];
    const future = elements.find((element) => element.nodeName === 'future_block');
    expect(future?.toString()).toContain(FUTURE_TEXT);
    expect(elements.map((element) => element.nodeName)).toEqual(['paragraph', 'paragraph', 'future_block']);
    doc.destroy();
    expect(app.pageErrors).toEqual([]);
  });
});
