/**
 * HostApi: the only door between the renderer and the host (Electron main, or
 * the Node browser host in tests and in the browser build).
 *
 * One method per channel. Every method takes at most one plain-object argument
 * and returns a promise. The host validates every argument against
 * `host-api-schema.ts` and answers bad input with a HostError, never a crash.
 *
 * Binary data (Yjs updates) travels as Uint8Array. Electron's structured clone
 * carries it natively; the browser host's WebSocket transport encodes it (see
 * `wire.ts`).
 */
import type { AgencyCode } from '../agencies/agencies.ts';
import type { Author, Role } from '../plan/member.ts';
import type { PendingInvitation, ServerMember } from '../sync-protocol/http-api.ts';
import { EXCHANGE_REFUSALS } from '../sync-protocol/refusals.ts';
import type { HostResponse } from './host-error.ts';
import type { SourceReading } from '../sources/source-format.ts';
import type { ImportedDocument } from '../import/imported-document.ts';
import type { TaskProgress } from '../progress/task-progress.ts';
import type { ChapterChange, MergePreview } from '../exchange/merge-check.ts';
import type { NewRefusedChange, RefusedChange } from '../refused/refused-change.ts';

export type Language = 'sv' | 'en';

export interface Preferences {
  readonly language: Language;
  /** The agency the local user writes for; signs their comments. */
  readonly agency: AgencyCode | null;
  /** The local user's name, shown on their comments; null until they give it. */
  readonly name: string | null;
  /**
   * A random id for the local user, made by the host on first use and never
   * changed; comments are "mine" by this id, not by name. Not settable.
   */
  readonly memberId: string;
  /** The plan that was open when the app last closed. */
  readonly lastPlanId: string | null;
}

export interface PlanSummary {
  readonly id: string;
  readonly title: string;
  readonly chapterCount: number;
  readonly isSample: boolean;
  /** ISO timestamp of the last saved change to any of its docs. */
  readonly updatedAt: string;
  /** Why the plan cannot be read, or null. Such a plan is listed, not hidden. */
  readonly problem: string | null;
  /** The sync server this plan is shared through, or null for a plan only on this computer. */
  readonly server: PlanServerInfo | null;
}

export interface PlanServerInfo {
  readonly serverUrl: string;
  readonly member: ServerMember;
}

/** A change the sync server did not accept, kept on this computer (shared/refused/refused-change.ts). */
export type { NewRefusedChange, RefusedChange };

/** A member of a plan on a sync server, as its HTTP API shows it (shared/sync-protocol/http-api.ts). */
export type { PendingInvitation, ServerMember };

/** This computer's membership of a plan on a sync server. */
export interface ServerLink {
  readonly planId: string;
  /** The server's base URL, e.g. `https://samskriv.example.se`. */
  readonly serverUrl: string;
  readonly member: ServerMember;
  readonly tokenExpiresAt: string;
  /**
   * False when the operating system offers no safe storage for the token
   * (Electron safeStorage unavailable, or the browser host): the token is then
   * kept in memory only and the plan must be joined again after a restart.
   */
  readonly tokenPersisted: boolean;
}

/** What the renderer needs to open the plan's sync connection. */
export interface SyncCredentials {
  readonly planId: string;
  readonly serverUrl: string;
  /** `ws:` or `wss:` URL of the same server. */
  readonly websocketUrl: string;
  readonly token: string;
  readonly member: ServerMember;
}

export interface Invitation {
  /** One-time code, e.g. `7KQ2-M9XD-4HTR-0CWA-PB3N`. */
  readonly code: string;
  readonly expiresAt: string;
}

export interface StoredDoc {
  readonly name: string;
  /** Full state of the doc as one Yjs update (snapshot merged with the log). */
  readonly update: Uint8Array;
}

export interface LoadedPlan {
  readonly planId: string;
  readonly manifest: StoredDoc;
  readonly chapters: readonly StoredDoc[];
  /** Its sources (shared/sources/source-doc.ts); absent from a host that predates them. */
  readonly sources?: readonly StoredDoc[];
  /** The sync server the plan is shared through, or null for a plan only on this computer. */
  readonly server: PlanServerInfo | null;
}

export type StoreStatus =
  | { readonly state: 'ok'; readonly path: string }
  | {
      /**
       * `missing`: the file is gone although a store was created there;
       * `emptied`: the file is 0 bytes long. Both mean the plans that were
       * stored are not there, so the host does not start an empty store by itself.
       */
      readonly state: 'corrupt' | 'foreign' | 'too-new' | 'missing' | 'emptied';
      readonly path: string;
      readonly detail: string;
    };

/**
 * The submission, without comments: `word`; `pdf`, printed by Chromium from
 * the print view (the desktop's printToPDF, or the browser's own print
 * dialog), with links but no page numbers in its table of contents;
 * `pdf-libreoffice`, the Word file converted by LibreOffice, with page
 * numbers there (only where LibreOffice is installed). `review`: the
 * granskningsversion in Word, with the open comment threads.
 */
export const EXPORT_KINDS = ['word', 'pdf', 'pdf-libreoffice', 'review'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type ExportResult =
  | { readonly outcome: 'saved'; readonly path: string }
  | { readonly outcome: 'cancelled' }
  /** No save dialog here (the browser host): the renderer offers the file as a download. */
  | { readonly outcome: 'download'; readonly fileName: string; readonly mediaType: string; readonly data: Uint8Array };

/**
 * What `exportPlan` answers: an export's result, or (the browser host, for
 * `pdf`) the print view to open at `url` on the host, where the browser's
 * own print dialog saves it as PDF.
 */
export type PlanExportResult = ExportResult | { readonly outcome: 'print-view'; readonly url: string; readonly fileName: string };

/** A Word file the browser uploads for import (the desktop reads it through the system's open dialog instead). */
export interface ImportUpload {
  readonly fileName: string;
  readonly data: Uint8Array;
}

export type ImportResult =
  | { readonly outcome: 'read'; readonly document: ImportedDocument }
  | { readonly outcome: 'cancelled' }
  /** No open dialog here (the browser host): the renderer asks for the file and uploads it. */
  | { readonly outcome: 'choose-file' };

/**
 * Why an exchange file is refused; each has its own sentence in the UI
 * (src-renderer/exchange/). The sync server's own reasons (EXCHANGE_REFUSALS)
 * and the import's: `server-unreachable` is a shared plan's file that
 * carries what only the server may accept in its signer's name (her
 * comments, suggestions) while the server cannot be reached: nothing was
 * imported, and the file can be imported again later.
 */
export const EXCHANGE_PROBLEMS = [...EXCHANGE_REFUSALS, 'plan-exists', 'changes-not-plan', 'server-unreachable'] as const;
export type ExchangeProblem = (typeof EXCHANGE_PROBLEMS)[number];

/** The member who signed an exchange file, as this computer knows them. */
export interface ExchangeSenderInfo {
  readonly memberId: string;
  readonly name: string;
  readonly agency: AgencyCode;
  readonly role: Role;
  /** Set the first time a member's file is read for a plan without a server: the key's fingerprint, for the user to compare. */
  readonly newKeyFingerprint: string | null;
}

export interface ExchangeRefusal {
  readonly problem: ExchangeProblem;
  /** The signer the refusal is about, when known. */
  readonly sender: ExchangeSenderInfo | null;
  /** `rule-refused`: the rule (shared/sync-protocol/refusals.ts, RULE_REFUSALS). */
  readonly rule?: string;
  /** `other-plan`, `plan-exists`: the title the file gives its plan. */
  readonly planTitle?: string;
}

/** What an exchange file changes in one chapter, and the whole preview (shared/exchange/merge-check.ts). */
export type ExchangeChapterChange = ChapterChange;
export type ExchangePreview = Omit<MergePreview, 'updates'>;

export type ExchangeInspection =
  | {
      readonly outcome: 'ready';
      /** Names the checked file in `importExchangeFile`; it waits in the host for 30 minutes. */
      readonly fileId: string;
      /** `changes`: from "Exportera mina ändringar"; `plan`: a whole plan. */
      readonly kind: 'changes' | 'plan';
      readonly planId: string;
      readonly createdAt: string;
      readonly sender: ExchangeSenderInfo;
      /** Members whose files the sender passed on inside this one. */
      readonly relayedFrom: readonly ExchangeSenderInfo[];
      readonly preview: ExchangePreview;
    }
  | { readonly outcome: 'refused'; readonly refusal: ExchangeRefusal };

export type ExchangeFileChoice =
  | ExchangeInspection
  | { readonly outcome: 'cancelled' }
  /** No file dialog here (the browser host): the renderer asks for the file and sends its bytes. */
  | { readonly outcome: 'upload' };

/** The sync server refused a shared plan's file, or could not be reached for one that needs it: nothing was stored. */
export interface ImportRefused {
  readonly outcome: 'refused';
  readonly refusal: ExchangeRefusal;
}

export interface ImportOutcome {
  readonly outcome: 'imported';
  readonly planId: string;
  /** A shared plan's file went to the sync server first, which applied it in its signer's name (issue 17). */
  readonly sentToServer: boolean;
  /** What the import stored, per doc: the open plan applies these, and its sync sends them on. */
  readonly updates: readonly StoredDoc[];
}

/**
 * A submitted edition of a plan (issue 14, "Lämna in"): an immutable copy of
 * every doc of the plan as this computer held it, with who submitted it and
 * when. The host offers no way to change or delete one.
 */
export interface SubmittedEdition {
  readonly id: string;
  readonly planId: string;
  /** ISO 8601, the host's clock. */
  readonly submittedAt: string;
  readonly submittedBy: Author;
  readonly docCount: number;
  /** SHA-256 (hex) over every doc's name and bytes, in name order: what was submitted, byte for byte. */
  readonly sha256: string;
}

export interface SaveReceipt {
  /** Sequence number of the committed update in the local log. */
  readonly seq: number;
}

export interface HostApi {
  /** State of the local database; the UI offers a way out when it is not ok. */
  getStoreStatus(): Promise<StoreStatus>;
  /**
   * Renames an unusable database file aside (never overwriting it) and starts
   * a fresh, empty one. Returns the new status and where the old file went.
   */
  moveStoreAside(): Promise<{ readonly status: StoreStatus; readonly movedTo: string }>;

  getPreferences(): Promise<Preferences>;
  setPreferences(input: Partial<Omit<Preferences, 'memberId'>>): Promise<Preferences>;

  listPlans(): Promise<readonly PlanSummary[]>;
  createPlan(input: { readonly title: string }): Promise<PlanSummary>;
  /** Opens the bundled sample plan, creating the local copy on first use. */
  openSamplePlan(): Promise<PlanSummary>;
  /**
   * Deletes a plan from this computer: its manifest, all its chapters, its
   * sync-server link and token. A shared plan stays on its server and with
   * the other members; nothing is sent there. Cannot be undone.
   */
  deletePlan(input: { readonly planId: string }): Promise<void>;
  /** Every stored doc of a plan: its manifest and all its chapters. */
  loadPlan(input: { readonly planId: string }): Promise<LoadedPlan>;
  /**
   * Appends one Yjs update to a doc's log. Resolves only after the update is
   * committed to disk; until then the renderer counts it as unsaved.
   */
  saveUpdate(input: { readonly docName: string; readonly update: Uint8Array }): Promise<SaveReceipt>;
  /**
   * Exports the plan as stored on this computer (src-main/export/): the
   * submission in Word or PDF, or the review copy in Word. The desktop asks
   * where to save it; the browser host hands the file back to download.
   */
  exportPlan(input: { readonly planId: string; readonly kind: ExportKind; readonly progressId?: string }): Promise<PlanExportResult>;
  /**
   * Opens a file `exportPlan` saved (answered `saved` with this path) in the
   * system's app for it (Electron's shell.openPath). Only such paths: any
   * other is `not-found`, so the renderer cannot open or run anything else.
   * The browser host opens nothing (its result is the download):
   * `invalid-argument`.
   */
  openExportedFile(input: { readonly path: string }): Promise<void>;
  /**
   * The kinds of export this host can make now, in menu order: every kind,
   * less `pdf-libreoffice` where LibreOffice is not installed.
   */
  listExportKinds(): Promise<readonly ExportKind[]>;
  /**
   * "Lämna in": stores the submitted edition of the plan as stored on this
   * computer (save first). Only the coordinator (the server's role on a
   * shared plan; writing for Arbetsförmedlingen on a local one), and only
   * when the readiness check finds nothing in the way; otherwise
   * `submission-refused` with the reason `not-coordinator` or `not-ready`.
   */
  submitPlan(input: { readonly planId: string; readonly by: Author }): Promise<SubmittedEdition>;
  /** The plan's submitted editions, oldest first. */
  listSubmissions(input: { readonly planId: string }): Promise<readonly SubmittedEdition[]>;
  /** One edition's docs exactly as submitted (checked against its SHA-256). */
  loadSubmission(input: { readonly planId: string; readonly submissionId: string }): Promise<{ readonly edition: SubmittedEdition; readonly docs: readonly StoredDoc[] }>;
  /**
   * Reads a file offered as a source (PDF, Word or text; src-main/sources/):
   * its text, or why it is refused. Stores nothing: the renderer writes the
   * source's doc with the text and the file only when this succeeds.
   */
  readSourceFile(input: { readonly fileName: string; readonly data: Uint8Array }): Promise<SourceReading>;
  /**
   * Reads a Word file for import (src-main/import/): from the system's open
   * dialog on the desktop, or from `upload` in the browser. Nothing in the
   * plan changes here; the renderer shows the result and applies it to a
   * chapter (shared/import/apply-import.ts). A file that cannot or must not
   * be read fails with `import-failed` and a reason (shared/import/import-refusal.ts).
   */
  importDocx(input: { readonly upload?: ImportUpload; readonly progressId?: string }): Promise<ImportResult>;
  /**
   * How far the `exportPlan` or `importDocx` call given this `progressId` (a
   * UUID the renderer chose) has come; null before it starts and a minute
   * after it ends. The renderer asks while it waits (shared/progress/task-progress.ts).
   */
  getTaskProgress(input: { readonly progressId: string }): Promise<TaskProgress | null>;

  /**
   * Joins a plan on a sync server with a one-time invitation code. The token
   * the server grants is kept by main (Electron safeStorage), never in a
   * plain file; the plan is listed at once and its docs arrive by sync.
   */
  joinPlan(input: { readonly serverUrl: string; readonly code: string }): Promise<ServerLink>;
  /** Publishes a local plan to a sync server with a one-time publish code; the user becomes its coordinator. */
  publishPlan(input: { readonly planId: string; readonly serverUrl: string; readonly code: string }): Promise<ServerLink>;
  /**
   * The token and addresses to sync a plan with, renewed when close to expiry;
   * null for a local-only plan. `refresh` renews it now, which also brings
   * the member's current role (after the server closed the socket with 4409
   * role-changed).
   */
  getSyncCredentials(input: { readonly planId: string; readonly refresh?: boolean }): Promise<SyncCredentials | null>;
  /** Coordinator only: a one-time invitation code for a new member. */
  createInvitation(input: { readonly planId: string; readonly name: string; readonly agency: AgencyCode; readonly role: Role }): Promise<Invitation>;
  listMembers(input: { readonly planId: string }): Promise<readonly ServerMember[]>;
  /** Coordinator only: removes a member; their connections close and their token stops working. */
  removeMember(input: { readonly planId: string; readonly memberId: string }): Promise<void>;
  /** Coordinator only: invitations not yet used or revoked, with the code of each one made in the app. */
  listInvitations(input: { readonly planId: string }): Promise<readonly PendingInvitation[]>;
  /** Coordinator only: withdraws a pending invitation; its code stops working. */
  revokeInvitation(input: { readonly planId: string; readonly invitationId: string }): Promise<void>;

  /**
   * Exchange by file (issue 17). Writes the local user's changes for a
   * member (null: everything) to a signed `.samskriv` file: the desktop asks
   * where, the browser host hands it back to download; `nothing-new` when
   * the recipient is known to have everything already.
   */
  exportChanges(input: { readonly planId: string; readonly recipientId: string | null }): Promise<ExportResult | { readonly outcome: 'nothing-new' }>;
  /** The whole plan in one signed file: every doc, whole. */
  exportPlanFile(input: { readonly planId: string }): Promise<ExportResult>;
  /** The members an export may be addressed to (the trusted list, without the local user). */
  listExchangeRecipients(input: { readonly planId: string }): Promise<readonly ExchangeSenderInfo[]>;
  /**
   * Reads an exchange file and says what importing it would do; stores
   * nothing. `planId`: the open plan, for a changes file; null to open a
   * plan file. Without `data` the desktop shows its open dialog and the
   * browser host answers `upload`.
   */
  inspectExchangeFile(input: { readonly planId: string | null; readonly data?: Uint8Array }): Promise<ExchangeFileChoice>;
  /** Imports a file `inspectExchangeFile` checked: its changes into the plan, or a plan file as a new plan. */
  importExchangeFile(input: { readonly fileId: string }): Promise<ImportOutcome | ImportRefused>;

  /**
   * The sync server refused an update of a chapter (issue 13): keeps the
   * chapter as it stood here (`update`, the whole doc) as a record, then
   * forgets the chapter's stored state, so the renderer rebuilds it from the
   * server's copy and it syncs again. Resolves with the record once it is
   * committed (the one already kept, if this state was set aside before).
   */
  setAsideRefusedChange(input: NewRefusedChange): Promise<RefusedChange>;
  /** The plan's refused changes kept on this computer, oldest first. */
  listRefusedChanges(input: { readonly planId: string }): Promise<readonly RefusedChange[]>;
  /** The user's decision to let a refused change go (after the app asked for confirmation). */
  discardRefusedChange(input: { readonly planId: string; readonly changeId: string }): Promise<void>;
  /** The refused chapter's words as a text file, to send to the owner agency: the save dialog, or a download. */
  exportRefusedChange(input: { readonly planId: string; readonly changeId: string }): Promise<ExportResult>;
}

export type HostMethod = keyof HostApi;

/** The channel list, in one place, for the preload, main and the browser host. */
export const HOST_METHODS = [
  'getStoreStatus',
  'moveStoreAside',
  'getPreferences',
  'submitPlan',
  'listSubmissions',
  'loadSubmission',
  'setPreferences',
  'listPlans',
  'createPlan',
  'openSamplePlan',
  'deletePlan',
  'loadPlan',
  'saveUpdate',
  'exportPlan',
  'openExportedFile',
  'listExportKinds',
  'readSourceFile',
  'importDocx',
  'getTaskProgress',
  'joinPlan',
  'publishPlan',
  'getSyncCredentials',
  'createInvitation',
  'listMembers',
  'removeMember',
  'listInvitations',
  'revokeInvitation',
  'exportChanges',
  'exportPlanFile',
  'listExchangeRecipients',
  'inspectExchangeFile',
  'importExchangeFile',
  'setAsideRefusedChange',
  'listRefusedChanges',
  'discardRefusedChange',
  'exportRefusedChange',
] as const satisfies readonly HostMethod[];

// Compile-time check that HOST_METHODS lists every HostApi method.
type MissingMethods = Exclude<HostMethod, (typeof HOST_METHODS)[number]>;
const _everyMethodListed: MissingMethods extends never ? true : MissingMethods = true;
void _everyMethodListed;

export function hostChannel(method: HostMethod): string {
  return `samskriv:${method}`;
}

export type HostArgs<M extends HostMethod> = Parameters<HostApi[M]>;
export type HostResult<M extends HostMethod> = Awaited<ReturnType<HostApi[M]>>;

/**
 * What the preload exposes on `window.samskrivHost`: the same methods, but
 * answering with the response envelope, because Error subclasses do not
 * survive contextBridge. The renderer unwraps it into a HostApi.
 */
export type RawHostApi = {
  readonly [M in HostMethod]: (...args: HostArgs<M>) => Promise<HostResponse<HostResult<M>>>;
};
