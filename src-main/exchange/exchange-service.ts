/**
 * Exchange by file (issue 17): writes a member's changes, or a whole plan,
 * to a signed `.samskriv` file, and reads such files back.
 *
 * Writing changes: per document, `Y.encodeStateAsUpdateV2(doc, theirState)`
 * against what the recipient is known to have (their own last file said so:
 * known-state.ts), with our snapshots so their answer carries exactly what
 * we lack, and the files we received from others that the recipient may
 * not have (relayed whole, still signed by their authors). Nothing new, by
 * content (state vector *and* delete set), means no file.
 *
 * Reading a file, in this order, before anything is stored:
 *  1. size and shape (shared/exchange/exchange-file.ts);
 *  2. the signer: a member of this plan with that public key — the server's
 *     member list, pinned here for offline use, for a shared plan; for a
 *     plan only on computers, the key first seen for that member id (trust
 *     on first use, shown in the preview); a removed member is refused;
 *  3. the Ed25519 signature over the whole file;
 *  4. the same for every relayed file, each with its own signer;
 *  5. in a worker with a time and memory limit (merge-runner.ts): every
 *     layer applied to scratch copies of the stored plan and checked against
 *     its signer's role with the server's rules (shared/exchange/merge-check.ts);
 *     the preview is what passes.
 * Only `apply` stores anything, and only what the worker produced.
 * Re-importing a file brings nothing new and stores nothing; files merge in
 * any order (Yjs).
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import {
  decodeExchangeFile,
  encodeExchangeFile,
  encodeSignedPart,
  EXCHANGE_EXTENSION,
  EXCHANGE_FORMAT_VERSION,
  EXCHANGE_MEDIA_TYPE,
  ExchangeFormatError,
  MAX_RELAY_DEPTH,
  type ExchangeContent,
  type ExchangeHeader,
  type ExchangeKind,
} from '../../shared/exchange/exchange-file.ts';
import { hasNewContent, snapshotHasNew, unionSnapshots } from '../../shared/exchange/known-state.ts';
import type { MergeLayer, MergePreview } from '../../shared/exchange/merge-check.ts';
import { EXCHANGE_PROBLEMS, type ExchangeInspection, type ExchangeProblem, type ExchangeRefusal, type ExchangeSenderInfo, type ImportOutcome, type ImportRefused } from '../../shared/host-api/host-api.ts';
import { HostError } from '../../shared/host-api/host-error.ts';
import { manifestDocName, parseDocName } from '../../shared/plan/doc-names.ts';
import { readManifest } from '../../shared/plan/manifest.ts';
import { parseSourceDocName } from '../../shared/sources/source-doc.ts';
import { localRole, type Member, type Role } from '../../shared/plan/member.ts';
import type { ExchangeApplied, ExchangeRefused, ServerMember } from '../../shared/sync-protocol/http-api.ts';
import type { DocStore } from '../../src-node/storage/doc-store.ts';
import { verifySignature } from '../../src-node/exchange/exchange-signature.ts';
import { DEFAULT_MERGE_LIMITS, defaultMergeWorker, MergeLimitError, runMergeCheck, type MergeLimits, type MergeWorkerFactory } from '../../src-node/exchange/merge-runner.ts';
import { keyFingerprint, type MemberKeys } from './member-keys.ts';

const ROSTER_SETTING = 'exchangeRoster';
const KNOWN_SETTING = 'exchangeKnown';
const RECEIVED_SETTING = 'exchangeReceived';
/** An inspected file waits this long for the user to say "Importera". */
const PENDING_MS = 30 * 60 * 1000;
const WRITTEN_BY = 'Samskriv 0.1.0';

/** A member this computer trusts to sign files for a plan. */
export interface RosterEntry {
  readonly memberId: string;
  readonly name: string;
  readonly agency: AgencyCode;
  readonly role: Role;
  readonly publicKey: string | null;
  readonly revokedAt: string | null;
}

/** What the exchange needs from the rest of the host. */
export interface ExchangeDeps {
  readonly store: DocStore;
  readonly keys: MemberKeys;
  /** Who the local user is on this plan: the server member of a shared plan, the local profile otherwise (null: no profile yet). */
  readonly self: (planId: string) => Member | null;
  /** Whether the plan is shared through a sync server. */
  readonly isShared: (planId: string) => boolean;
  /** The server's member list with public keys, or null when the server cannot be reached. */
  readonly serverMembers: (planId: string) => Promise<readonly ServerMember[] | null>;
  readonly hasPlan: (planId: string) => boolean;
  /** Stores one update of a plan's doc, checked against what is stored (PlanService.saveUpdate). */
  readonly saveUpdate: (docName: string, update: Uint8Array) => void;
  /**
   * Posts a file to a shared plan's sync server, which applies it in its
   * signer's name (SyncServerApi.relayExchange); throws HostError
   * `server-unreachable` when it cannot get the server's verdict.
   */
  readonly relayToServer: (planId: string, file: Uint8Array) => Promise<{ readonly applied: ExchangeApplied } | { readonly refused: ExchangeRefused }>;
  readonly limits?: MergeLimits;
  readonly createWorker?: MergeWorkerFactory;
  readonly now?: () => Date;
}

export interface ExchangeFile {
  readonly fileName: string;
  readonly mediaType: string;
  readonly data: Uint8Array;
}

interface VerifiedFile {
  readonly bytes: Uint8Array;
  readonly content: ExchangeContent;
  readonly signer: Member;
  /** Relayed files first, deepest first, then this file's own layer. */
  readonly layers: readonly MergeLayer[];
  /** Members seen for the first time (plans without a server): pinned when the file is imported. */
  readonly firstSeen: readonly RosterEntry[];
  /** Every verified file in it, relayed ones too: their senders' states become known. */
  readonly all: readonly ExchangeContent[];
}

interface Pending {
  readonly planId: string;
  readonly kind: ExchangeKind;
  readonly verified: VerifiedFile;
  readonly preview: MergePreview;
  readonly expires: number;
}

/** A file refused, with what to tell the user. */
class Refused extends Error {
  readonly refusal: ExchangeRefusal;
  constructor(refusal: ExchangeRefusal) {
    super(refusal.problem);
    this.refusal = refusal;
  }
}

export class ExchangeService {
  readonly #deps: ExchangeDeps;
  readonly #pending = new Map<string, Pending>();

  constructor(deps: ExchangeDeps) {
    this.#deps = deps;
  }

  /**
   * The local user's changes for `recipientId` (null: everything, for
   * someone whose state is not known), or null when there is nothing the
   * recipient is not known to have.
   */
  exportChanges(planId: string, recipientId: string | null): ExchangeFile | null {
    const self = this.#requireSelf(planId);
    const known = recipientId === null ? new Map<string, Y.Snapshot>() : this.#knownOf(planId, recipientId);
    const docs: ExchangeContent['docs'][number][] = [];
    let anythingNew = false;
    for (const [name, doc] of this.#storedDocs(planId)) {
      const theirs = known.get(name) ?? null;
      if (hasNewContent(doc, theirs)) anythingNew = true;
      docs.push({ name, update: Y.encodeStateAsUpdateV2(doc, theirs === null ? undefined : Y.encodeStateVector(theirs.sv)), snapshot: Y.encodeSnapshot(Y.snapshot(doc)) });
      doc.destroy();
    }
    const relayed = this.#relaysFor(planId, recipientId, known);
    if (!anythingNew && relayed.length === 0) return null;
    return this.#write(planId, 'changes', self, recipientId, docs, relayed);
  }

  /** Every doc of the plan, whole: a backup, or a plan handed to someone without the server. */
  exportPlan(planId: string): ExchangeFile {
    const self = this.#requireSelf(planId);
    const docs = [...this.#storedDocs(planId)].map(([name, doc]) => {
      const entry = { name, update: Y.encodeStateAsUpdateV2(doc), snapshot: Y.encodeSnapshot(Y.snapshot(doc)) };
      doc.destroy();
      return entry;
    });
    return this.#write(planId, 'plan', self, null, docs, []);
  }

  /**
   * Reads a file and says what importing it would do, storing nothing.
   * `planId`: the open plan a changes file is for; null to open a plan file.
   */
  async inspect(data: Uint8Array, planId: string | null): Promise<ExchangeInspection> {
    this.#dropExpired();
    try {
      const unverified = decode(data);
      const header = unverified.content.header;
      if (planId === null && header.kind !== 'plan') throw new Refused({ problem: 'changes-not-plan', sender: null });
      if (planId !== null && header.kind !== 'changes') throw new Refused({ problem: 'plan-not-changes', sender: null });
      if (planId !== null && header.planId !== planId) throw new Refused({ problem: 'other-plan', sender: null, planTitle: header.planTitle });
      if (planId === null && this.#deps.hasPlan(header.planId)) throw new Refused({ problem: 'plan-exists', sender: null, planTitle: header.planTitle });
      const roster = planId === null ? new Map<string, RosterEntry>() : await this.#roster(header.planId);
      const verified = this.#verify(data, header.planId, roster, planId === null, 0);
      // The stored state as the store gives it, one update per doc: decoded in the worker only.
      const stored = planId === null ? [] : this.#storedUpdates(planId);
      const members = [...roster.values(), ...verified.firstSeen].filter((m) => m.revokedAt === null).map(({ memberId, name, agency, role }): Member => ({ memberId, name, agency, role }));
      const importer = planId !== null && this.#deps.isShared(planId) ? this.#deps.self(planId) : null;
      const outcome = await runMergeCheck(
        { planId: header.planId, stored, layers: verified.layers, checkRoles: planId !== null, members, importer },
        this.#deps.limits ?? DEFAULT_MERGE_LIMITS,
        this.#deps.createWorker ?? defaultMergeWorker,
      );
      if (!outcome.ok) throw new Refused({ problem: 'rule-refused', sender: senderInfo(outcome.refused.signer, null), rule: outcome.refused.breach.rule });
      const fileId = randomUUID();
      this.#pending.set(fileId, { planId: header.planId, kind: header.kind, verified, preview: outcome.preview, expires: Date.now() + PENDING_MS });
      const { updates: _updates, ...preview } = outcome.preview;
      void _updates;
      return {
        outcome: 'ready',
        fileId,
        kind: header.kind,
        planId: header.planId,
        createdAt: header.createdAt,
        sender: senderInfo(verified.signer, verified.firstSeen.some((m) => m.memberId === verified.signer.memberId) ? keyFingerprint(header.sender.publicKey) : null),
        relayedFrom: [...new Map(verified.layers.slice(0, -1).map((l) => [l.signer.memberId, senderInfo(l.signer, null)])).values()],
        preview,
      };
    } catch (error) {
      if (error instanceof Refused) return { outcome: 'refused', refusal: error.refusal };
      if (error instanceof ExchangeFormatError) return { outcome: 'refused', refusal: { problem: error.problem, sender: null } };
      if (error instanceof MergeLimitError) return { outcome: 'refused', refusal: { problem: error.problem === 'undecodable' ? 'damaged' : 'too-costly', sender: null } };
      throw error;
    }
  }

  /**
   * Stores what an inspected file brings: a changes file into its plan (and
   * the updates are returned, for the open plan to apply and sync as if the
   * sender had been online), a plan file as a new plan.
   *
   * On a plan shared through a sync server, the file itself goes to the
   * server first, which checks it against its member list and applies it in
   * its signer's name (src-server/exchange/): that is how her comments and
   * suggestions reach the others, which the importer's own connection may
   * not carry. Only then is it stored here; the server's broadcast and this
   * are the same updates. The server refusing it, or being out of reach for
   * a file that needs it, stores nothing: the file is the record, and can be
   * imported again later.
   */
  async apply(fileId: string): Promise<ImportOutcome | ImportRefused> {
    const pending = this.#pending.get(fileId);
    if (pending === undefined || pending.expires < Date.now()) {
      throw new HostError('not-found', 'The file is no longer waiting to be imported; choose it again.');
    }
    this.#pending.delete(fileId);
    const { planId, verified, preview } = pending;
    let sentToServer = false;
    if (pending.kind === 'changes' && this.#deps.isShared(planId) && !preview.nothingNew) {
      const answer = await this.#relay(planId, verified, preview);
      if (typeof answer === 'object' && answer !== null) return answer;
      sentToServer = answer === 'applied';
    }
    if (pending.kind === 'plan') {
      if (this.#deps.hasPlan(planId)) throw new HostError('invalid-argument', `Plan ${planId} is already on this computer.`, 'plan-exists');
      // Chapters before the manifest, in one transaction, as a new plan is made (PlanService).
      const manifestName = manifestDocName(planId);
      const entries = [...preview.updates].sort((a, b) => Number(a.name === manifestName) - Number(b.name === manifestName));
      this.#deps.store.appendUpdates(entries.map((d) => [d.name, d.update] as const));
    } else {
      for (const { name, update } of preview.updates) this.#deps.saveUpdate(name, update);
    }
    this.#pin(planId, verified.firstSeen);
    for (const content of verified.all) this.#learn(planId, content);
    if (pending.kind === 'changes') this.#keepReceived(planId, verified);
    return { outcome: 'imported', planId, sentToServer, updates: preview.updates.map((u) => ({ name: u.name, update: u.update })) };
  }

  /**
   * The server's verdict on the file: `applied` (it did, in the signer's
   * name), a refusal to give the user, or null when the server cannot be
   * reached and the importer's own connection can carry everything later.
   */
  async #relay(planId: string, verified: VerifiedFile, preview: MergePreview): Promise<ImportRefused | 'applied' | null> {
    let answer;
    try {
      answer = await this.#deps.relayToServer(planId, verified.bytes);
    } catch (error) {
      if (!(error instanceof HostError && error.code === 'server-unreachable')) throw error;
      if (preview.serverOnly === null) return null;
      const { signer, breach } = preview.serverOnly;
      return { outcome: 'refused', refusal: { problem: 'server-unreachable', sender: senderInfo(signer, null), rule: breach.rule } };
    }
    if ('applied' in answer) return 'applied';
    const { error, signer, rule } = answer.refused;
    const problem = (EXCHANGE_PROBLEMS as readonly string[]).includes(error.code) ? (error.code as ExchangeProblem) : 'damaged';
    const sender = signer === undefined ? null : senderInfo({ memberId: signer.id, name: signer.name, agency: signer.agency, role: signer.role }, null);
    return { outcome: 'refused', refusal: rule === undefined ? { problem, sender } : { problem, sender, rule } };
  }

  /** The members a file may be addressed to: every trusted member of the plan but the local user. */
  async recipients(planId: string): Promise<readonly ExchangeSenderInfo[]> {
    const self = this.#deps.self(planId);
    const roster = await this.#roster(planId);
    return [...roster.values()].filter((m) => m.memberId !== self?.memberId && m.revokedAt === null).map((m) => senderInfo({ ...m }, null));
  }

  #write(planId: string, kind: ExchangeKind, self: Member, recipientId: string | null, docs: ExchangeContent['docs'][number][], relayed: Uint8Array[]): ExchangeFile {
    const key = this.#deps.keys.keyFor(self.memberId);
    const now = (this.#deps.now ?? (() => new Date()))();
    const manifest = this.#deps.store.loadDoc(manifestDocName(planId));
    const header: ExchangeHeader = {
      format: 'samskriv-exchange',
      version: EXCHANGE_FORMAT_VERSION,
      kind,
      planId,
      planTitle: manifest === null ? '' : titleOf(manifest),
      sender: { memberId: self.memberId, name: self.name, agency: self.agency, role: self.role, publicKey: key.publicKey },
      recipientId,
      createdAt: now.toISOString(),
      docs: docs.map((d) => d.name),
      writtenBy: WRITTEN_BY,
    };
    const signed = encodeSignedPart({ header, docs, relayed });
    const data = encodeExchangeFile(signed, key.sign(signed));
    return { fileName: fileNameFor(kind, header.planTitle, self, now), mediaType: EXCHANGE_MEDIA_TYPE, data };
  }

  /** Signature, signer and relays, recursively; throws Refused. */
  #verify(bytes: Uint8Array, planId: string, roster: ReadonlyMap<string, RosterEntry>, openingPlan: boolean, depth: number): VerifiedFile {
    if (depth > MAX_RELAY_DEPTH) throw new Refused({ problem: 'damaged', sender: null });
    const file = decode(bytes);
    const header = file.content.header;
    if (header.planId !== planId) throw new Refused({ problem: 'damaged', sender: null });
    const { signer, firstSeen } = this.#signer(header, roster, planId, openingPlan);
    if (!verifySignature(header.sender.publicKey, file.signed, file.signature)) {
      throw new Refused({ problem: 'bad-signature', sender: senderInfo(signer, null) });
    }
    for (const doc of file.content.docs) {
      try {
        Y.decodeSnapshot(doc.snapshot);
      } catch {
        throw new Refused({ problem: 'damaged', sender: senderInfo(signer, null) });
      }
    }
    const layers: MergeLayer[] = [];
    const all: ExchangeContent[] = [];
    const seen = [...firstSeen];
    const extended = new Map(roster);
    for (const entry of firstSeen) extended.set(entry.memberId, entry);
    for (const relayed of file.content.relayed) {
      const inner = this.#verify(relayed, planId, extended, false, depth + 1);
      if (inner.content.header.kind !== 'changes') throw new Refused({ problem: 'damaged', sender: senderInfo(signer, null) });
      layers.push(...inner.layers);
      all.push(...inner.all);
      for (const entry of inner.firstSeen) {
        extended.set(entry.memberId, entry);
        seen.push(entry);
      }
    }
    layers.push({ signer, docs: file.content.docs.map((d) => ({ name: d.name, update: d.update })) });
    all.push(file.content);
    return { bytes, content: file.content, signer, layers, firstSeen: seen, all };
  }

  /** Who signed a file, as this computer knows them; throws Refused for a stranger, a removed member or a changed key. */
  #signer(header: ExchangeHeader, roster: ReadonlyMap<string, RosterEntry>, planId: string, openingPlan: boolean): { signer: Member; firstSeen: RosterEntry[] } {
    const claimed = header.sender;
    const asClaimed: Member = { memberId: claimed.memberId, name: claimed.name, agency: claimed.agency, role: localRole(claimed.agency) };
    const self = openingPlan ? null : this.#deps.self(planId);
    if (self !== null && claimed.memberId === self.memberId) {
      // Our own file, come back (relayed, or opened twice): our own key.
      if (claimed.publicKey !== this.#deps.keys.keyFor(self.memberId).publicKey) throw new Refused({ problem: 'key-mismatch', sender: senderInfo(asClaimed, null) });
      return { signer: self, firstSeen: [] };
    }
    const entry = roster.get(claimed.memberId);
    const shared = !openingPlan && this.#deps.isShared(planId);
    if (entry === undefined) {
      // A shared plan's members are the server's; a plan only on computers trusts a member's first key.
      if (shared) throw new Refused({ problem: 'unknown-member', sender: senderInfo(asClaimed, null) });
      const pinned: RosterEntry = { ...asClaimed, publicKey: claimed.publicKey, revokedAt: null };
      return { signer: asClaimed, firstSeen: [pinned] };
    }
    const signer: Member = { memberId: entry.memberId, name: entry.name, agency: entry.agency, role: entry.role };
    if (entry.revokedAt !== null) throw new Refused({ problem: 'removed-member', sender: senderInfo(signer, null) });
    if (entry.publicKey !== claimed.publicKey) throw new Refused({ problem: entry.publicKey === null ? 'unknown-key' : 'key-mismatch', sender: senderInfo(signer, null) });
    return { signer, firstSeen: [] };
  }

  /**
   * The members trusted to sign for a plan. A shared plan's come from its
   * server when it answers, and are pinned here, so a coordinator working
   * offline still checks files against the list as it last was.
   */
  async #roster(planId: string): Promise<Map<string, RosterEntry>> {
    if (this.#deps.isShared(planId)) {
      const members = await this.#deps.serverMembers(planId);
      if (members !== null) {
        const fresh = members.map((m): RosterEntry => ({ memberId: m.id, name: m.name, agency: m.agency, role: m.role, publicKey: m.publicKey ?? null, revokedAt: m.revokedAt }));
        this.#writeRoster(planId, fresh, true);
      }
    }
    return this.#readRoster(planId);
  }

  #pin(planId: string, entries: readonly RosterEntry[]): void {
    if (entries.length > 0) this.#writeRoster(planId, entries, false);
  }

  #readRoster(planId: string): Map<string, RosterEntry> {
    const all = this.#setting(ROSTER_SETTING);
    const plan = all[planId];
    const result = new Map<string, RosterEntry>();
    if (typeof plan !== 'object' || plan === null) return result;
    for (const value of Object.values(plan as Record<string, unknown>)) {
      const entry = value as RosterEntry;
      if (typeof entry?.memberId === 'string' && typeof entry.name === 'string') result.set(entry.memberId, entry);
    }
    return result;
  }

  #writeRoster(planId: string, entries: readonly RosterEntry[], replace: boolean): void {
    const all = this.#setting(ROSTER_SETTING);
    const plan = replace ? {} : { ...((all[planId] as Record<string, RosterEntry> | undefined) ?? {}) };
    for (const entry of entries) plan[entry.memberId] = entry;
    this.#deps.store.setSetting(ROSTER_SETTING, { ...all, [planId]: plan });
  }

  /** What `memberId` is known to have of each doc: the union of every snapshot their files carried. */
  #knownOf(planId: string, memberId: string): Map<string, Y.Snapshot> {
    const plan = (this.#setting(KNOWN_SETTING)[planId] ?? {}) as Record<string, Record<string, string>>;
    const result = new Map<string, Y.Snapshot>();
    for (const [name, encoded] of Object.entries(plan[memberId] ?? {})) {
      try {
        result.set(name, Y.decodeSnapshot(Buffer.from(encoded, 'base64')));
      } catch {
        // Unreadable knowledge is no knowledge: the recipient then gets everything of that doc.
      }
    }
    return result;
  }

  /** Records what the sender of `content` had when they wrote it. */
  #learn(planId: string, content: ExchangeContent): void {
    const memberId = content.header.sender.memberId;
    const known = this.#knownOf(planId, memberId);
    for (const doc of content.docs) {
      const theirs = Y.decodeSnapshot(doc.snapshot);
      const before = known.get(doc.name);
      known.set(doc.name, before === undefined ? theirs : unionSnapshots(before, theirs));
    }
    const all = this.#setting(KNOWN_SETTING);
    const plan = { ...((all[planId] as Record<string, unknown> | undefined) ?? {}) };
    plan[memberId] = Object.fromEntries([...known].map(([name, snapshot]) => [name, Buffer.from(Y.encodeSnapshot(snapshot)).toString('base64')]));
    this.#deps.store.setSetting(KNOWN_SETTING, { ...all, [planId]: plan });
  }

  /** Keeps a received file, to pass on whole to members who may not have it. */
  #keepReceived(planId: string, verified: VerifiedFile): void {
    const all = this.#setting(RECEIVED_SETTING);
    const plan = Array.isArray(all[planId]) ? [...(all[planId] as string[])] : [];
    const encoded = Buffer.from(verified.bytes).toString('base64');
    if (!plan.includes(encoded)) plan.push(encoded);
    this.#deps.store.setSetting(RECEIVED_SETTING, { ...all, [planId]: plan });
  }

  /**
   * The received files to pass on to `recipientId`: not their own, and not
   * ones whose every document the recipient is known to have already.
   */
  #relaysFor(planId: string, recipientId: string | null, known: ReadonlyMap<string, Y.Snapshot>): Uint8Array[] {
    const all = this.#setting(RECEIVED_SETTING);
    const files = Array.isArray(all[planId]) ? (all[planId] as string[]) : [];
    const relays: Uint8Array[] = [];
    for (const encoded of files) {
      const bytes = new Uint8Array(Buffer.from(encoded, 'base64'));
      const content = decode(bytes).content;
      if (content.header.sender.memberId === recipientId) continue;
      const alreadyThere = content.docs.every((doc) => {
        const theirs = known.get(doc.name);
        return theirs !== undefined && !snapshotHasNew(Y.decodeSnapshot(doc.snapshot), theirs);
      });
      if (!alreadyThere) relays.push(bytes);
    }
    return relays;
  }

  #storedUpdates(planId: string): { name: string; update: Uint8Array }[] {
    const manifestName = manifestDocName(planId);
    const result: { name: string; update: Uint8Array }[] = [];
    for (const name of [manifestName, ...this.#deps.store.listDocs(`${manifestName}/`)]) {
      if ((parseDocName(name) ?? parseSourceDocName(name))?.planId !== planId) continue;
      const update = this.#deps.store.loadDoc(name);
      if (update !== null) result.push({ name, update });
    }
    return result;
  }

  #storedDocs(planId: string): Map<string, Y.Doc> {
    return new Map(this.#storedUpdates(planId).map(({ name, update }) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      return [name, doc];
    }));
  }

  #requireSelf(planId: string): Member {
    if (!this.#deps.hasPlan(planId)) throw new HostError('not-found', `No plan with id ${planId} is stored on this computer.`);
    const self = this.#deps.self(planId);
    if (self === null) throw new HostError('invalid-argument', 'Give your name and agency (Profil) before you export changes: the file is signed with them.', 'profile');
    return self;
  }

  #setting(key: string): Record<string, unknown> {
    const raw = this.#deps.store.getSetting(key);
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  }

  #dropExpired(): void {
    const now = Date.now();
    for (const [id, pending] of this.#pending) if (pending.expires < now) this.#pending.delete(id);
  }
}

function decode(data: Uint8Array): ReturnType<typeof decodeExchangeFile> {
  return decodeExchangeFile(data);
}

function titleOf(manifestUpdate: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, manifestUpdate);
  const title = readManifest(doc).title;
  doc.destroy();
  return title;
}

function senderInfo(member: Member, newKeyFingerprint: string | null): ExchangeSenderInfo {
  return { memberId: member.memberId, name: member.name, agency: member.agency, role: member.role, newKeyFingerprint };
}

/** E.g. `Handlingsplan-andringar-fk-Anna-Svensson-2026-12-07.samskriv`: readable, and safe on every file system. */
function fileNameFor(kind: ExchangeKind, title: string, self: Member, now: Date): string {
  const safe = (text: string): string =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'plan';
  const date = now.toISOString().slice(0, 10);
  return kind === 'plan' ? `${safe(title)}-hela-planen-${date}${EXCHANGE_EXTENSION}` : `${safe(title)}-andringar-${self.agency}-${safe(self.name)}-${date}${EXCHANGE_EXTENSION}`;
}

export type { ExchangeProblem };
