/**
 * The block-field part of the chapter-text rule (issue 13): how a drafter
 * who may only suggest may change the fields of a block marker that was in
 * the chapter before her update (block-marker.ts: `type`, `attrs`, `path`,
 * and the block suggestion's `suggestion` and `before`). A marker's field
 * change reaches the rules as a text change whose target is the marker's
 * Y.Map; each field is judged as she wrote it against what her copy showed
 * (doc-changes.ts `fields`): Yjs keeps the last of concurrent writes to a
 * key, so the server's old value can be a colleague's she never saw, and
 * her write can lose to one.
 *
 * She may, as an honest suggester's editor does (suggest-transform.ts,
 * block-marker.ts `updateMarker`): suggest a change of a block's type or
 * containers (the new fields with her own `change` suggestion, `before`
 * holding the block as it was), change it again while it is hers, and
 * withdraw it by restoring `before`; suggest a boundary's removal (her own
 * `delete` suggestion) and withdraw it; change anything of a boundary that
 * is her own (written by her under her suggestions, or carrying her own
 * `insert` suggestion).
 *
 * ENFORCED (`blockFieldBreach`): she does not mark a block with someone
 * else's suggestion, nor mark a boundary she did not write as her
 * suggested `insert` (outside table cells, where her editor's table repair
 * moves her suggestion onto a cell's paragraph; she still cannot delete
 * it, the deletion rule), nor write a field a block does not have.
 *
 * MEASURED, not enforced (`directBlockChange`; docs/rules.md has the
 * figures and causes): a block's type or attrs changed other than under her
 * own change suggestion, a colleague's block suggestion taken off or
 * replaced, her own suggested boundary turned into a plain one, `before`
 * written without her change suggestion. Honest editors do all of these:
 * the binding writes ProseMirror's view of the blocks near every change
 * (chapter-binding.ts `#updateMarkers`), and suggest-transform.ts drops a
 * block's suggestion on setBlockType.
 *
 * Not judged: `path` (a block's containers). The binding gives containers
 * new ids when it regroups blocks after concurrent structural changes, on
 * blocks near every change.
 */
import * as Y from 'yjs';
import { readBlockSuggestion, splitSuggestion, type BlockSuggestion } from '../chapter-text/block-marker.ts';
import type { Member } from '../plan/member.ts';
import type { ChapterTextContext } from './chapter-text-rule.ts';
import type { TextChange } from './doc-changes.ts';
import { inTableCell, ownSuggestion, ownWriting, suggesterChanges } from './own-text.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';

const FIELDS = new Set(['type', 'attrs', 'path', 'suggestion', 'before']);

/** The enforced block-field rules (above), or null. Needs the changes recorded with `deletedText` (doc-changes.ts `fields`). */
export function blockFieldBreach(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  return judgeMarkers(member, context, changes, ({ marker, hers, before, after, own, fields }) => {
    // Her own boundary: a colleague's block suggestion on it decides nothing of anyone else's.
    if (hers) return null;
    if ([...fields.keys()].some((key) => !FIELDS.has(key))) return breach('text-not-permitted', 'a suggester writes only a block’s own fields');
    if (!sameSuggestion(before, after)) {
      if (after !== null && !own(after.id)) return breach('text-not-permitted', 'a suggester marks blocks only with her own suggestions');
      // Inside a table cell her editor's table repair moves her suggested boundary onto a cell's paragraph (as the insertion rule lets any boundary in a cell through); she still cannot delete it (the deletion rule).
      if (after?.kind === 'insert' && !inTableCell(marker)) return breach('text-not-permitted', 'a suggester suggests as new only block boundaries she wrote');
    }
    return null;
  });
}

/**
 * The measured block-field rules (above), or null: her own suggested
 * boundary turned into a plain one; a colleague's block suggestion taken
 * off or replaced; a block's type or attrs changed other than under her
 * own `change` suggestion; `before` written other than with her own change
 * suggestion.
 */
export function directBlockChange(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  return judgeMarkers(member, context, changes, ({ hers, before, after, own, fields, seen, wrote }) => {
    if (hers) return ownInsert(before, own) && !ownInsert(after, own) ? breach('text-not-permitted', 'a suggester does not turn her suggested block boundary into a plain one') : null;
    if (!sameSuggestion(before, after) && before !== null && !own(before.id)) return breach('text-not-permitted', 'a suggester does not decide someone else’s block suggestion');
    const changedBefore = before?.kind === 'change' && own(before.id);
    const changedAfter = after?.kind === 'change' && own(after.id);
    // `before` means something only under a change suggestion: hers she writes with it and takes off with it; one left on a block without a change suggestion (an accept that met her withdrawal) she may delete.
    if (fields.has('before') && !changedAfter && !(wrote('before') === undefined && (changedBefore || before?.kind !== 'change'))) {
      return breach('text-not-permitted', 'a suggester records a block as it was only for her own suggested change');
    }
    return fieldsBreach(fields, seen, wrote, changedBefore, changedAfter);
  });
}

interface MarkerWrite {
  readonly marker: Y.Map<unknown>;
  readonly fields: ReadonlyMap<string, unknown>;
  /** A field as her copy showed it, and as she wrote it (doc-changes.ts `FieldWrite`); a field she did not write, as it is. */
  readonly seen: (key: string) => unknown;
  readonly wrote: (key: string) => unknown;
  /** The block suggestion she saw and the one she wrote. */
  readonly before: BlockSuggestion | null;
  readonly after: BlockSuggestion | null;
  readonly own: (id: unknown) => boolean;
  /** Her own block boundary: written by her under her suggestions, or carrying her own insert suggestion. */
  readonly hers: boolean;
}

function judgeMarkers(member: Member, context: ChapterTextContext, changes: readonly TextChange[], judge: (write: MarkerWrite) => RuleBreach | null): RuleBreach | null {
  // Once per update: one update can write the fields of many markers (a list wrapped round many blocks).
  let writing: Map<number, number> | null = null;
  for (const change of suggesterChanges(member, context, changes)) {
    const marker = change.event.target;
    const fields = change.fields;
    if (change.root !== 'text' || !(marker instanceof Y.Map) || marker.doc === null || fields === undefined || fields.size === 0) continue;
    const item = marker._item;
    // A marker deleted by the same update is the deletion rule's.
    if (item === null || item.deleted) continue;
    const seen = (key: string): unknown => (fields.has(key) ? fields.get(key)?.seen : marker.get(key));
    const wrote = (key: string): unknown => (fields.has(key) ? fields.get(key)?.written : marker.get(key));
    const own = ownSuggestion(marker.doc, member);
    const before = readBlockSuggestion(seen('suggestion'));
    const first = (writing ??= ownWriting(marker.doc, member)).get(item.id.client);
    const hers = (first !== undefined && item.id.clock >= first) || ownInsert(before, own);
    const found = judge({ marker, fields, seen, wrote, before, after: readBlockSuggestion(wrote('suggestion')), own, hers });
    if (found !== null) return found;
  }
  return null;
}

function ownInsert(suggestion: BlockSuggestion | null, own: (id: unknown) => boolean): boolean {
  return suggestion?.kind === 'insert' && own(suggestion.id);
}

function sameSuggestion(a: BlockSuggestion | null, b: BlockSuggestion | null): boolean {
  return a?.id === b?.id && a?.kind === b?.kind;
}

/**
 * The block's type and attrs, where she wrote them: each only under her
 * own `change` suggestion, whose `before` holds what the field was
 * (`before` written with it, or there from her earlier change), or back to
 * `before` as she withdraws it. (`path` is not judged, above.)
 */
function fieldsBreach(fields: ReadonlyMap<string, unknown>, seen: (key: string) => unknown, wrote: (key: string) => unknown, changedBefore: boolean, changedAfter: boolean): RuleBreach | null {
  for (const field of ['type', 'attrs']) {
    if (!fields.has(field) || sameField(field, seen(field), wrote(field))) continue;
    const suggested = changedAfter && (!fields.has('before') || sameField(field, recorded(wrote('before'), field), seen(field)));
    const withdrawn = changedBefore && !changedAfter && sameField(field, recorded(seen('before'), field), wrote(field));
    if (!suggested && !withdrawn) return breach('text-not-permitted', 'a suggester changes others’ blocks only as her own suggested change');
  }
  return null;
}

/** A field as a block's `before` records it. */
function recorded(before: unknown, field: string): unknown {
  return isObject(before) ? before[field] : undefined;
}

/** Whether two values of a field stand for the same block (attrs without a `suggestion` in them). */
function sameField(field: string, a: unknown, b: unknown): boolean {
  const form = (value: unknown): unknown => (field === 'attrs' ? (isObject(value) ? splitSuggestion(value).attrs : {}) : value);
  return canonical(form(a)) === canonical(form(b));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted: the binding and `before` may list a block's attrs in different orders. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
