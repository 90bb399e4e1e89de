/**
 * Argument schemas for every HostApi method (zod). The host validates each
 * call against these before any service sees it; the renderer never needs
 * them, so they stay out of its bundle.
 */
import { z } from 'zod';
import { AGENCY_CODES } from '../agencies/agencies.ts';
import { ROLES } from '../plan/member.ts';
import { DOC_NAME_PATTERN, UUID_PATTERN } from '../plan/doc-names.ts';
import { INVITATION_ID_PATTERN } from '../sync-protocol/http-api.ts';
import { parseSourceDocName } from '../sources/source-doc.ts';
import { MAX_EXCHANGE_FILE_BYTES } from '../exchange/exchange-file.ts';
import { EXPORT_KINDS, type HostMethod } from './host-api.ts';
import { RULE_REFUSALS } from '../sync-protocol/refusals.ts';
import { REFUSED_CHANGE_ID_PATTERN, REFUSED_DOC_KINDS } from '../refused/refused-change.ts';

/** A single update above this is a bug or an attack, not typing. */
export const MAX_UPDATE_BYTES = 16 * 1024 * 1024;
export const MAX_TITLE_LENGTH = 300;
export const MAX_NAME_LENGTH = 100;

/**
 * The scheme a drafter leaves out. "server.myndighet.se:4470" means https,
 * because a server used from other computers sits behind TLS (README, "The
 * sync server"); only a server on this computer ("localhost:4470",
 * "127.0.0.1:4470") means http, which is how `npm run server` serves it.
 * The WebSocket follows the same scheme (https → wss, http → ws; see
 * src-main/sync/server-url.ts).
 */
export function withDefaultScheme(input: string): string {
  const address = input.trim();
  const parts = /^(localhost|\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(:\d{1,5})?(\/\S*)?$/i.exec(address);
  // Anything else (a scheme of its own, a single word, spaces) is left as typed for the check below.
  if (parts === null) return address;
  const host = parts[1]!.toLowerCase();
  const onThisComputer = host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  return `${onThisComputer ? 'http' : 'https'}://${address}`;
}

/**
 * A sync server's base URL as the user types it, with or without its scheme.
 * Only the shape is checked here (shared/ has no URL parser); main parses and
 * normalises it (src-main/sync/server-url.ts) and refuses credentials,
 * queries and fragments.
 */
const serverUrl = z
  .string()
  .trim()
  .max(2000)
  .transform(withDefaultScheme)
  .pipe(z.string().regex(/^https?:\/\/[^\s]+$/i, 'must be a URL such as https://samskriv.example.se'));
/** Crockford base32 groups as the server prints them; spaces and case are forgiven (the server normalises). */
const invitationCode = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[0-9A-Za-z -]+$/, 'must be the invitation code, letters and digits in groups');
const planId = z.string().regex(UUID_PATTERN, 'must be a lower-case UUID');
/** The id the renderer gives a long call to ask for its progress (shared/progress/task-progress.ts). */
const progressId = z.string().regex(UUID_PATTERN, 'must be a lower-case UUID');
const docName = z
  .string()
  .max(200)
  .refine((name) => DOC_NAME_PATTERN.test(name) || parseSourceDocName(name) !== null, 'must be plan/<uuid>, plan/<uuid>/chapter/<uuid> or plan/<uuid>/source/<uuid>');
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
  deletePlan: z.tuple([z.object({ planId }).strict()]),
  loadPlan: z.tuple([z.object({ planId }).strict()]),
  saveUpdate: z.tuple([z.object({ docName, update }).strict()]),
  exportPlan: z.tuple([z.object({ planId, kind: z.enum(EXPORT_KINDS), progressId: progressId.optional() }).strict()]),
  // Main opens only paths it saved an export to; this bounds the argument.
  openExportedFile: z.tuple([z.object({ path: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters') }).strict()]),
  listExportKinds: noArgs,
  submitPlan: z.tuple([
    z.object({ planId, by: z.object({ memberId: z.string().min(1).max(100), name: z.string().trim().min(1).max(MAX_NAME_LENGTH), agency: z.enum(AGENCY_CODES) }).strict() }).strict(),
  ]),
  listSubmissions: z.tuple([z.object({ planId }).strict()]),
  loadSubmission: z.tuple([z.object({ planId, submissionId: z.string().regex(UUID_PATTERN, 'must be a lower-case UUID') }).strict()]),
  // The transport's bound; a source's own, smaller limit is a refusal the user can read (too-large).
  readSourceFile: z.tuple([z.object({ fileName: z.string().trim().min(1).max(255), data: update }).strict()]),
  // The size is the transport's bound; the import's own, smaller limit is a refusal the user can read (too-large).
  importDocx: z.tuple([
    z
      .object({
        upload: z.object({ fileName: z.string().trim().min(1).max(255), data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_UPDATE_BYTES, `must be at most ${MAX_UPDATE_BYTES} bytes`) }).strict().optional(),
        progressId: progressId.optional(),
      })
      .strict(),
  ]),
  getTaskProgress: z.tuple([z.object({ progressId }).strict()]),
  joinPlan: z.tuple([z.object({ serverUrl, code: invitationCode }).strict()]),
  publishPlan: z.tuple([z.object({ planId, serverUrl, code: invitationCode }).strict()]),
  getSyncCredentials: z.tuple([z.object({ planId, refresh: z.boolean().optional() }).strict()]),
  createInvitation: z.tuple([
    z.object({ planId, name: z.string().trim().min(1).max(MAX_NAME_LENGTH), agency: z.enum(AGENCY_CODES), role: z.enum(ROLES) }).strict(),
  ]),
  listMembers: z.tuple([z.object({ planId }).strict()]),
  removeMember: z.tuple([z.object({ planId, memberId: z.string().regex(UUID_PATTERN, 'must be a lower-case UUID') }).strict()]),
  listInvitations: z.tuple([z.object({ planId }).strict()]),
  revokeInvitation: z.tuple([z.object({ planId, invitationId: z.string().regex(INVITATION_ID_PATTERN, 'must be an invitation id') }).strict()]),
  exportChanges: z.tuple([z.object({ planId, recipientId: z.string().regex(UUID_PATTERN, 'must be a lower-case UUID').nullable() }).strict()]),
  exportPlanFile: z.tuple([z.object({ planId }).strict()]),
  listExchangeRecipients: z.tuple([z.object({ planId }).strict()]),
  inspectExchangeFile: z.tuple([
    z
      .object({
        planId: planId.nullable(),
        data: z
          .instanceof(Uint8Array, { message: 'must be binary (Uint8Array)' })
          .refine((u) => u.byteLength <= MAX_EXCHANGE_FILE_BYTES, `must be at most ${MAX_EXCHANGE_FILE_BYTES} bytes`)
          .optional(),
      })
      .strict(),
  ]),
  importExchangeFile: z.tuple([z.object({ fileId: z.string().regex(UUID_PATTERN, 'must be a lower-case UUID') }).strict()]),
  setAsideRefusedChange: z.tuple([
    z
      .object({
        planId,
        docKind: z.enum(REFUSED_DOC_KINDS),
        docId: z.string().regex(UUID_PATTERN, 'must be a lower-case UUID'),
        docTitle: z.string().max(MAX_TITLE_LENGTH),
        rule: z.enum(RULE_REFUSALS).nullable(),
        detail: z.string().max(500),
        by: z.object({ memberId: z.string().min(1).max(100), name: z.string().trim().min(1).max(MAX_NAME_LENGTH), agency: z.enum(AGENCY_CODES) }).strict(),
        update,
      })
      .strict(),
  ]),
  listRefusedChanges: z.tuple([z.object({ planId }).strict()]),
  discardRefusedChange: z.tuple([z.object({ planId, changeId: z.string().regex(REFUSED_CHANGE_ID_PATTERN, 'must be a refused change id') }).strict()]),
  exportRefusedChange: z.tuple([z.object({ planId, changeId: z.string().regex(REFUSED_CHANGE_ID_PATTERN, 'must be a refused change id') }).strict()]),
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

/** The field the first problem is about (`serverUrl`, `title`, …), for the renderer to name it in words. */
export function invalidField(error: z.ZodError): string | undefined {
  const path = error.issues[0]?.path ?? [];
  return path.filter((key): key is string => typeof key === 'string').at(-1);
}
