/**
 * The six agencies that co-write the plan. The list is a constant: the
 * government assignment names exactly these agencies, and every other module
 * (outline badges, presence colours, comment assignment) reads them from here.
 *
 * Each colour is used as text and as a border on white and on the app's light
 * grey surfaces, so each one has a contrast ratio of at least 4.5:1 against
 * #ffffff and #f4f5f7 (WCAG 2.1 AA for normal text). `tests/unit/shared/agencies.test.ts`
 * computes the ratios, so a colour change that breaks contrast fails the build.
 */

export const AGENCY_CODES = ['lst', 'af', 'fk', 'jamy', 'migr', 'sos'] as const;

export type AgencyCode = (typeof AGENCY_CODES)[number];

export interface Agency {
  readonly code: AgencyCode;
  /** Short form used in badges, e.g. "AF". */
  readonly abbreviation: string;
  readonly nameSv: string;
  readonly nameEn: string;
  /** Hex colour with at least 4.5:1 contrast on white. */
  readonly colour: string;
}

export const AGENCIES: readonly Agency[] = [
  {
    code: 'lst',
    abbreviation: 'LST Y',
    nameSv: 'Länsstyrelsen Västernorrland',
    nameEn: 'County Administrative Board of Västernorrland',
    colour: '#1f5f8b',
  },
  {
    code: 'af',
    abbreviation: 'AF',
    nameSv: 'Arbetsförmedlingen',
    nameEn: 'Swedish Public Employment Service',
    colour: '#8a3b00',
  },
  {
    code: 'fk',
    abbreviation: 'FK',
    nameSv: 'Försäkringskassan',
    nameEn: 'Swedish Social Insurance Agency',
    colour: '#00695c',
  },
  {
    code: 'jamy',
    abbreviation: 'JÄMY',
    nameSv: 'Jämställdhetsmyndigheten',
    nameEn: 'Swedish Gender Equality Agency',
    colour: '#7b1fa2',
  },
  {
    code: 'migr',
    abbreviation: 'MIGR',
    nameSv: 'Migrationsverket',
    nameEn: 'Swedish Migration Agency',
    colour: '#2e5e1e',
  },
  {
    code: 'sos',
    abbreviation: 'SOS',
    nameSv: 'Socialstyrelsen',
    nameEn: 'National Board of Health and Welfare',
    colour: '#b0003a',
  },
];

/** The agency that coordinates the plan and submits it to the government. */
export const COORDINATING_AGENCY: AgencyCode = 'af';

export function isAgencyCode(value: unknown): value is AgencyCode {
  return typeof value === 'string' && (AGENCY_CODES as readonly string[]).includes(value);
}

export function agencyByCode(code: AgencyCode): Agency {
  const agency = AGENCIES.find((a) => a.code === code);
  // The code type makes this unreachable for typed callers; data read from a
  // document is checked with isAgencyCode first.
  if (!agency) throw new Error(`Unknown agency code: ${code}`);
  return agency;
}
