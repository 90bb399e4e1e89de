/**
 * The six agencies of the government assignment, as every part of the app
 * shows them: the right names, one code each, and colours that stay
 * readable as text on the app's white and light grey surfaces (WCAG 2.1 AA,
 * which Swedish public-sector services must meet).
 */
import { describe, expect, it } from 'vitest';
import { AGENCIES, AGENCY_CODES, agencyByCode, COORDINATING_AGENCY, isAgencyCode } from '../../../shared/agencies/agencies.ts';

/** The app's surfaces that agency colours are drawn on. */
const SURFACES = ['#ffffff', '#f4f5f7'] as const;
/** WCAG 2.1 success criterion 1.4.3, normal-size text. */
const AA_NORMAL_TEXT = 4.5;

/** WCAG 2.1 relative luminance of an sRGB colour written as #rrggbb. */
function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((pair) => {
    const channel = parseInt(pair, 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

describe('the contrast formula used below', () => {
  it('gives the known reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // #767676 is the lightest grey that passes AA on white; #777777 fails.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(AA_NORMAL_TEXT);
  });
});

describe('agencies', () => {
  it('are the six agencies of the assignment, by their Swedish names', () => {
    expect(AGENCIES.map((agency) => agency.nameSv)).toEqual([
      'Länsstyrelsen Västernorrland',
      'Arbetsförmedlingen',
      'Försäkringskassan',
      'Jämställdhetsmyndigheten',
      'Migrationsverket',
      'Socialstyrelsen',
    ]);
  });

  it('each have one unique code, listed in AGENCY_CODES', () => {
    const codes = AGENCIES.map((agency) => agency.code);
    expect(new Set(codes).size).toBe(6);
    expect(codes).toEqual([...AGENCY_CODES]);
    for (const code of AGENCY_CODES) expect(agencyByCode(code).code).toBe(code);
  });

  it('each have an English name, an abbreviation and a colour of their own', () => {
    for (const agency of AGENCIES) {
      expect(agency.nameEn.trim(), agency.code).not.toBe('');
      expect(agency.abbreviation.trim(), agency.code).not.toBe('');
    }
    expect(new Set(AGENCIES.map((agency) => agency.abbreviation)).size).toBe(6);
    expect(new Set(AGENCIES.map((agency) => agency.colour.toLowerCase())).size).toBe(6);
  });

  it.each(AGENCIES.flatMap((agency) => SURFACES.map((surface) => [agency.nameSv, agency.colour, surface] as const)))(
    '%s (%s) is readable as text on %s',
    (_name, colour, surface) => {
      expect(contrastRatio(colour, surface)).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    },
  );

  it('name Arbetsförmedlingen as the coordinator', () => {
    expect(agencyByCode(COORDINATING_AGENCY).nameSv).toBe('Arbetsförmedlingen');
  });

  it('recognise only their own codes in data read from a document', () => {
    for (const code of AGENCY_CODES) expect(isAgencyCode(code)).toBe(true);
    for (const value of ['AF', 'xyz', '', ' af', 'af ', null, undefined, 0, {}, ['af']]) {
      expect(isAgencyCode(value), JSON.stringify(value)).toBe(false);
    }
  });
});
