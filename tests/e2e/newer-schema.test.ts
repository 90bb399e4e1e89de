/**
 * A chapter written by a newer Samskriv may hold blocks this version does
 * not know (in the chapter text: a block marker with an unknown type, and
 * formatting this version has no mark for). Editing it would rewrite what
 * this version cannot show, for everyone (DESIGN §3), so this version shows
 * such a chapter read-only, says why, and leaves every stored marker and
 * attribute in place, even while the rest of the plan is edited.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { HostService } from '../../src-main/host/host-service.ts';
import { createMarker, isMarker, readMarker } from '../../shared/chapter-text/block-marker.ts';
import { chapterText } from '../../shared/chapter-text/chapter-text.ts';
import { SCHEMA_VERSION } from '../../shared/schema/version.ts';
import { chapterEditor, makeDataDir, useApp, waitUntilSaved, type RunningApp } from './support/app.ts';

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
      const text = chapterText(doc);
      text.insertEmbed(text.length, createMarker({ type: 'paragraph', attrs: {}, path: [] }) as unknown as Y.AbstractType<unknown>);
      text.insert(text.length, KNOWN_TEXT);
      text.insertEmbed(text.length, createMarker({ type: 'future_block', attrs: { tone: 'formal' }, path: [] }) as unknown as Y.AbstractType<unknown>);
      text.insert(text.length, FUTURE_TEXT, { future_mark: { level: 2 } });
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

useApp((started) => ([app, page] = [started, started.page]), { prepare: storeChapterFromTheFuture, options: { dataDir } });

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
    const delta = chapterText(doc).toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
    const markers = delta.flatMap((op) => (isMarker(op.insert) ? [readMarker(op.insert)] : []));
    expect(markers.map((marker) => marker.type)).toEqual(['paragraph', 'paragraph', 'future_block']);
    expect(markers[2]?.attrs).toEqual({ tone: 'formal' });
    const futureIndex = delta.findIndex((op) => isMarker(op.insert) && readMarker(op.insert).type === 'future_block');
    expect(delta.slice(futureIndex + 1)).toEqual([{ insert: FUTURE_TEXT, attributes: { future_mark: { level: 2 } } }]);
    doc.destroy();
    expect(app.pageErrors).toEqual([]);
  });
});
