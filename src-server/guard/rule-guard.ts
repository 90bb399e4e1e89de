/**
 * The semantic guard (issue 13): every update a member sends is checked
 * against that member's rights on that document before it is applied,
 * stored or broadcast. It runs after the structural check (the decoding
 * workers and shared/doc-limits/), so what it applies is known to decode.
 *
 * How: each loaded document has a scratch copy (its shadow) that follows
 * the real document's updates. The update is applied to the shadow inside
 * one transaction, and the transaction's events say what it changed
 * (shared/rules/doc-changes.ts); the pure rules in shared/rules/ decide. A
 * refused update is then in the shadow only: the shadow is dropped and
 * rebuilt from the real document at the next check, so a refusal costs a
 * copy, and an accepted update costs one more apply. An update that changes
 * nothing (a sync step 2 with nothing new) is let through at once.
 *
 * The manifest says which chapters and sources exist, who owns and
 * co-writes each chapter, and who added each source. A chapter or source
 * the manifest does not list takes no changes; because the app creates a
 * doc just before its manifest entry, and the two travel as separate
 * messages, the guard waits up to `unlistedWaitMs` for the manifest to
 * list it before refusing.
 */
import * as Y from 'yjs';
import { manifestDocName, parseDocName } from '../../shared/plan/doc-names.ts';
import { readManifest } from '../../shared/plan/manifest.ts';
import type { Author, Member } from '../../shared/plan/member.ts';
import { parseSourceDocName } from '../../shared/sources/source-doc.ts';
import { readSources } from '../../shared/sources/source-list.ts';
import { defineRoots, recordChanges, type DocChange, type DocKind, type TextChange } from '../../shared/rules/doc-changes.ts';
import { checkDocChanges, type RuleTarget } from '../../shared/rules/doc-rules.ts';
import { directFormatting, type FormattingCorrection } from '../../shared/rules/text-format-rule.ts';
import { may } from '../../shared/comments/comment-permissions.ts';
import { breach, type RuleBreach } from '../../shared/rules/rule-refusal.ts';

export interface RuleGuardOptions {
  /** The document as this server holds it now, if it is loaded. */
  readonly liveDoc: (name: string) => Y.Doc | undefined;
  /** The stored document, for a manifest no client has open here. */
  readonly loadStored: (name: string) => Promise<Uint8Array | null>;
  /** How long a chapter's update waits for the manifest to list the chapter. */
  readonly unlistedWaitMs: number;
}

interface Shadow {
  readonly doc: Y.Doc;
  readonly follow: (update: Uint8Array) => void;
}

type ChapterEntry = NonNullable<Extract<RuleTarget, { kind: 'chapter' }>['chapter']>;

const POLL_MS = 50;
/** How long a manifest read from storage stands in for it (no client has it open here). */
const STORED_MANIFEST_MS = 1_000;

export class RuleGuard {
  readonly #options: RuleGuardOptions;
  readonly #shadows = new WeakMap<Y.Doc, Shadow>();
  readonly #watched = new WeakSet<Y.Doc>();
  readonly #storedManifests = new Map<string, { doc: Y.Doc; at: number }>();
  readonly #lateEdits = new WeakMap<Uint8Array, { readonly planId: string; readonly chapterId: string }>();
  readonly #corrections = new WeakMap<Uint8Array, readonly FormattingCorrection[]>();
  /** Per document, the end of the last update admitted or refused (`exclusive`). */
  readonly #turns = new WeakMap<Y.Doc, Promise<void>>();

  constructor(options: RuleGuardOptions) {
    this.#options = options;
  }

  /**
   * Runs `admit` (the check of one update to `document` and, if it passes,
   * its apply) once every earlier one for the same document has finished.
   *
   * Why: `check` applies the update to the document's shadow and then may
   * wait (for the manifest, the database, an unlisted chapter's entry). An
   * update from another connection checked meanwhile would find the first
   * one's changes in the shadow already and pass as "nothing new", unjudged,
   * even when the first is then refused: the same update sent twice at
   * once over two sockets got through (found by the refused-source e2e: the
   * resent update of an unlisted source was stored). If `admit` throws (a
   * refusal, or a failure after the check passed), the shadow may hold an
   * update the document does not, so it is dropped and rebuilt at the next
   * check.
   */
  async exclusive<T>(document: Y.Doc, admit: () => Promise<T>): Promise<T> {
    const previous = this.#turns.get(document) ?? Promise.resolve();
    const turn = previous.then(async () => {
      try {
        return await admit();
      } catch (error) {
        this.#drop(document);
        throw error;
      }
    });
    this.#turns.set(
      document,
      turn.then(
        () => undefined,
        () => undefined,
      ),
    );
    return turn;
  }

  /**
   * Null if `member` may make the change `update` makes to `document`
   * (named `name`), otherwise the rule it breaks. Does not change `document`.
   */
  async check(document: Y.Doc, name: string, member: Member, update: Uint8Array): Promise<RuleBreach | null> {
    const parsed = parseDocName(name);
    const sourceRef = parsed === null ? parseSourceDocName(name) : null;
    if (sourceRef !== null) return this.#checkSource(document, sourceRef, member, update);
    const ref = parsed;
    if (ref === null) return breach('unknown-part', `no document ${name}`);
    // What a suggester deletes is judged by what it was (chapter-text-rule.ts),
    // which costs a walk over the text: only for members who only suggest.
    // The manifest as it is now decides; an unlisted chapter is refused anyway.
    const entry = ref.kind === 'chapter' ? await this.#chapterEntry(ref.planId, ref.chapterId) : undefined;
    const deletedText = ref.kind === 'chapter' && (entry === undefined || !may(member, 'edit-directly', { chapter: entry }));
    const changes = this.#record(document, ref.kind, update, deletedText);
    if (changes === null) return breach('unknown-part', 'the update does not apply to the document');
    // A sync step 2 with nothing new, or structs still waiting for their parents.
    if (changes.length === 0) return null;
    let found: RuleBreach | null;
    if (ref.kind === 'manifest') {
      found = checkDocChanges(member, { kind: 'manifest', planId: ref.planId }, changes);
    } else {
      // Read once already; only a chapter not listed yet is waited for.
      const chapter = entry ?? (await this.#listedChapter(ref.planId, ref.chapterId));
      found =
        chapter === undefined
          ? breach('unlisted-chapter', `the plan's manifest does not list chapter ${ref.chapterId}`)
          : checkDocChanges(member, { kind: 'chapter', planId: ref.planId, chapterId: ref.chapterId, chapter }, changes);
      // Her formatting of others' words beyond her suggestions is given back, not refused (text-format-rule.ts `directFormatting`).
      if (found === null && deletedText && chapter !== undefined) {
        const corrections = directFormatting(member, { chapter }, changes.filter((c): c is TextChange => c.kind === 'text'));
        if (corrections.length > 0) this.#corrections.set(update, corrections);
      }
    }
    if (found !== null) this.#drop(document);
    else if (ref.kind === 'chapter' && entry?.status === 'approved' && member.role !== 'coordinator' && changes.some(changesWords)) {
      this.#lateEdits.set(update, { planId: ref.planId, chapterId: ref.chapterId });
    }
    return found;
  }

  /**
   * A source doc (issue 16, shared/rules/source-rules.ts): written by the
   * member who added it, emptied by whoever removes it. Its manifest entry
   * is written just after the doc, so the check waits for it as for a
   * chapter's.
   */
  async #checkSource(document: Y.Doc, ref: { readonly planId: string; readonly sourceId: string }, member: Member, update: Uint8Array): Promise<RuleBreach | null> {
    const changes = this.#record(document, 'source', update);
    if (changes === null) return breach('unknown-part', 'the update does not apply to the document');
    if (changes.length === 0) return null;
    const source = await this.#listed(() => this.#sourceEntry(ref.planId, ref.sourceId));
    const found = checkDocChanges(member, { kind: 'source', planId: ref.planId, sourceId: ref.sourceId, source: source ?? null }, changes);
    if (found !== null) this.#drop(document);
    return found;
  }

  async #sourceEntry(planId: string, sourceId: string): Promise<{ readonly addedBy: Author | null; readonly removed: boolean } | undefined> {
    const entry = readSources(await this.#manifest(planId)).find((s) => s.id === sourceId);
    return entry === undefined ? undefined : { addedBy: entry.addedBy, removed: entry.removedAt !== null };
  }

  /**
   * Whether `update`, accepted by `check`, changed the words of an approved
   * chapter (a non-coordinator's change, made offline before they learned of
   * the approval): the server then reopens the chapter for review in their
   * name (shared/workflow/late-edit.ts), so an approval never covers text
   * the coordinator did not see. Asked once per update.
   */
  takeLateEdit(update: Uint8Array): { readonly planId: string; readonly chapterId: string } | undefined {
    const late = this.#lateEdits.get(update);
    this.#lateEdits.delete(update);
    return late;
  }

  /**
   * What the server writes with `update`, accepted by `check`, to give
   * others' words back the formatting the suggester's update changed
   * (formatting-correction.ts), in the transaction that applies it. Asked
   * once per update.
   */
  takeCorrections(update: Uint8Array): readonly FormattingCorrection[] {
    const corrections = this.#corrections.get(update) ?? [];
    this.#corrections.delete(update);
    return corrections;
  }

  /** What `update` changes, applied to `document`'s shadow; null, and the shadow dropped, if it does not apply. */
  #record(document: Y.Doc, kind: DocKind, update: Uint8Array, deletedText = false): DocChange[] | null {
    const shadow = this.#shadowOf(document, kind);
    try {
      return recordChanges(shadow.doc, kind, () => Y.applyUpdate(shadow.doc, update), { deletedText });
    } catch {
      this.#drop(document);
      return null;
    }
  }

  /** Forgets a document's shadow (it is unloaded, or holds a refused update). */
  #drop(document: Y.Doc): void {
    const shadow = this.#shadows.get(document);
    if (shadow === undefined) return;
    document.off('update', shadow.follow);
    shadow.doc.destroy();
    this.#shadows.delete(document);
  }

  #shadowOf(document: Y.Doc, kind: DocKind): Shadow {
    let shadow = this.#shadows.get(document);
    if (shadow === undefined) {
      const doc = new Y.Doc();
      defineRoots(doc, kind);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(document));
      const follow = (update: Uint8Array): void => Y.applyUpdate(doc, update);
      document.on('update', follow);
      // Once per document, however often a refusal drops its copy.
      if (!this.#watched.has(document)) {
        this.#watched.add(document);
        document.once('destroy', () => this.#drop(document));
      }
      shadow = { doc, follow };
      this.#shadows.set(document, shadow);
    }
    return shadow;
  }

  /** The chapter's manifest entry, waiting up to `unlistedWaitMs` for it to appear; undefined if it does not. */
  #listedChapter(planId: string, chapterId: string): Promise<ChapterEntry | undefined> {
    return this.#listed(() => this.#chapterEntry(planId, chapterId));
  }

  /** What `read` finds in the manifest, waiting up to `unlistedWaitMs` for it to appear; undefined if it does not. */
  async #listed<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    const deadline = Date.now() + this.#options.unlistedWaitMs;
    for (;;) {
      const entry = await read();
      if (entry !== undefined || Date.now() >= deadline) return entry;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async #chapterEntry(planId: string, chapterId: string): Promise<ChapterEntry | undefined> {
    const manifest = readManifest(await this.#manifest(planId));
    const entry = manifest.chapters.find((c) => c.id === chapterId) ?? manifest.deletedChapters.find((c) => c.id === chapterId);
    return entry === undefined ? undefined : { owner: entry.owner, status: entry.status, coWriters: entry.coWriters };
  }

  async #manifest(planId: string): Promise<Y.Doc> {
    const name = manifestDocName(planId);
    const live = this.#options.liveDoc(name);
    if (live !== undefined) return live;
    const cached = this.#storedManifests.get(planId);
    if (cached !== undefined && Date.now() - cached.at < STORED_MANIFEST_MS) return cached.doc;
    const doc = new Y.Doc();
    const stored = await this.#options.loadStored(name);
    if (stored !== null) Y.applyUpdate(doc, stored);
    cached?.doc.destroy();
    this.#storedManifests.set(planId, { doc, at: Date.now() });
    return doc;
  }
}

/** Whether a change inserts or deletes content of the chapter text (not only formatting, which Yjs' own clean-up also writes). */
function changesWords(change: DocChange): boolean {
  if (change.kind !== 'text' || change.root !== 'text') return false;
  return (change.event.delta as readonly { insert?: unknown; delete?: unknown }[]).some((op) => op.insert !== undefined || op.delete !== undefined);
}
