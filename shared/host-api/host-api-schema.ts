/**
 * Argument schemas for every HostApi method (zod). The host validates each
 * call against these before any service sees it; the renderer never needs
 * them, so they stay out of its bundle.
 */
import { z } from 'zod';
import { AGENCY_CODES } from '../agencies/agencies.ts';
import { DOC_NAME_PATTERN, UUID_PATTERN } from '../plan/doc-names.ts';
import type { HostMethod } from './host-api.ts';

/** A single update above this is a bug or an attack, not typing. */
export const MAX_UPDATE_BYTES = 16 * 1024 * 1024;
export const MAX_TITLE_LENGTH = 300;
export const MAX_NAME_LENGTH = 100;

const planId = z.string().regex(UUID_PATTERN, 'must be a lower-case UUID');
const docName = z.string().max(200).regex(DOC_NAME_PATTERN, 'must be plan/<uuid> or plan/<uuid>/chapter/<uuid>');
const update = z
  .instanceof(Uint8Array, { message: 'must be binary (Uint8Array)' })
  .refine((u) => u.byteLength > 0, 'must not be empty')
  .refine((u) => u.byteLength <= MAX_UPDATE_BYTES, `must be at most ${MAX_UPDATE_BYTES} bytes`);
const title = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty').max(MAX_TITLE_LENGTH, `must be at most ${MAX_TITLE_LENGTH} characters`));

const noArgs = z.tuple([]);

export const HOST_ARG_SCHEMAS = {
  getStoreStatus: noArgs,
  moveStoreAside: noArgs,
  getPreferences: noArgs,
  setPreferences: z.tuple([
    z
      .object({
        language: z.enum(['sv', 'en']).optional(),
        agency: z.enum(AGENCY_CODES).nullable().optional(),
        name: z.string().trim().min(1).max(MAX_NAME_LENGTH).nullable().optional(),
        lastPlanId: planId.nullable().optional(),
      })
      .strict(),
  ]),
  listPlans: noArgs,
  createPlan: z.tuple([z.object({ title }).strict()]),
  openSamplePlan: noArgs,
  loadPlan: z.tuple([z.object({ planId }).strict()]),
  saveUpdate: z.tuple([z.object({ docName, update }).strict()]),
} as const satisfies Record<HostMethod, z.ZodType>;

export type ValidatedArgs<M extends HostMethod> = z.output<(typeof HOST_ARG_SCHEMAS)[M]>;

/** Formats a zod error as one line that names the offending field. */
export function describeValidationError(method: HostMethod, error: z.ZodError): string {
  const issues = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(arguments)';
    return `${path}: ${issue.message}`;
  });
  return `${method}: invalid argument — ${issues.join('; ')}`;
}
