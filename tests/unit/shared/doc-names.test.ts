/**
 * Document names are keys in local storage and, later, on the wire to the
 * sync server, where they decide which plan a connection may touch. Only the
 * two exact shapes are accepted; anything that merely looks close is not a
 * document name.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chapterDocName, isUuid, manifestDocName, parseDocName } from '../../../shared/plan/doc-names.ts';

const PLAN = '3b241101-e2bb-4255-8caf-4136c566a962';
const CHAPTER = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('document names', () => {
  it('round-trip for a manifest and a chapter', () => {
    expect(manifestDocName(PLAN)).toBe(`plan/${PLAN}`);
    expect(chapterDocName(PLAN, CHAPTER)).toBe(`plan/${PLAN}/chapter/${CHAPTER}`);
    expect(parseDocName(manifestDocName(PLAN))).toEqual({ kind: 'manifest', planId: PLAN });
    expect(parseDocName(chapterDocName(PLAN, CHAPTER))).toEqual({ kind: 'chapter', planId: PLAN, chapterId: CHAPTER });
  });

  it('round-trip for freshly generated ids', () => {
    for (let i = 0; i < 50; i++) {
      const planId = randomUUID();
      const chapterId = randomUUID();
      expect(parseDocName(chapterDocName(planId, chapterId))).toEqual({ kind: 'chapter', planId, chapterId });
    }
  });

  it.each([
    '',
    'plan',
    'plan/',
    `plan/${PLAN}/`,
    `plan/${PLAN}/chapter`,
    `plan/${PLAN}/chapter/`,
    `plan/${PLAN}/chapter/${CHAPTER}/`,
    `plan/${PLAN}/chapter/${CHAPTER}/chapter/${CHAPTER}`,
    `plan/${PLAN}/chapters/${CHAPTER}`,
    `plan/${PLAN.toUpperCase()}`,
    `plan/${PLAN}/chapter/${CHAPTER.toUpperCase()}`,
    'plan/../x',
    `plan/../plan/${PLAN}`,
    `plan/${PLAN}/chapter/../../${CHAPTER}`,
    `/plan/${PLAN}`,
    ` plan/${PLAN}`,
    `plan/${PLAN} `,
    `plan/${PLAN}\n`,
    `plan\\${PLAN}`,
    `Plan/${PLAN}`,
    `plan/{${PLAN}}`,
    `plan/${PLAN.replaceAll('-', '')}`,
    'plan/00000000-0000-0000-0000-000000000000',
  ])('rejects %j', (name) => {
    expect(parseDocName(name)).toBeNull();
  });
});

describe('isUuid', () => {
  it('accepts generated ids and refuses other spellings', () => {
    expect(isUuid(randomUUID())).toBe(true);
    expect(isUuid(PLAN)).toBe(true);
    expect(isUuid(PLAN.toUpperCase())).toBe(false);
    expect(isUuid(`${PLAN}\n`)).toBe(false);
    expect(isUuid(`x${PLAN}`)).toBe(false);
    expect(isUuid('')).toBe(false);
  });
});
