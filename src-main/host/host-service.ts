/**
 * The host side of HostApi: owns the local database and answers every call.
 *
 * The same class serves Electron's IPC and the browser host's WebSocket, so
 * end-to-end tests exercise exactly the code a desktop user runs. Arguments
 * arrive here already validated by `host-dispatch.ts`.
 *
 * If the database cannot be opened (corrupt, another app's file, written by a
 * newer Samskriv), the service still starts: it reports the problem through
 * `getStoreStatus` and refuses plan calls with `store-unavailable` until the
 * user chooses the way out, `moveStoreAside`. The unusable file is never
 * written to. A store that is missing or emptied is reported the same way,
 * never silently replaced by an empty one.
 *
 * What the store holds for one document may be damaged while the rest is
 * fine (`StoreDataError`): calls that read it fail with `store-damaged`, so
 * the renderer says so instead of showing changed or incomplete text.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { isAgencyCode } from '../../shared/agencies/agencies.ts';
import type {
  HostApi,
  Invitation,
  LoadedPlan,
  PendingInvitation,
  PlanSummary,
  Preferences,
  SaveReceipt,
  ServerLink,
  ServerMember,
  StoreStatus,
  SyncCredentials,
} from '../../shared/host-api/host-api.ts';
import { HostError } from '../../shared/host-api/host-error.ts';
import { MAX_NAME_LENGTH } from '../../shared/host-api/host-api-schema.ts';
import { isUuid } from '../../shared/plan/doc-names.ts';
import { PlanService } from '../plans/plan-service.ts';
import { SubmissionStore } from '../submission/submission-store.ts';
import { submitPlan } from '../submission/submit-plan.ts';
import type { StoredDoc, SubmittedEdition } from '../../shared/host-api/host-api.ts';
import type { Author } from '../../shared/plan/member.ts';
import { DocStore, StoreDataError, StoreOpenError } from '../../src-node/storage/doc-store.ts';
import { ServerLinks } from '../sync/server-links.ts';
import { SyncServerApi } from '../sync/sync-server-api.ts';
import { memoryOnlyVault, type TokenVault } from '../sync/token-vault.ts';
import { transportPolicyFromArgv, type TransportPolicy } from '../sync/transport-policy.ts';
import { ConversionError, libreOfficeInstalled } from '../export/libreoffice.ts';
import { PDF_MEDIA_TYPE, type ExportedFile } from '../export/plan-export.ts';
import { PrintViewStore } from '../export/print-view-store.ts';
import { runExport } from '../export/run-export.ts';
import { runImport } from '../import/run-import.ts';
import { ProgressBoard } from '../progress/progress-board.ts';
import type { TaskPhase, TaskProgress } from '../../shared/progress/task-progress.ts';
import { MAX_IMPORT_BYTES } from '../import/docx-package.ts';
import { ImportRefusal } from '../../shared/import/import-refusal.ts';
import { importedDocumentSchema } from '../../shared/import/imported-document.ts';
import type { ImportResult, ImportUpload } from '../../shared/host-api/host-api.ts';
import { ExchangeService } from '../exchange/exchange-service.ts';
import { RefusedChangeStore } from '../refused/refused-change-store.ts';
import type { NewRefusedChange, RefusedChange } from '../../shared/refused/refused-change.ts';
import { MemberKeys } from '../exchange/member-keys.ts';
import { registerMissingKey } from '../exchange/key-registration.ts';
import { localRole, type Member } from '../../shared/plan/member.ts';
import type { ExchangeFileChoice, ExchangeSenderInfo, ImportOutcome, ImportRefused } from '../../shared/host-api/host-api.ts';
import { EXPORT_KINDS, type ExportKind, type ExportResult, type Language, type PlanExportResult } from '../../shared/host-api/host-api.ts';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import type { SourceReading } from '../../shared/sources/source-format.ts';
import { readSourceInWorker } from '../sources/read-source.ts';
import type { Role } from '../../shared/plan/member.ts';

export const DATABASE_FILE_NAME = 'samskriv.sqlite';

const PREFERENCES_SETTING = 'preferences';

export const DEFAULT_PREFERENCES: Omit<Preferences, 'memberId'> = { language: 'sv', agency: null, name: null, lastPlanId: null };

/** Localised default names for things main creates on the user's behalf. */
const FIRST_CHAPTER_TITLE = { sv: 'Kapitel 1', en: 'Chapter 1' } as const;

export class HostService implements HostApi {
  readonly #databasePath: string;
  #store: DocStore | null = null;
  #plans: PlanService | null = null;
  #status: StoreStatus;
  #closed = false;

  readonly #vault: TokenVault;
  readonly #serverApi: SyncServerApi;
  readonly #transport: TransportPolicy;
  #links: ServerLinks | null = null;
  readonly #saveExport: SaveExport | null;
  readonly #printPdf: PrintPdf | null;
  readonly #openFile: OpenFile | null;
  /** Paths `exportPlan` saved to in this run: the only ones `openExportedFile` opens. */
  readonly #savedExports = new Set<string>();
  /** The browser host's print views, served by web-host.ts at the path `exportPlan` answers. */
  readonly printViews = new PrintViewStore();
  readonly #openImport: OpenImport | null;
  /** Where running exports and Word imports say how far they have come (`getTaskProgress`). */
  readonly progress = new ProgressBoard();
  readonly #openExchangeFile: OpenExchangeFile | null;
  #keys: MemberKeys | null = null;
  #exchange: ExchangeService | null = null;

  /**
   * `vault` decides where member tokens of shared plans rest (token-vault.ts):
   * Electron passes safeStorage; without one, tokens live in memory only.
   * `transport` says whether plain http to another computer is allowed; by
   * default only the process's own `--insecure` switch allows it (the
   * desktop app and the browser host alike), never anything the renderer sends.
   * `saveExport` asks the user where an export goes and writes it (Electron's
   * save dialog); without one, an export is handed back for the browser to download.
   */
  constructor(
    dataDir: string,
    options: {
      vault?: TokenVault;
      serverApi?: SyncServerApi;
      transport?: TransportPolicy;
      saveExport?: SaveExport;
      /** The desktop's open dialog for Word files to import; without one, the renderer uploads them. */
      openImport?: OpenImport;
      /** The desktop's open dialog for exchange files; without one, the renderer uploads them. */
      openExchangeFile?: OpenExchangeFile;
      /** The desktop's printToPDF of the print view; without one, a PDF export is the print view for the browser to print. */
      printPdf?: PrintPdf;
      /** The desktop's "open in the system's app" (shell.openPath); without one, exports are not opened. */
      openFile?: OpenFile;
    } = {},
  ) {
    this.#databasePath = join(dataDir, DATABASE_FILE_NAME);
    this.#vault = options.vault ?? memoryOnlyVault();
    this.#serverApi = options.serverApi ?? new SyncServerApi();
    this.#transport = options.transport ?? transportPolicyFromArgv();
    this.#saveExport = options.saveExport ?? null;
    this.#openImport = options.openImport ?? null;
    this.#openExchangeFile = options.openExchangeFile ?? null;
    this.#printPdf = options.printPdf ?? null;
    this.#openFile = options.openFile ?? null;
    this.#status = this.#open();
  }

  /** Closes the database. Every acknowledged update is already on disk. */
  close(): void {
    this.#store?.close();
    this.#store = null;
    this.#plans = null;
    this.#links = null;
    this.#keys = null;
    this.#exchange = null;
    this.#closed = true;
  }

  async getStoreStatus(): Promise<StoreStatus> {
    return this.#status;
  }

  async moveStoreAside(): Promise<{ status: StoreStatus; movedTo: string }> {
    if (this.#status.state === 'ok') {
      throw new HostError('invalid-argument', 'moveStoreAside: the database is healthy; there is nothing to move aside.');
    }
    const movedTo = DocStore.moveAside(this.#databasePath);
    this.#status = this.#open();
    return { status: this.#status, movedTo };
  }

  async getPreferences(): Promise<Preferences> {
    // Preferences live in the database. When it cannot be opened the
    // defaults apply, so the error screen is shown in Swedish; the member id
    // is then a throw-away one, and nothing can be written under it anyway.
    if (this.#store === null) return { ...DEFAULT_PREFERENCES, memberId: randomUUID() };
    return this.#storedPreferences(this.#store);
  }

  async setPreferences(input: Partial<Omit<Preferences, 'memberId'>>): Promise<Preferences> {
    const store = this.#requireStore();
    const next: Preferences = { ...this.#storedPreferences(store), ...stripUndefined(input) };
    store.setSetting(PREFERENCES_SETTING, next);
    return next;
  }

  /** The stored preferences; the member id is made and stored on first use. */
  #storedPreferences(store: DocStore): Preferences {
    const stored = store.getSetting(PREFERENCES_SETTING);
    const preferences = readPreferences(stored);
    if (preferences.memberId !== null) return { ...preferences, memberId: preferences.memberId };
    const withId: Preferences = { ...preferences, memberId: randomUUID() };
    store.setSetting(PREFERENCES_SETTING, withId);
    return withId;
  }

  async listPlans(): Promise<readonly PlanSummary[]> {
    return this.#requirePlans().listPlans();
  }

  async createPlan(input: { title: string }): Promise<PlanSummary> {
    const { language } = await this.getPreferences();
    return this.#requirePlans().createPlan({ title: input.title, firstChapterTitle: FIRST_CHAPTER_TITLE[language] });
  }

  async openSamplePlan(): Promise<PlanSummary> {
    return this.#requirePlans().openSamplePlan();
  }

  /**
   * Deletes a plan from this computer (PlanService.deletePlan), and stops
   * the app from reopening it at the next start.
   */
  async deletePlan(input: { planId: string }): Promise<void> {
    const store = this.#requireStore();
    this.#requirePlans().deletePlan(input.planId);
    const preferences = this.#storedPreferences(store);
    if (preferences.lastPlanId === input.planId) store.setSetting(PREFERENCES_SETTING, { ...preferences, lastPlanId: null });
  }

  async loadPlan(input: { planId: string }): Promise<LoadedPlan> {
    return damageReported(() => this.#requirePlans().loadPlan(input.planId));
  }

  async saveUpdate(input: { docName: string; update: Uint8Array }): Promise<SaveReceipt> {
    // Checked against the stored state first, which reads it.
    return damageReported(() => this.#requirePlans().saveUpdate(input.docName, input.update));
  }

  /** A file offered as a source: its text or why not, read in a worker with limits (src-main/sources/); nothing is stored. */
  async readSourceFile(input: { fileName: string; data: Uint8Array }): Promise<SourceReading> {
    return readSourceInWorker(input.fileName, input.data);
  }

  /** "Lämna in": checked again here (src-main/submission/submit-plan.ts), then stored for good. */
  async submitPlan(input: { planId: string; by: Author }): Promise<SubmittedEdition> {
    const loaded = await this.loadPlan({ planId: input.planId });
    const { agency } = await this.getPreferences();
    return submitPlan(loaded, input.by, agency, this.#requireSubmissions(), new Date());
  }

  async listSubmissions(input: { planId: string }): Promise<readonly SubmittedEdition[]> {
    return this.#requireSubmissions().list(input.planId);
  }

  async loadSubmission(input: { planId: string; submissionId: string }): Promise<{ edition: SubmittedEdition; docs: StoredDoc[] }> {
    const found = damageReported(() => this.#requireSubmissions().load(input.planId, input.submissionId));
    if (found === null) throw new HostError('not-found', `No submitted edition ${input.submissionId} of plan ${input.planId}.`);
    return found;
  }

  #requireSubmissions(): SubmissionStore {
    return new SubmissionStore(this.#requireStore());
  }

  /** Builds the file first, then asks where it goes, so a failed export never leaves a half-written file. */
  async exportPlan(input: { planId: string; kind: ExportKind; progressId?: string }): Promise<PlanExportResult> {
    return this.progress.track(input.progressId, (onPhase) => this.#exportPlan(input, onPhase));
  }

  async #exportPlan(input: { planId: string; kind: ExportKind }, onPhase: ((phase: TaskPhase) => void) | undefined): Promise<PlanExportResult> {
    const loaded = await this.loadPlan(input);
    let file: ExportedFile;
    try {
      // In a worker: laying out a 300-page plan takes seconds, and main must keep answering saves meanwhile.
      file = await runExport(loaded, input.kind, { now: new Date(), ...(onPhase !== undefined ? { onPhase } : {}) });
      // `pdf` is the print view: the desktop prints it here; the browser host hands it to the browser to print.
      if (input.kind === 'pdf' && this.#printPdf !== null) {
        onPhase?.('printing');
        file = await this.#printed(file);
      }
    } catch (error) {
      if (error instanceof ConversionError) throw new HostError('export-failed', error.message, error.reason);
      throw error;
    }
    if (input.kind === 'pdf' && this.#printPdf === null) {
      return { outcome: 'print-view', url: this.printViews.offer(new TextDecoder().decode(file.data)), fileName: file.fileName };
    }
    if (this.#saveExport === null) return { outcome: 'download', ...file };
    const { language } = await this.getPreferences();
    const path = await this.#saveExport(file, language);
    if (path !== null) this.#savedExports.add(path);
    return path === null ? { outcome: 'cancelled' } : { outcome: 'saved', path };
  }

  async listExportKinds(): Promise<readonly ExportKind[]> {
    return EXPORT_KINDS.filter((kind) => kind !== 'pdf-libreoffice' || libreOfficeInstalled());
  }

  async openExportedFile(input: { path: string }): Promise<void> {
    if (this.#openFile === null) throw new HostError('invalid-argument', 'openExportedFile: this host does not open files; the export was downloaded.', 'path');
    if (!this.#savedExports.has(input.path)) throw new HostError('not-found', 'openExportedFile: no export was saved at this path in this session.');
    const problem = await this.#openFile(input.path);
    if (problem !== '') throw new HostError('export-failed', `The system could not open ${input.path}: ${problem}`, 'open-failed');
  }

  async #printed(view: ExportedFile): Promise<ExportedFile> {
    try {
      return { fileName: view.fileName, mediaType: PDF_MEDIA_TYPE, data: await this.#printPdf!(new TextDecoder().decode(view.data)) };
    } catch (error) {
      throw new ConversionError('conversion-failed', `Printing the print view to PDF failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The member's exchange-file key is made first, so the server lists its public half (issue 17). */
  /**
   * Reads a Word file in the import worker (src-main/import/run-import.ts)
   * and hands back the checked result; the plan is not touched here.
   */
  async importDocx(input: { upload?: ImportUpload; progressId?: string }): Promise<ImportResult> {
    return this.progress.track(input.progressId, (onPhase) => this.#importDocx(input, onPhase));
  }

  async getTaskProgress(input: { progressId: string }): Promise<TaskProgress | null> {
    return this.progress.read(input.progressId);
  }

  async #importDocx(input: { upload?: ImportUpload }, onPhase: ((phase: TaskPhase) => void) | undefined): Promise<ImportResult> {
    let file: ImportUpload | null;
    if (input.upload !== undefined) file = input.upload;
    else if (this.#openImport === null) return { outcome: 'choose-file' };
    else {
      const { language } = await this.getPreferences();
      try {
        file = await this.#openImport(language);
      } catch (error) {
        if (error instanceof ImportRefusal) throw new HostError('import-failed', error.message, error.reason);
        throw error;
      }
    }
    if (file === null) return { outcome: 'cancelled' };
    try {
      if (file.data.byteLength > MAX_IMPORT_BYTES) throw new ImportRefusal('too-large', `${file.fileName} is ${file.data.byteLength} bytes; at most ${MAX_IMPORT_BYTES} are imported.`);
      const document = await runImport(file.data, file.fileName, undefined, onPhase);
      // What the worker sends back is checked like any input before it goes on.
      onPhase?.('checking');
      return { outcome: 'read', document: importedDocumentSchema.parse(document) };
    } catch (error) {
      if (error instanceof ImportRefusal) throw new HostError('import-failed', error.message, error.reason);
      throw error;
    }
  }

  async joinPlan(input: { serverUrl: string; code: string }): Promise<ServerLink> {
    const key = this.#requireKeys().prepare();
    const link = await this.#requireLinks().join(input.serverUrl, input.code, key.publicKey);
    key.adopt(link.member.id);
    return link;
  }

  async publishPlan(input: { planId: string; serverUrl: string; code: string }): Promise<ServerLink> {
    if (!this.#requirePlans().hasPlan(input.planId)) throw new HostError('not-found', `No plan with id ${input.planId} is stored on this computer.`);
    const key = this.#requireKeys().prepare();
    const link = await this.#requireLinks().publish(input.planId, input.serverUrl, input.code, key.publicKey);
    key.adopt(link.member.id);
    return link;
  }

  async getSyncCredentials(input: { planId: string; refresh?: boolean }): Promise<SyncCredentials | null> {
    const credentials = await this.#requireLinks().credentials(input.planId, { refresh: input.refresh === true });
    // A member who joined before exchange keys existed files hers now (issue 17).
    if (credentials !== null) await registerMissingKey(this.#requireLinks(), this.#requireKeys(), credentials);
    return credentials;
  }

  async createInvitation(input: { planId: string; name: string; agency: AgencyCode; role: Role }): Promise<Invitation> {
    return this.#requireLinks().invite(input.planId, { name: input.name, agency: input.agency, role: input.role });
  }

  async listMembers(input: { planId: string }): Promise<readonly ServerMember[]> {
    return this.#requireLinks().members(input.planId);
  }

  async removeMember(input: { planId: string; memberId: string }): Promise<void> {
    await this.#requireLinks().remove(input.planId, input.memberId);
  }

  async listInvitations(input: { planId: string }): Promise<readonly PendingInvitation[]> {
    return this.#requireLinks().invitations(input.planId);
  }

  async revokeInvitation(input: { planId: string; invitationId: string }): Promise<void> {
    await this.#requireLinks().revokeInvitation(input.planId, input.invitationId);
  }

  async exportChanges(input: { planId: string; recipientId: string | null }): Promise<ExportResult | { outcome: 'nothing-new' }> {
    const file = damageReported(() => this.#requireExchange().exportChanges(input.planId, input.recipientId));
    return file === null ? { outcome: 'nothing-new' } : this.#deliver(file);
  }

  async exportPlanFile(input: { planId: string }): Promise<ExportResult> {
    return this.#deliver(damageReported(() => this.#requireExchange().exportPlan(input.planId)));
  }

  async listExchangeRecipients(input: { planId: string }): Promise<readonly ExchangeSenderInfo[]> {
    return this.#requireExchange().recipients(input.planId);
  }

  async inspectExchangeFile(input: { planId: string | null; data?: Uint8Array }): Promise<ExchangeFileChoice> {
    const exchange = this.#requireExchange();
    if (input.planId !== null && !this.#requirePlans().hasPlan(input.planId)) throw new HostError('not-found', `No plan with id ${input.planId} is stored on this computer.`);
    let data = input.data;
    if (data === undefined) {
      if (this.#openExchangeFile === null) return { outcome: 'upload' };
      const { language } = await this.getPreferences();
      const chosen = await this.#openExchangeFile(language);
      if (chosen === null) return { outcome: 'cancelled' };
      if (chosen === 'too-large') return { outcome: 'refused', refusal: { problem: 'too-large', sender: null } };
      data = chosen;
    }
    try {
      return await exchange.inspect(data, input.planId);
    } catch (error) {
      return damageReported(() => {
        throw error;
      });
    }
  }

  async importExchangeFile(input: { fileId: string }): Promise<ImportOutcome | ImportRefused> {
    const exchange = this.#requireExchange();
    try {
      return await exchange.apply(input.fileId);
    } catch (error) {
      return damageReported(() => {
        throw error;
      });
    }
  }

  /** A chapter the sync server refused: kept as a record, then forgotten here (src-main/refused/). */
  async setAsideRefusedChange(input: NewRefusedChange): Promise<RefusedChange> {
    return damageReported(() => this.#refusedChanges(input.planId).setAside(input));
  }

  async listRefusedChanges(input: { planId: string }): Promise<readonly RefusedChange[]> {
    return damageReported(() => this.#refusedChanges(input.planId).list(input.planId));
  }

  async discardRefusedChange(input: { planId: string; changeId: string }): Promise<void> {
    damageReported(() => this.#refusedChanges(input.planId).discard(input.planId, input.changeId));
  }

  async exportRefusedChange(input: { planId: string; changeId: string }): Promise<ExportResult> {
    const { language } = await this.getPreferences();
    return this.#deliver(damageReported(() => this.#refusedChanges(input.planId).exportFile(input.planId, input.changeId, language)));
  }

  #refusedChanges(planId: string): RefusedChangeStore {
    const plans = this.#requirePlans();
    if (!plans.hasPlan(planId)) throw new HostError('not-found', `No plan with id ${planId} is stored on this computer.`);
    return new RefusedChangeStore(this.#requireStore(), (docName) => plans.forgetDoc(docName));
  }

  /** Hands a written exchange file to the save dialog, or back for download. */
  async #deliver(file: ExportedFile): Promise<ExportResult> {
    if (this.#saveExport === null) return { outcome: 'download', ...file };
    const { language } = await this.getPreferences();
    const path = await this.#saveExport(file, language);
    return path === null ? { outcome: 'cancelled' } : { outcome: 'saved', path };
  }

  /** Who the local user is on a plan: the server's member of a shared plan, the local profile otherwise. */
  #self(store: DocStore, links: ServerLinks, planId: string): Member | null {
    const link = links.get(planId);
    if (link !== null) return { memberId: link.member.id, name: link.member.name, agency: link.member.agency, role: link.member.role };
    const preferences = this.#storedPreferences(store);
    if (preferences.name === null || preferences.agency === null) return null;
    return { memberId: preferences.memberId, name: preferences.name, agency: preferences.agency, role: localRole(preferences.agency) };
  }

  #open(): StoreStatus {
    try {
      const store = DocStore.open(this.#databasePath);
      this.#store = store;
      const links = new ServerLinks(store, this.#vault, this.#serverApi, this.#transport);
      this.#links = links;
      const plans = new PlanService(store, { servers: links });
      this.#plans = plans;
      const keys = new MemberKeys(store, this.#vault);
      this.#keys = keys;
      this.#exchange = new ExchangeService({
        store,
        keys,
        self: (planId) => this.#self(store, links, planId),
        isShared: (planId) => links.get(planId) !== null,
        serverMembers: async (planId) => {
          try {
            return await links.members(planId);
          } catch (error) {
            // Offline, or no usable token: the pinned list stands in.
            if (error instanceof HostError) return null;
            throw error;
          }
        },
        hasPlan: (planId) => plans.hasPlan(planId),
        saveUpdate: (docName, update) => plans.saveUpdate(docName, update),
        relayToServer: (planId, file) => links.relayExchange(planId, file),
      });
      return { state: 'ok', path: this.#databasePath };
    } catch (error) {
      if (error instanceof StoreOpenError) {
        return { state: error.kind, path: error.path, detail: error.detail };
      }
      throw error;
    }
  }

  #requireStore(): DocStore {
    if (this.#store === null) throw this.#unavailable();
    return this.#store;
  }

  #requireKeys(): MemberKeys {
    if (this.#keys === null) throw this.#unavailable();
    return this.#keys;
  }

  #requireExchange(): ExchangeService {
    if (this.#exchange === null) throw this.#unavailable();
    return this.#exchange;
  }

  #requireLinks(): ServerLinks {
    if (this.#links === null) throw this.#unavailable();
    return this.#links;
  }

  #requirePlans(): PlanService {
    if (this.#plans === null) throw this.#unavailable();
    return this.#plans;
  }

  #unavailable(): HostError {
    const status = this.#status;
    if (this.#closed) return new HostError('store-unavailable', 'Samskriv is shutting down; the local database is closed.');
    return new HostError('store-unavailable', `The local database at ${status.path} cannot be used (${status.state}).`);
  }
}

/**
 * Asks the user where to save an exported file and writes it there; the path
 * written, or null when the user cancelled. `language` is the UI's, for the dialog.
 */
export type SaveExport = (file: ExportedFile, language: Language) => Promise<string | null>;

/** Prints a print view (a whole HTML document, src-main/export/print-view.ts) to PDF: the desktop's printToPDF. */
export type PrintPdf = (html: string) => Promise<Uint8Array>;

/** Opens a file in the system's app for it; '' when it did, else what went wrong (Electron's shell.openPath). */
export type OpenFile = (path: string) => Promise<string>;

/** Asks the user for an exchange file and reads it; its bytes, `too-large` (not read), or null when the user cancelled. */
export type OpenExchangeFile = (language: Language) => Promise<Uint8Array | 'too-large' | null>;

/**
 * Asks the user for a Word file to import (Electron's open dialog) and reads
 * it; null when the user cancelled. Throws `ImportRefusal` for a file too
 * large to read. `language` is the UI's, for the dialog.
 */
export type OpenImport = (language: Language) => Promise<ImportUpload | null>;

/** Runs `read`, turning damaged stored data into the typed error the renderer translates. */
function damageReported<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof StoreDataError) throw new HostError('store-damaged', error.message, error.reason);
    throw error;
  }
}

/** Settings are data on disk: read them defensively, field by field. */
function readPreferences(stored: unknown): Omit<Preferences, 'memberId'> & { memberId: string | null } {
  const value = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const language = value['language'] === 'en' ? 'en' : 'sv';
  const agency = isAgencyCode(value['agency']) ? value['agency'] : null;
  const rawName = typeof value['name'] === 'string' ? value['name'].trim() : '';
  const name = rawName.length > 0 ? rawName.slice(0, MAX_NAME_LENGTH) : null;
  const memberId = typeof value['memberId'] === 'string' && isUuid(value['memberId']) ? value['memberId'] : null;
  const lastPlanId = typeof value['lastPlanId'] === 'string' && isUuid(value['lastPlanId']) ? value['lastPlanId'] : null;
  return { language, agency, name, memberId, lastPlanId };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
