/**
 * A Word file written by LibreOffice, the other word processor agencies
 * use: the fixture draft saved again by LibreOffice (`soffice --convert-to
 * docx`, the real program) imports with its headings, list, table,
 * comments and tracked changes. LibreOffice writes no commentsExtended.xml,
 * so the file no longer says that the second comment answers the first:
 * they arrive as two threads on the same words, which is what the file holds. Skipped, saying so, where
 * LibreOffice is not installed (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { forEachBlock } from '../../../shared/import/imported-document.ts';
import { summarizeImport } from '../../../shared/import/imported-document.ts';
import { convertWithLibreOffice, sofficeCommand } from '../../../src-main/export/libreoffice.ts';
import { importDocx } from '../../../src-main/import/docx-import.ts';
import { ANNA, OMAR, richWordFile } from './word-fixture.ts';

const libreOffice = spawnSync(sofficeCommand(), ['--version'], { timeout: 60_000 }).error === undefined;

describe.skipIf(!libreOffice)('a Word draft saved by LibreOffice', () => {
  it('imports with its structure, its two comments on their words, and its tracked changes by their authors', async () => {
    const saved = await convertWithLibreOffice(await richWordFile(), 'utkast.docx', 'docx:MS Word 2007 XML');
    const imported = await importDocx(saved, 'utkast.docx');
    const summary = summarizeImport(imported);
    expect({ headings: summary.headings, tables: summary.tables }).toEqual({ headings: 2, tables: 1 });
    expect(imported.comments.map((c) => [c.author, c.text, c.replies.length])).toEqual([
      [ANNA, 'Stämmer siffran?', 0],
      [OMAR, 'Ja, enligt SCB.', 0],
    ]);
    expect(imported.changes.map((c) => [c.kind, c.author])).toEqual([
      ['insert', ANNA],
      ['delete', OMAR],
    ]);
    const texts: string[] = [];
    forEachBlock(imported.blocks, (block) => {
      if (block.kind === 'list') texts.push(`list:${block.ordered ? 'ol' : 'ul'}`);
      if (block.kind === 'paragraph' || block.kind === 'heading') texts.push(block.runs.map((r) => r.text).join(''));
    });
    expect(texts).toContain('list:ul');
    expect(texts).toContain('Insatsen börjar redan i junimaj.');
    for (const index of [0, 1]) {
      const commented = imported.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.runs.filter((r) => r.comments?.includes(index)).map((r) => r.text) : []));
      expect(commented.join('')).toBe('42 procent');
    }
  });
});
