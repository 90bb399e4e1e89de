/**
 * The server's half of exchange by file (issue 17): a member whose network
 * reaches no WebSocket sends a signed `.samskriv` file to someone online
 * (the relayer, typically the coordinator), whose app posts the file itself
 * here. The server then applies it *in the signer's name*, with the
 * signer's rights, as if she had been online.
 *
 * Why the file and not the relayer's updates: the guard judges each update
 * by the member whose connection sends it (rule-guard.ts), so a thread
 * message or a suggestion signed by the drafter could not pass through the
 * coordinator's connection. The signature is what proves the drafter wrote
 * it; the server is the one place that checks it against the member list it
 * keeps, so it is the one place that may trust relayed authorship.
 *
 * A posted file is, in this order:
 *  1. read for its shape (shared/exchange/exchange-file.ts: limits, magic,
 *     version, lengths), on this thread: linear and bounded;
 *  2. checked for the plan of the address and for being a changes file;
 *  3. checked, with every file it relays (deepest first, at most
 *     MAX_RELAY_DEPTH levels), against the member store: the signer is a
 *     member of this plan, not removed, with exactly the public key the
 *     store holds, and the Ed25519 signature holds;
 *  4. decoded and judged in a worker with a time and memory limit
 *     (src-node/exchange/merge-runner.ts; the yjs#687 payload spins the
 *     decoder): every layer applied to copies of the server's documents and
 *     its changes checked against its signer's role with the same shared
 *     rules the guard uses (`checkMerge` → `checkDocChanges`). A
 *     coordinator's layer answers for all of itself: others' records count
 *     as theirs only in their own signed files. A suggester's direct
 *     formatting of others' words is given back in the merged updates, as
 *     the sync server gives it back to a member online (merge-check.ts
 *     `giveFormattingBack`), under client ids of the check's own;
 *  5. its Yjs client ids claimed for their signers (client-owners.ts): a
 *     layer that writes under a client id another member writes under is
 *     refused like a broken rule. The correction's ids are claimed first,
 *     as the server's (SERVER_WRITER): no member can write under them;
 *  6. applied all or nothing: if any document of the file breaks a rule,
 *     or builds on changes the server lacks, nothing is applied; otherwise
 *     the merged updates go into the live documents through Hocuspocus
 *     direct connections (so connected members and, through Redis, other
 *     instances get them like any update) and are appended to the log
 *     before the answer.
 * Posting the same file again changes nothing (Yjs applies what it has as a
 * no-op) and answers `nothing-new`. Files are checked one at a time per
 * server process, which bounds what a flood of posts can cost to one worker.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import { decodeExchangeFile, ExchangeFormatError, MAX_RELAY_DEPTH, type ExchangeHeader } from '../../shared/exchange/exchange-file.ts';
import type { MergeLayer, MergeOutcome, MergePreview, MergeRequest } from '../../shared/exchange/merge-check.ts';
import { chapterDocName, manifestDocName } from '../../shared/plan/doc-names.ts';
import { readManifest } from '../../shared/plan/manifest.ts';
import type { Member as RuleMember } from '../../shared/plan/member.ts';
import type { ExchangeApplied, ExchangeDocResult } from '../../shared/sync-protocol/http-api.ts';
import type { ExchangeRefusalCode } from '../../shared/sync-protocol/refusals.ts';
import { verifySignature } from '../../src-node/exchange/exchange-signature.ts';
import { defaultMergeWorker, MergeLimitError, runMergeCheck, type MergeLimits } from '../../src-node/exchange/merge-runner.ts';
import { reopenForLateEdit } from '../guard/late-edit-reopen.ts';
import { SERVER_WRITER, type ClientOwners } from '../members/client-owners.ts';
import type { Member, MemberStore } from '../members/member-store.ts';
import type { DocPersistence } from '../persistence/doc-persistence.ts';
import type { Logger } from '../server-log.ts';

export interface ExchangeRelayOptions<Context> {
  readonly hocuspocus: Hocuspocus<Context>;
  readonly docs: Pick<DocPersistence, 'append'>;
  readonly members: Pick<MemberStore, 'listMembers'>;
  readonly clientOwners: Pick<ClientOwners, 'claim'>;
  readonly limits: MergeLimits;
  readonly log: Logger;
}

/** A file not applied; `status` is the HTTP status to answer with. Nothing of the file was applied. */
export class ExchangeRelayError extends Error {
  readonly status: number;
  readonly code: ExchangeRefusalCode;
  readonly signer: RuleMember | null;
  readonly rule: string | null;
  readonly docs: readonly ExchangeDocResult[] | null;
  constructor(status: number, code: ExchangeRefusalCode, message: string, details: { signer?: RuleMember | null; rule?: string | null; docs?: readonly ExchangeDocResult[] | null } = {}) {
    super(message);
    this.name = 'ExchangeRelayError';
    this.status = status;
    this.code = code;
    this.signer = details.signer ?? null;
    this.rule = details.rule ?? null;
    this.docs = details.docs ?? null;
  }
}

interface SignedLayers {
  readonly signer: RuleMember;
  /** Relayed files first, deepest first, then the file's own layer. */
  readonly layers: readonly MergeLayer[];
}

export class ExchangeRelay<Context> {
  readonly #options: ExchangeRelayOptions<Context>;
  /** One file at a time: each check holds a worker and copies of the plan's documents. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: ExchangeRelayOptions<Context>) {
    this.#options = options;
  }

  /** Applies `file`, posted by `relayer`, to plan `planId` in its signers' names; throws ExchangeRelayError. */
  relay(planId: string, relayer: Member, file: Uint8Array): Promise<ExchangeApplied> {
    const run = this.#queue.then(() => this.#relay(planId, relayer, file));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #relay(planId: string, relayer: Member, file: Uint8Array): Promise<ExchangeApplied> {
    const { log } = this.#options;
    let header: ExchangeHeader | null = null;
    try {
      header = readFile(file).content.header;
      if (header.planId !== planId) throw new ExchangeRelayError(422, 'other-plan', `The file belongs to plan ${header.planId}, not to ${planId}.`);
      if (header.kind !== 'changes') throw new ExchangeRelayError(422, 'plan-not-changes', 'A whole-plan file is opened as a new plan, not posted to one.');
      const roster = new Map((await this.#options.members.listMembers(planId)).map((m) => [m.id, m]));
      const signed = verifyLayers(file, planId, roster, 0);
      const result = await this.#apply(planId, signed);
      log.info('exchange-applied', {
        planId,
        relayer: relayer.id,
        signer: signed.signer.memberId,
        relayedFrom: [...new Set(signed.layers.slice(0, -1).map((l) => l.signer.memberId))],
        outcome: result.outcome,
        applied: result.docs.filter((d) => d.outcome === 'applied').length,
        bytes: file.length,
      });
      return result;
    } catch (error) {
      if (error instanceof ExchangeRelayError) {
        log.warn('exchange-refused', { planId, relayer: relayer.id, signer: error.signer?.memberId ?? header?.sender.memberId, code: error.code, rule: error.rule, detail: error.message, bytes: file.length });
      }
      throw error;
    }
  }

  async #apply(planId: string, signed: SignedLayers): Promise<ExchangeApplied> {
    const { hocuspocus, docs } = this.#options;
    const manifestName = manifestDocName(planId);
    const names = [...new Set([manifestName, ...signed.layers.flatMap((l) => l.docs.map((d) => d.name))])];
    // Direct connections keep the documents loaded from the check to the
    // apply, and apply through Hocuspocus, which broadcasts to every client.
    const connections = new Map<string, Awaited<ReturnType<typeof hocuspocus.openDirectConnection>>>();
    try {
      for (const name of names) connections.set(name, await hocuspocus.openDirectConnection(name));
      const stored = names.flatMap((name) => {
        const document = connections.get(name)!.document;
        return document === null ? [] : [{ name, update: Y.encodeStateAsUpdate(document) }];
      });
      // `members: []`: a coordinator's layer is judged as the coordinator's (merge-check.ts).
      const request: MergeRequest = { planId, stored, layers: signed.layers, checkRoles: true, members: [], importer: null };
      let outcome = await this.#check(request, signed.signer);
      // The check picks its correction's client ids fresh in each document, not in the plan: one a member writes under elsewhere is picked again.
      for (let attempt = 1; outcome.ok && !(await this.#claimCorrections(planId, outcome.preview)); attempt += 1) {
        if (attempt === 3) throw new Error('the merge check picked client ids that members write under three times');
        outcome = await this.#check(request, signed.signer);
      }
      const fileDocs = names.filter((name) => signed.layers.some((l) => l.docs.some((d) => d.name === name)));
      if (!outcome.ok) {
        const { refused } = outcome;
        throw new ExchangeRelayError(422, 'rule-refused', `${refused.signer.name} may not make the change the file makes to ${refused.docName}: ${refused.breach.rule} (${refused.breach.detail}). Nothing of the file was applied.`, {
          signer: refused.signer,
          rule: refused.breach.rule,
          docs: fileDocs.map((name) => (name === refused.docName ? { name, outcome: 'refused', rule: refused.breach.rule } : { name, outcome: 'not-applied' })),
        });
      }
      const { preview } = outcome;
      if (preview.waiting.length > 0) {
        throw new ExchangeRelayError(409, 'needs-base', `The file builds on changes the server does not have yet (${preview.waiting.join(', ')}); sync the plan, then send the file again.`, { signer: signed.signer });
      }
      if (!preview.nothingNew) await this.#claimWriters(planId, signed, connections);
      // The manifest first, so a chapter the file adds is listed when its text arrives.
      const ordered = [...preview.updates].sort((a, b) => Number(b.name === manifestName) - Number(a.name === manifestName));
      for (const { name, update } of ordered) {
        await connections.get(name)!.transact((document) => Y.applyUpdate(document, update));
        await docs.append(name, update);
      }
      for (const { name, client } of preview.correctionClients) {
        const runs = preview.chapters.find((c) => chapterDocName(planId, c.chapterId) === name)?.formattingGivenBack;
        this.#options.log.warn('formatting-corrected', { planId, document: name, runs, client, signer: signed.signer.memberId, via: 'exchange', rule: 'text-not-permitted' });
      }
      await this.#reopenLateEdits(planId, signed, preview, stored.find((s) => s.name === manifestName)?.update ?? null);
      const changed = new Set(preview.updates.map((u) => u.name));
      return {
        outcome: preview.nothingNew ? 'nothing-new' : 'applied',
        signer: view(signed.signer),
        relayedFrom: [...new Map(signed.layers.slice(0, -1).map((l) => [l.signer.memberId, view(l.signer)])).values()],
        docs: fileDocs.map((name) => ({ name, outcome: changed.has(name) ? 'applied' : 'unchanged' })),
      };
    } finally {
      for (const connection of connections.values()) await connection.disconnect();
    }
  }

  /** `checkMerge` in a worker; its limits' errors as the file's refusals. */
  async #check(request: MergeRequest, signer: RuleMember): Promise<MergeOutcome> {
    try {
      return await runMergeCheck(request, this.#options.limits, defaultMergeWorker);
    } catch (error) {
      if (!(error instanceof MergeLimitError)) throw error;
      if (error.problem === 'undecodable') throw new ExchangeRelayError(422, 'damaged', error.message, { signer });
      // A time-out on a busy server is not the file's fault: try again later.
      throw new ExchangeRelayError(error.problem === 'timeout' ? 503 : 422, 'too-costly', error.message, { signer });
    }
  }

  /**
   * Claims as the server's the client ids the check wrote its formatting
   * corrections under, before any layer's are claimed: a layer writing
   * under one is then refused, and no member's later update can write
   * under one and be read as the correction's writer (client-owners.ts).
   * False if a member already owns one.
   */
  async #claimCorrections(planId: string, preview: MergePreview): Promise<boolean> {
    return (await this.#options.clientOwners.claim(planId, SERVER_WRITER, preview.correctionClients.map((c) => c.client))) === null;
  }

  /**
   * Claims for each layer's signer the Yjs client ids her layer writes new
   * structs under: the relayer's connection does not carry them, and the
   * next update under those ids, from her own app when it comes online,
   * must be hers. Runs after the merge check, which decoded every update
   * within its limits. A conflict refuses the whole file; claims made
   * before it stand (they are their signers' either way). A file's
   * updates are Yjs v2 (shared/exchange/exchange-file.ts).
   */
  async #claimWriters(planId: string, signed: SignedLayers, connections: ReadonlyMap<string, { readonly document: Y.Doc | null }>): Promise<void> {
    const held = new Map<string, Map<number, number>>();
    for (const layer of signed.layers) {
      const fresh = new Set<number>();
      for (const { name, update } of layer.docs) {
        const document = connections.get(name)?.document ?? null;
        let seen = held.get(name);
        if (seen === undefined) held.set(name, (seen = new Map()));
        for (const [client, end] of Y.parseUpdateMetaV2(update).to) {
          if (end <= Math.max(seen.get(client) ?? 0, document === null ? 0 : Y.getState(document.store, client))) continue;
          fresh.add(client);
          seen.set(client, end);
        }
      }
      const taken = await this.#options.clientOwners.claim(planId, layer.signer.memberId, fresh);
      if (taken !== null) {
        throw new ExchangeRelayError(422, 'rule-refused', `${layer.signer.name}'s changes are written under Yjs client id ${taken.client}, which another member writes under. Nothing of the file was applied.`, {
          signer: layer.signer,
          rule: 'client-not-yours',
        });
      }
    }
  }

  /**
   * The approve ∥ edit rule, as the guard applies it to a member online
   * (late-edit-reopen.ts): words a non-coordinator changed in a chapter that
   * was approved when the file arrived reopen it for review in their name.
   */
  async #reopenLateEdits(planId: string, signed: SignedLayers, preview: MergePreview, manifestBefore: Uint8Array | null): Promise<void> {
    if (manifestBefore === null) return;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, manifestBefore);
    const approved = new Set(readManifest(doc).chapters.filter((c) => c.status === 'approved').map((c) => c.id));
    doc.destroy();
    const signers = new Map(signed.layers.map((l) => [l.signer.memberId, l.signer]));
    for (const chapter of preview.chapters) {
      if (!approved.has(chapter.chapterId)) continue;
      const by = chapter.textBy.map((id) => signers.get(id)).find((member) => member !== undefined && member.role !== 'coordinator');
      if (by === undefined) continue;
      try {
        if (await reopenForLateEdit(this.#options.hocuspocus, this.#options.docs, { planId, chapterId: chapter.chapterId }, { memberId: by.memberId, name: by.name, agency: by.agency })) {
          this.#options.log.info('chapter-reopened-late-edit', { memberId: by.memberId, document: chapter.chapterId, via: 'exchange' });
        }
      } catch (error) {
        this.#options.log.error('late-edit-reopen-failed', { document: chapter.chapterId, error });
      }
    }
  }
}

function readFile(file: Uint8Array): ReturnType<typeof decodeExchangeFile> {
  try {
    return decodeExchangeFile(file);
  } catch (error) {
    if (!(error instanceof ExchangeFormatError)) throw error;
    throw new ExchangeRelayError(error.problem === 'too-large' ? 413 : 400, error.problem, error.message);
  }
}

/** The file's layers, each with its signer from the member store; throws ExchangeRelayError for anything not proven. */
function verifyLayers(file: Uint8Array, planId: string, roster: ReadonlyMap<string, Member>, depth: number): SignedLayers {
  if (depth > MAX_RELAY_DEPTH) throw new ExchangeRelayError(400, 'damaged', `Relayed files nest deeper than ${MAX_RELAY_DEPTH} levels.`);
  const { content, signed, signature } = readFile(file);
  const claimed = content.header.sender;
  if (content.header.planId !== planId || (depth > 0 && content.header.kind !== 'changes')) {
    throw new ExchangeRelayError(400, 'damaged', 'A relayed file belongs to another plan or is not a changes file.');
  }
  const member = roster.get(claimed.memberId);
  if (member === undefined) throw new ExchangeRelayError(422, 'unknown-member', `${claimed.name} (${claimed.memberId}) is not a member of this plan.`);
  const signer: RuleMember = { memberId: member.id, name: member.name, agency: member.agency as AgencyCode, role: member.role };
  if (member.revokedAt !== null) throw new ExchangeRelayError(422, 'removed-member', `${member.name} was removed from the plan.`, { signer });
  if (member.publicKey === null) throw new ExchangeRelayError(422, 'unknown-key', `The server has no key for ${member.name}; their app registers it when it next connects.`, { signer });
  if (member.publicKey !== claimed.publicKey) throw new ExchangeRelayError(422, 'key-mismatch', `The file is signed with another key than ${member.name}'s.`, { signer });
  if (!verifySignature(claimed.publicKey, signed, signature)) throw new ExchangeRelayError(422, 'bad-signature', `The signature does not hold: the file was changed after ${member.name} wrote it.`, { signer });
  const layers: MergeLayer[] = [];
  for (const relayed of content.relayed) layers.push(...verifyLayers(relayed, planId, roster, depth + 1).layers);
  layers.push({ signer, docs: content.docs.map((d) => ({ name: d.name, update: d.update })) });
  return { signer, layers };
}

function view(member: RuleMember): ExchangeApplied['signer'] {
  return { id: member.memberId, name: member.name, agency: member.agency, role: member.role };
}
