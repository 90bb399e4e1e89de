/**
 * The host reads a source file in a worker with limits
 * (src-main/sources/read-source.ts): the text comes back as from the
 * reader itself, and a file that takes longer than the limit is refused as
 * too complex while the caller carries on.
 */
import { describe, expect, it } from 'vitest';
import { readSourceInWorker } from '../../../src-main/sources/read-source.ts';

const TEXT = 'Samrådet 7 december 2022\n\nDeltagarna betonade vikten av att tidigt nå ut med information.';

describe('reading a source in a worker', () => {
  it('answers the text of the file', async () => {
    expect(await readSourceInWorker('samrad.txt', new TextEncoder().encode(TEXT))).toEqual({
      ok: true,
      format: 'text',
      text: 'Samrådet 7 december 2022\nDeltagarna betonade vikten av att tidigt nå ut med information.',
    });
  });

  it('refuses a file that takes longer than the limit as too complex', async () => {
    const reading = await readSourceInWorker('samrad.txt', new TextEncoder().encode(TEXT), { timeoutMs: 1, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    expect(reading).toMatchObject({ ok: false, problem: 'too-complex' });
  });
});
