/**
 * What in a chapter's text is a suggester's own, for the chapter-text rules
 * (chapter-text-rule.ts, text-format-rule.ts, block-field-rule.ts): her
 * suggestions (by id), the writing of her Yjs clients under them (the
 * entries' `writers`), and which changes the text rules judge at all.
 */
import * as Y from 'yjs';
import { may } from '../comments/comment-permissions.ts';
import { readMarker } from '../chapter-text/block-marker.ts';
import { markName, suggestionMarkKey } from '../chapter-text/text-attributes.ts';
import type { Member } from '../plan/member.ts';
import { entryIsBy, memberWriting, suggestionsMap } from '../suggestions/suggestions.ts';
import type { ChapterTextContext } from './chapter-text-rule.ts';
import type { TextChange } from './doc-changes.ts';

/**
 * The changes the text rules judge: none for whoever may edit the chapter
 * directly, and none in a chapter the manifest does not list (the manifest
 * check judges those, doc-rules.ts); all of them for anyone who may only
 * suggest.
 */
export function suggesterChanges(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): readonly TextChange[] {
  if (context.chapter === null || may(member, 'edit-directly', { chapter: context.chapter })) return [];
  return changes;
}

/** The chapter text a change is to (the `text` root's Y.Text itself), or null for any other change. */
export function chapterTextOf(change: TextChange): Y.Text | null {
  if (change.root !== 'text') return null;
  const target = change.event.target;
  return target instanceof Y.Text && target.doc !== null ? target : null;
}

/** Whether a suggestion id is one of `member`'s own suggestions in `doc`. */
export function ownSuggestion(doc: Y.Doc, member: Member): (id: unknown) => boolean {
  return (id) => typeof id === 'string' && entryIsBy(suggestionsMap(doc).get(id), member.memberId);
}

/** Whether `attributes` hold a mark `name` whose id is the sender's own. */
export function carriesOwn(attributes: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown> | undefined, name: string, own: (id: unknown) => boolean): boolean {
  for (const [key, value] of attributes instanceof Map ? attributes : Object.entries(attributes ?? {})) {
    if (markName(key) === name && typeof value === 'object' && value !== null && own((value as { id?: unknown }).id)) return true;
  }
  return false;
}

/** The first clock each of `member`'s Yjs clients wrote under any of their suggestions (the entries' `writers`): the editor's own bound (suggestions.ts). */
export function ownWriting(doc: Y.Doc, member: Member): Map<number, number> {
  return memberWriting(doc, member.memberId);
}

/** For every suggestion, by its insertion mark's attribute key: its author and the first clock each of her clients wrote under it. */
export function insertBounds(doc: Y.Doc): Map<string, { readonly authorId: string; readonly writers: Map<number, number> }> {
  const bounds = new Map<string, { authorId: string; writers: Map<number, number> }>();
  suggestionsMap(doc).forEach((entry, id) => {
    const author = entry.get('author') as { memberId?: unknown } | undefined;
    if (typeof author?.memberId !== 'string') return;
    const first = new Map<number, number>();
    const writers = entry.get('writers');
    if (writers instanceof Y.Map) {
      writers.forEach((clock, client) => {
        if (typeof clock === 'number' && Number.isInteger(Number(client))) first.set(Number(client), clock);
      });
    }
    bounds.set(suggestionMarkKey('suggestion_insert', id), { authorId: author.memberId, writers: first });
  });
  return bounds;
}

/**
 * Whether `marker` starts a block inside a table cell. Every editor repairs
 * a table's shape when colleagues' row and column changes meet
 * (prosemirror-tables' fixTables, shared/schema/repair.ts): it adds missing
 * cells, with an empty paragraph each, and rebuilds a cell's blocks, and
 * those repairs are not suggestions. The server cannot tell a repair from a
 * paragraph split inside a cell, so it lets both through: neither adds or
 * removes a word, and words are judged on their own.
 */
export function inTableCell(marker: Y.Map<unknown>): boolean {
  return readMarker(marker).path.some((container) => container.type === 'table_cell' || container.type === 'table_header');
}
