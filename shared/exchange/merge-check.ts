/**
 * What an exchange file would do to a plan, worked out on scratch copies
 * before anything is stored (issue 17): every change is checked against the
 * role of the member who signed it, with the same rules the sync server
 * applies to a member online (shared/rules/), and what passes is summarised
 * per chapter for the import preview.
 *
 * A file is a list of layers: the files it relays, deepest first, each
 * signed by its own member, then the sender's own update. Each layer is
 * applied to the copies in turn and its changes are checked against its
 * signer only: content that a relayed layer already brought raises no
 * change when the sender's update repeats it, so the sender answers only for
 * what is new in their layer.
 *
 * A suggester's direct formatting of others' words is given back, not
 * refused, as the sync server does for a member online (shared/rules/
 * text-format-rule.ts `directFormatting`): the correction is written into
 * the copy right after her layer, so the updates the preview hands over
 * carry it, under a Yjs client id of the check's own (`correctionClients`).
 *
 * Pure and synchronous: the host runs it in a worker thread with a time and
 * memory limit (src-main/exchange/), because applying crafted updates is
 * where Yjs can spin (yjs#687).
 */
import { uint32 } from 'lib0/random';
import * as Y from 'yjs';
import { chapterText } from '../chapter-text/chapter-text.ts';
import { chapterDocName, manifestDocName, parseDocName } from '../plan/doc-names.ts';
import { parseSourceDocName } from '../sources/source-doc.ts';
import { readSources } from '../sources/source-list.ts';
import { readManifest } from '../plan/manifest.ts';
import { authorSchema, type Author, type Member } from '../plan/member.ts';
import type { ChapterRights } from '../rules/chapter-text-rule.ts';
import { defineRoots, recordChanges, type DocChange, type DocKind, type TextChange } from '../rules/doc-changes.ts';
import { checkDocChanges } from '../rules/doc-rules.ts';
import { correctFormatting } from '../rules/formatting-correction.ts';
import { breach, type RuleBreach } from '../rules/rule-refusal.ts';
import { directFormatting, type FormattingCorrection } from '../rules/text-format-rule.ts';

export interface MergeLayer {
  /** Who signed this layer, with the role the recipient knows for them. */
  readonly signer: Member;
  /** Yjs v2 updates, as the file carries them. */
  readonly docs: readonly { readonly name: string; readonly update: Uint8Array }[];
}

export interface MergeRequest {
  readonly planId: string;
  /** The plan's docs as stored here now, Yjs v1 (empty for a plan not here yet). */
  readonly stored: readonly { readonly name: string; readonly update: Uint8Array }[];
  readonly layers: readonly MergeLayer[];
  /** False for a whole-plan file opened as a new plan: nothing to protect yet. */
  readonly checkRoles: boolean;
  /**
   * The plan's members as this computer trusts them. A coordinator passes on
   * what others wrote (files, the server): in a coordinator's layer, a
   * comment, reply or suggestion signed by another member is checked against
   * that member, if they are here; everything else in it against the
   * coordinator. The sync server's exchange endpoint passes none: there a
   * coordinator answers for all of their own layer, and what others wrote
   * counts as theirs only in their own signed (relayed) files.
   */
  readonly members: readonly Member[];
  /**
   * On a shared plan, the local user: their app syncs what is merged through
   * their own connection, and the server judges that by them. A change in a
   * non-coordinator's layer that the server would refuse from them is noted
   * in `serverOnly`: only the server's exchange endpoint can take it, in
   * the signer's name. (A coordinator's layer is what the coordinator's own
   * app syncs.)
   */
  readonly importer: Member | null;
}

export interface ChapterChange {
  readonly chapterId: string;
  /** The chapter's title after the merge ('' if the manifest does not list it). */
  readonly title: string;
  readonly isNew: boolean;
  readonly charactersAdded: number;
  readonly charactersRemoved: number;
  readonly newComments: number;
  readonly newReplies: number;
  readonly newSuggestions: number;
  /**
   * Runs of others' words whose formatting a suggester's layer changed
   * directly (bold, a link), given back by the check: the merged chapter
   * has them as they were (text-format-rule.ts `directFormatting`).
   */
  readonly formattingGivenBack: number;
  readonly authors: readonly Author[];
  /** The members whose own layer changed the chapter's words (not only its comments or suggestions' records). */
  readonly textBy: readonly string[];
}

export interface MergePreview {
  /** The plan's title after the merge. */
  readonly planTitle: string;
  /** Changes to the plan itself: title, deadline, chapter list, owners, statuses. */
  readonly planChanges: number;
  readonly chapters: readonly ChapterChange[];
  /** Everyone whose work the file brings, sorted by name. */
  readonly authors: readonly Author[];
  /** The file brings nothing this plan does not have already. */
  readonly nothingNew: boolean;
  /**
   * Documents in which part of the file waits for changes this plan does
   * not have yet (Yjs keeps such structs pending): the file was written
   * against a state the recipient lacks. Empty when everything applied.
   */
  readonly waiting: readonly string[];
  /**
   * The first change the importer's own connection could not carry to the
   * server (`MergeRequest.importer`): e.g. a comment the signer wrote. Null
   * when there is none, or no importer.
   */
  readonly serverOnly: { readonly signer: Member; readonly docName: string; readonly breach: RuleBreach } | null;
  /** Per document, the update (Yjs v1, as the store keeps them) that brings this plan what it lacks; only documents that change. */
  readonly updates: readonly { readonly name: string; readonly update: Uint8Array }[];
  /**
   * The Yjs client id `updates` carry the check's own formatting
   * corrections under, per chapter doc corrected: fresh in that chapter and
   * written by no layer, so no signer's. The sync server claims them as its
   * own (src-server/members/client-owners.ts), so no member can later write
   * under them and have her writing read as the correction's writer's.
   */
  readonly correctionClients: readonly { readonly name: string; readonly client: number }[];
}

export type MergeOutcome =
  | { readonly ok: true; readonly preview: MergePreview }
  | {
      readonly ok: false;
      /** The first change its signer may not make. */
      readonly refused: { readonly signer: Member; readonly docName: string; readonly breach: RuleBreach };
    };

interface Tally {
  charactersAdded: number;
  charactersRemoved: number;
  newComments: number;
  newReplies: number;
  newSuggestions: number;
  formattingGivenBack: number;
  readonly authors: Map<string, Author>;
  readonly textBy: Set<string>;
}

export function checkMerge(request: MergeRequest): MergeOutcome {
  const docs = new Map<string, Y.Doc>();
  const before = new Map<string, Uint8Array>();
  const scratch = (name: string): Y.Doc => {
    let doc = docs.get(name);
    if (doc === undefined) {
      const ref = docRef(name);
      if (ref === null || ref.planId !== request.planId) throw new Error(`${name} is not a document of plan ${request.planId}`);
      doc = new Y.Doc({ gc: true });
      defineRoots(doc, ref.kind);
      docs.set(name, doc);
      before.set(name, Y.encodeStateVector(doc));
    }
    return doc;
  };
  for (const stored of request.stored) {
    const doc = scratch(stored.name);
    Y.applyUpdate(doc, stored.update);
    before.set(stored.name, Y.encodeStateVector(doc));
  }
  const manifestName = manifestDocName(request.planId);
  const hadChapter = new Set(request.stored.map((s) => s.name));
  const tallies = new Map<string, Tally>();
  let planChanges = 0;
  const changedDocs = new Set<string>();
  let serverOnly: MergePreview['serverOnly'] = null;
  /** Per chapter doc, the client id its corrections are written under. */
  const correctionClients = new Map<string, number>();

  for (const layer of request.layers) {
    // The manifest first, so a chapter the same layer adds is listed when its doc is checked.
    const ordered = [...layer.docs].sort((a, b) => Number(b.name === manifestName) - Number(a.name === manifestName));
    for (const part of ordered) {
      const ref = docRef(part.name);
      if (ref === null || ref.planId !== request.planId) throw new Error(`${part.name} is not a document of plan ${request.planId}`);
      const doc = scratch(part.name);
      const text = { added: 0, removed: 0 };
      const countText = (transaction: Y.Transaction): void => {
        for (const [type, events] of transaction.changedParentTypes) {
          if (type !== doc.share.get('text')) continue;
          for (const event of events) {
            if (event.target !== type) continue;
            for (const op of event.delta) {
              if (typeof op.insert === 'string') text.added += op.insert.length;
              else if (op.insert !== undefined) text.added += 1;
              if (op.delete !== undefined) text.removed += op.delete;
            }
          }
        }
      };
      // Registered before recordChanges' own listener, and computed inside the event, as Yjs requires.
      doc.on('afterTransaction', countText);
      const problem = updateProblem(part.update);
      if (problem !== null) throw new Error(`${part.name}: ${problem}`);
      let changes: DocChange[];
      try {
        // Inside a local transaction: Yjs then skips the formatting clean-up it
        // runs after a remote change, which is quadratic in a long run of
        // deletions (2.6 s of a 2.9 s check for a week of typing) and would
        // write this copy's own deletions into what is stored. The real
        // documents still do their clean-up when they receive the update.
        // `deletedText`: what a suggester deletes is judged by what it was
        // (chapter-text-rule.ts); without it a drafter's file could delete
        // another agency's words unnoticed. The guard reads it only for
        // members who only suggest; a file's signer is known per layer, so
        // every chapter layer pays the walk here, in the worker.
        changes = recordChanges(doc, ref.kind, () => doc.transact(() => Y.applyUpdateV2(doc, part.update)), { deletedText: ref.kind === 'chapter' });
      } finally {
        doc.off('afterTransaction', countText);
      }
      if (changes.length === 0) continue;
      changedDocs.add(part.name);
      let formattingGivenBack = 0;
      if (request.checkRoles) {
        const check = (member: Member, list: readonly DocChange[]): RuleBreach | null =>
          ref.kind === 'manifest'
            ? checkDocChanges(member, { kind: 'manifest', planId: ref.planId }, list)
            : ref.kind === 'source'
              ? checkSource(member, scratch(manifestName), ref.planId, ref.id, list)
              : checkChapter(member, scratch(manifestName), ref.planId, ref.id, list);
        const groups = layer.signer.role === 'coordinator' ? byClaimedAuthor(changes, layer.signer, request.members) : [{ member: layer.signer, changes }];
        for (const group of groups) {
          const found = check(group.member, group.changes);
          if (found !== null) return { ok: false, refused: { signer: group.member, docName: part.name, breach: found } };
        }
        if (ref.kind === 'chapter') {
          formattingGivenBack = giveFormattingBack(doc, chapterEntry(scratch(manifestName), ref.id), groups, () => {
            let client = correctionClients.get(part.name);
            if (client === undefined) {
              // Fresh in this copy: the correction must not continue a signer's clock, nor be read as hers.
              do client = uint32();
              while (doc.store.clients.has(client));
              correctionClients.set(part.name, client);
            }
            return client;
          });
        }
        // A coordinator's layer is what the coordinator's app synced or will
        // sync itself (the hub of file exchange); another member's is new to
        // the server, and reaches it through the importer's connection only
        // where the importer may make it.
        const asImporter: RuleBreach | null = serverOnly !== null || request.importer === null || layer.signer.role === 'coordinator' ? null : check(request.importer, changes);
        if (asImporter !== null) serverOnly = { signer: layer.signer, docName: part.name, breach: asImporter };
      }
      if (ref.kind === 'manifest') {
        planChanges += changes.length;
        continue;
      }
      if (ref.kind === 'source') {
        // A source's doc is its extracted text and file, added with its entry in the manifest's list (counted there).
        planChanges += 1;
        continue;
      }
      const tally = tallies.get(ref.id) ?? { charactersAdded: 0, charactersRemoved: 0, newComments: 0, newReplies: 0, newSuggestions: 0, formattingGivenBack: 0, authors: new Map(), textBy: new Set() };
      tallies.set(ref.id, tally);
      tally.formattingGivenBack += formattingGivenBack;
      tally.charactersAdded += text.added;
      tally.charactersRemoved += text.removed;
      const signer: Author = { memberId: layer.signer.memberId, name: layer.signer.name, agency: layer.signer.agency };
      if (text.added + text.removed > 0) {
        tally.authors.set(signer.memberId, signer);
        tally.textBy.add(signer.memberId);
      }
      countRecords(changes, tally, signer);
    }
  }

  const manifest = readManifest(scratch(manifestName));
  const titles = new Map([...manifest.chapters, ...manifest.deletedChapters].map((c) => [c.id, c.title]));
  const chapters: ChapterChange[] = [...tallies].map(([chapterId, tally]) => ({
    chapterId,
    title: titles.get(chapterId) ?? '',
    isNew: !hadChapter.has(chapterDocName(request.planId, chapterId)),
    charactersAdded: tally.charactersAdded,
    charactersRemoved: tally.charactersRemoved,
    newComments: tally.newComments,
    newReplies: tally.newReplies,
    newSuggestions: tally.newSuggestions,
    formattingGivenBack: tally.formattingGivenBack,
    authors: sortAuthors(tally.authors.values()),
    textBy: [...tally.textBy].sort(),
  }));
  const order = new Map(manifest.chapters.map((c, i) => [c.id, i]));
  chapters.sort((a, b) => (order.get(a.chapterId) ?? Infinity) - (order.get(b.chapterId) ?? Infinity) || a.chapterId.localeCompare(b.chapterId));
  const authors = new Map<string, Author>();
  for (const chapter of chapters) for (const author of chapter.authors) authors.set(author.memberId, author);
  if (planChanges > 0) for (const layer of request.layers) authors.set(layer.signer.memberId, layer.signer);
  const layered = new Set(request.layers.flatMap((layer) => layer.docs.map((d) => d.name)));
  const waiting = [...layered].filter((name) => {
    const store = docs.get(name)?.store;
    return store !== undefined && (store.pendingStructs !== null || store.pendingDs !== null);
  });
  const updates = [...changedDocs].map((name) => ({ name, update: Y.encodeStateAsUpdate(docs.get(name)!, before.get(name)) }));
  for (const doc of docs.values()) doc.destroy();
  return {
    ok: true,
    preview: {
      planTitle: manifest.title,
      planChanges,
      chapters,
      authors: sortAuthors(authors.values()).map((a) => ({ memberId: a.memberId, name: a.name, agency: a.agency })),
      nothingNew: changedDocs.size === 0,
      waiting,
      serverOnly,
      updates,
      correctionClients: [...correctionClients].map(([name, client]) => ({ name, client })),
    },
  };
}

/**
 * A coordinator's changes split by who signed each record in them: a new
 * thread or suggestion by its author, each new message by its author and
 * each new event by its `by`, an edit of a message by the message's author.
 * Anything else, and anything signed by someone not among `members`, stays
 * the coordinator's.
 */
function byClaimedAuthor(changes: readonly DocChange[], coordinator: Member, members: readonly Member[]): { member: Member; changes: DocChange[] }[] {
  const groups = new Map<string, { member: Member; changes: DocChange[] }>([[coordinator.memberId, { member: coordinator, changes: [] }]]);
  const add = (author: unknown, change: DocChange): void => {
    const parsed = authorSchema.safeParse(author);
    const member = parsed.success ? members.find((m) => m.memberId === parsed.data.memberId) : undefined;
    const owner = member ?? coordinator;
    const group = groups.get(owner.memberId) ?? { member: owner, changes: [] };
    group.changes.push(change);
    groups.set(owner.memberId, group);
  };
  for (const change of changes) {
    const record = change.root === 'threads' || change.root === 'suggestions';
    if (record && change.kind === 'map' && change.path.length === 0 && change.newValue instanceof Y.Map) add(change.newValue.get('author'), change);
    else if (record && change.kind === 'array' && change.deleted === 0 && (change.path[1] === 'messages' || change.path[1] === 'events')) {
      for (const entry of change.inserted) {
        const author = entry instanceof Y.Map ? entry.get('author') : typeof entry === 'object' && entry !== null ? (entry as { by?: unknown }).by : undefined;
        add(author, { ...change, inserted: [entry] });
      }
    } else if (record && change.kind === 'map' && change.path[1] === 'messages' && change.path.length >= 3) {
      const message = change.path.length === 3 ? change.map : change.map.parent;
      add(message instanceof Y.Map ? message.get('author') : undefined, change);
    } else add(coordinator, change);
  }
  return [...groups.values()].filter((g) => g.changes.length > 0);
}

/** Past any real client's clock: two billion operations. A run claiming more is a run-length bomb (yjs#687). */
const MAX_CLOCK = 2 ** 31;

/**
 * Why a file's update (Yjs v2) must not be applied, or null. Decoding is
 * where crafted bytes spin (the yjs#687 payload hangs `Y.decodeUpdateV2`),
 * which is why this whole module runs in a worker with a time limit.
 */
function updateProblem(update: Uint8Array): string | null {
  if (update.length === 0) return 'an empty update (yjs#498)';
  const decoded = Y.decodeUpdateV2(update);
  for (const struct of decoded.structs) {
    if (!Number.isSafeInteger(struct.id.clock) || !Number.isSafeInteger(struct.length) || struct.id.clock + struct.length > MAX_CLOCK) return 'a run beyond clock 2^31 (yjs#687)';
  }
  for (const ranges of decoded.ds.clients.values()) {
    for (const range of ranges) if (!Number.isSafeInteger(range.clock) || !Number.isSafeInteger(range.len) || range.clock + range.len > MAX_CLOCK) return 'a deletion beyond clock 2^31 (yjs#687)';
  }
  return null;
}

/** New threads, replies and suggestions, and who wrote them, from the recorded changes. */
function countRecords(changes: readonly DocChange[], tally: Tally, signer: Author): void {
  const note = (author: unknown): void => {
    const parsed = authorSchema.safeParse(author);
    const who = parsed.success ? parsed.data : signer;
    tally.authors.set(who.memberId, who);
  };
  for (const change of changes) {
    if (change.kind === 'map' && change.path.length === 0 && change.action === 'add' && change.newValue instanceof Y.Map) {
      if (change.root === 'threads') tally.newComments += 1;
      else if (change.root === 'suggestions') tally.newSuggestions += 1;
      else continue;
      note(change.newValue.get('author'));
    } else if (change.kind === 'array' && (change.root === 'threads' || change.root === 'suggestions') && change.path[1] === 'messages') {
      for (const message of change.inserted) {
        tally.newReplies += 1;
        note(message instanceof Y.Map ? message.get('author') : null);
      }
    } else if (change.kind !== 'text') {
      // Any other change (a resolve, an edit, a decision) is work of the signer's.
      tally.authors.set(signer.memberId, signer);
    }
  }
}

/** The documents an exchange file may carry: the manifest, chapters and sources (shared/sources/source-doc.ts). */
function docRef(name: string): { readonly kind: DocKind; readonly planId: string; readonly id: string } | null {
  const ref = parseDocName(name);
  if (ref !== null) return { kind: ref.kind, planId: ref.planId, id: ref.kind === 'chapter' ? ref.chapterId : '' };
  const source = parseSourceDocName(name);
  return source === null ? null : { kind: 'source', planId: source.planId, id: source.sourceId };
}

/** A source's doc, checked against its entry in the (merged) manifest's source list, as shared/rules/source-rules.ts says. */
function checkSource(signer: Member, manifest: Y.Doc, planId: string, sourceId: string, changes: readonly DocChange[]): RuleBreach | null {
  const entry = readSources(manifest).find((s) => s.id === sourceId);
  return checkDocChanges(signer, { kind: 'source', planId, sourceId, source: entry === undefined ? null : { addedBy: entry.addedBy, removed: entry.removedAt !== null } }, changes);
}

/**
 * As the server's guard: a chapter the (merged) manifest does not list takes
 * no changes, and a co-writing agency (the entry's `coWriters`) edits
 * directly, as the owner does.
 */
function checkChapter(signer: Member, manifest: Y.Doc, planId: string, chapterId: string, changes: readonly DocChange[]): RuleBreach | null {
  const chapter = chapterEntry(manifest, chapterId);
  if (chapter === undefined) return breach('unlisted-chapter', `the plan's manifest does not list chapter ${chapterId}`);
  return checkDocChanges(signer, { kind: 'chapter', planId, chapterId, chapter }, changes);
}

/** A chapter's entry in the (merged) manifest, deleted ones too, with what the rules read of it. */
function chapterEntry(manifest: Y.Doc, chapterId: string): ChapterRights | undefined {
  const read = readManifest(manifest);
  const entry = read.chapters.find((c) => c.id === chapterId) ?? read.deletedChapters.find((c) => c.id === chapterId);
  return entry === undefined ? undefined : { owner: entry.owner, status: entry.status, coWriters: entry.coWriters };
}

/**
 * The sync server's correction (sync-server.ts `admit`), for a layer just
 * applied to `doc`, whose rules `groups` passed: what a member who only
 * suggests in the chapter changed of others' words' formatting beyond her
 * own format suggestions is written back now, before a later layer changes
 * the text (each correction carries the formatting in effect after her
 * layer), under the client id `writer` gives: later layers are then judged
 * on the corrected text, and the updates carry the correction. Returns
 * the number of runs given back.
 */
function giveFormattingBack(
  doc: Y.Doc,
  chapter: ChapterRights | undefined,
  groups: readonly { readonly member: Member; readonly changes: readonly DocChange[] }[],
  writer: () => number,
): number {
  // An unlisted chapter was refused by its check already.
  if (chapter === undefined) return 0;
  const corrections: FormattingCorrection[] = [];
  for (const group of groups) {
    corrections.push(...directFormatting(group.member, { chapter }, group.changes.filter((c): c is TextChange => c.kind === 'text')));
  }
  if (corrections.length === 0) return 0;
  doc.clientID = writer();
  correctFormatting(chapterText(doc), corrections);
  return corrections.length;
}

function sortAuthors(authors: Iterable<Author>): Author[] {
  return [...authors].sort((a, b) => a.name.localeCompare(b.name, 'sv') || a.memberId.localeCompare(b.memberId));
}
