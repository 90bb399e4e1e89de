/**
 * Broken, encrypted, oversized and hostile Word files, through the host as
 * the app calls it (HostApi `importDocx`, the browser host's upload path,
 * the real import worker): each is refused with `import-failed` and a
 * reason the app says in Swedish, and the plan's stored documents are
 * byte for byte what they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, LoadedPlan } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { createHostDispatch, type HostDispatch } from '../../../src-main/host/host-dispatch.ts';
import { HostService } from '../../../src-main/host/host-service.ts';
import { MAX_IMPORT_BYTES } from '../../../src-main/import/docx-package.ts';
import { runImport } from '../../../src-main/import/run-import.ts';
import { richWordFile } from './word-fixture.ts';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** The fixture with its document.xml replaced (or other entries added). */
async function wordFileWith(entries: Record<string, Uint8Array>): Promise<Uint8Array> {
  const files = unzipSync(await richWordFile());
  return zipSync({ ...files, ...entries });
}

function documentXml(body: string, prolog = ''): Uint8Array {
  return strToU8(`<?xml version="1.0" encoding="UTF-8"?>${prolog}<w:document ${W}><w:body>${body}</w:body></w:document>`);
}

describe('a Word file that is not imported', () => {
  let dir = '';
  let service: HostService;
  let dispatch: HostDispatch;
  let planId = '';
  let before: LoadedPlan;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samskriv-import-'));
    service = new HostService(dir);
    dispatch = createHostDispatch(service, () => undefined);
    planId = (await service.openSamplePlan()).id;
    before = await service.loadPlan({ planId });
  });

  afterAll(() => {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function upload(data: Uint8Array, fileName = 'Utkast.docx'): Promise<HostResponse<ImportResult>> {
    return (await dispatch('importDocx', [{ upload: { fileName, data } }])) as HostResponse<ImportResult>;
  }

  async function expectRefused(data: Uint8Array, reason: string): Promise<void> {
    const reply = await upload(data);
    expect(reply.ok ? reply.value : reply.error).toMatchObject({ code: 'import-failed', reason });
    expect(await service.loadPlan({ planId })).toEqual(before);
  }

  it('refuses a file that is not a zip (a text file renamed .docx) as not a Word document', async () => {
    await expectRefused(strToU8('Det här är inget Word-dokument.'), 'not-docx');
  });

  it('refuses a zip without a Word document in it as not a Word document', async () => {
    await expectRefused(zipSync({ 'readme.txt': strToU8('hej') }), 'not-docx');
  });

  it('refuses a password-protected file (an OLE compound file) as encrypted', async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expectRefused(ole, 'encrypted');
  });

  it('refuses a file over the size limit before reading it', async () => {
    await expectRefused(new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x50), 'too-large');
  });

  it('refuses a zip bomb (a part that unpacks a thousand times larger) before unpacking it', async () => {
    await expectRefused(await wordFileWith({ 'word/document.xml': new Uint8Array(20 * 1024 * 1024) }), 'hostile');
  });

  it('refuses a zip whose part is larger than it declares as damaged, reading no more than declared', async () => {
    const zip = await wordFileWith({ 'word/document.xml': documentXml(`<w:p><w:r><w:t>${'Lång text. '.repeat(50_000)}</w:t></w:r></w:p>`) });
    // Make the central directory and local header claim 100 bytes for document.xml.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const name = strToU8('word/document.xml');
    for (let i = 0; i + 46 < zip.length; i++) {
      const signature = view.getUint32(i, true);
      const nameAt = signature === 0x02014b50 ? i + 46 : signature === 0x04034b50 ? i + 30 : -1;
      if (nameAt < 0 || !name.every((byte, k) => zip[nameAt + k] === byte)) continue;
      view.setUint32(signature === 0x02014b50 ? i + 24 : i + 22, 100, true);
    }
    await expectRefused(zip, 'damaged');
  });

  it('refuses XML with an external entity (XXE) without resolving it', async () => {
    const xxe = documentXml('<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>', '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
    await expectRefused(await wordFileWith({ 'word/document.xml': xxe }), 'hostile');
  });

  it('refuses an external entity in a part mammoth reads (styles.xml), not only in document.xml', async () => {
    const styles = strToU8(`<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:styles ${W}><w:style w:styleId="x"><w:name w:val="&xxe;"/></w:style></w:styles>`);
    await expectRefused(await wordFileWith({ 'word/styles.xml': styles }), 'hostile');
  });

  it('refuses XML with an entity expansion bomb (billion laughs)', async () => {
    const entities = ['<!ENTITY a0 "ha">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('');
    const laughs = documentXml('<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>', `<!DOCTYPE w:document [${entities}]>`);
    await expectRefused(await wordFileWith({ 'word/document.xml': laughs }), 'hostile');
  });

  it('refuses absurdly deep XML nesting', async () => {
    const deep = documentXml(`<w:p>${'<w:smartTag>'.repeat(5000)}<w:r><w:t>x</w:t></w:r>${'</w:smartTag>'.repeat(5000)}</w:p>`);
    await expectRefused(await wordFileWith({ 'word/document.xml': deep }), 'hostile');
  });

  it('refuses a cut-off document.xml as damaged', async () => {
    await expectRefused(await wordFileWith({ 'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${W}><w:body><w:p><w:r><w:t>Halv`) }), 'damaged');
  });

  it('reads a macro-enabled file but never its macros, and says they were left out', async () => {
    const reply = await upload(await wordFileWith({ 'word/vbaProject.bin': new Uint8Array([1, 2, 3, 4]) }), 'Makron.docm');
    expect(reply.ok && reply.value.outcome === 'read' ? reply.value.document.losses.macros : reply).toBe(true);
  });
});

describe('the import worker’s limits', () => {
  it('stops a read that takes longer than its time limit, as too complex', async () => {
    const slow = runImport(await richWordFile(), 'Utkast.docx', { timeoutMs: 1, resourceLimits: {} });
    await expect(slow).rejects.toMatchObject({ reason: 'too-complex' });
  });

  it('stops a read that needs more memory than its limit, as too complex', async () => {
    const big = await wordFileWith({ 'word/document.xml': documentXml(Array.from({ length: 60_000 }, (_, i) => `<w:p><w:r><w:t>Stycke ${i} om etablering.</w:t></w:r></w:p>`).join('')) });
    const starved = runImport(big, 'Stor.docx', { timeoutMs: 60_000, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    await expect(starved).rejects.toMatchObject({ reason: 'too-complex' });
  });
});
