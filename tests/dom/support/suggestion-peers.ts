/**
 * Peers of one chapter for the suggestion tests: Migrationsverket owns the
 * chapter (Maja edits directly), Socialstyrelsen's Bo suggests, Anna
 * coordinates. Each is a headless editor as the app builds it, with
 * Redigera / Föreslå, on its own Y.Doc with a fixed client id.
 *
 * `markup` renders a chapter so that a test states the intended result in
 * one line: blocks joined by " | ", `[+ny]` suggested text, `[-gammal]`
 * suggested deletion, `[~fet]` a formatting suggestion, and a block's
 * suggestion as a prefix: `¶+` new boundary, `¶-` boundary to remove,
 * `¶~` changed type or list. Headings are `h2:`, list items `•`, cells `‖`.
 */
import { expect } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import * as Y from 'yjs';
import type { Member } from '../../../shared/plan/member.ts';
import type { ChapterContext } from '../../../shared/suggestions/suggestions.ts';
import { readBlockSuggestion } from '../../../shared/chapter-text/block-marker.ts';
import { readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { createHeadlessEditor, type HeadlessEditor } from './headless-editor.ts';
import { peerDocs } from './chapter-peers.ts';
import type { EditMode } from '../../../src-renderer/editor/suggest-mode.ts';

export const maja: Member = { memberId: 'm-maja', name: 'Maja Berg', agency: 'migr', role: 'drafter' };
export const bo: Member = { memberId: 'm-bo', name: 'Bo Ek', agency: 'sos', role: 'drafter' };
export const anna: Member = { memberId: 'm-anna', name: 'Anna Lind', agency: 'af', role: 'coordinator' };
export const migrChapter: ChapterContext = { owner: 'migr' };

export interface SuggestingPeer extends HeadlessEditor {
  readonly member: Member;
  readonly refusals: string[];
}

/** One editor per member on peers of `chapter`; client ids 1, 2, … in the order given, or `clientIds`. */
export function suggestingPeers(chapter: PmNode, members: readonly { member: Member; mode?: EditMode }[], clientIds?: readonly number[]): SuggestingPeer[] {
  const docs = peerDocs(clientIds ?? members.length, chapter);
  return members.map(({ member, mode }, i) => {
    const refusals: string[] = [];
    const editor = createHeadlessEditor(docs[i] as Y.Doc, { member, chapter: migrChapter, ...(mode ? { mode } : {}) }, (reason) => refusals.push(reason));
    return { ...editor, member, refusals };
  });
}

/** The position right after the first occurrence of `text` (or before it, with `before`). */
export function posOf(doc: PmNode, text: string, before = false): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isTextblock) {
      const index = node.textContent.indexOf(text);
      if (index >= 0) {
        // Text offsets equal positions inside a block of text nodes only (no hard breaks in these tests).
        found = pos + 1 + index + (before ? 0 : text.length);
        return false;
      }
    }
    return true;
  });
  if (found < 0) throw new Error(`"${text}" is not in the chapter: ${markup(doc)}`);
  return found;
}

export function select(peer: HeadlessEditor, from: number, to = from): void {
  const { state } = peer.view;
  peer.view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
}

/** Types `text` at the selection, as the keyboard does (handleTextInput falls back to insertText). */
export function type(peer: HeadlessEditor, text: string): void {
  const { state } = peer.view;
  peer.view.dispatch(state.tr.insertText(text));
}

export function markup(doc: PmNode): string {
  const blocks: string[] = [];
  doc.descendants((node, _pos, parent) => {
    if (!node.isTextblock) return true;
    const suggestion = readBlockSuggestion(node.attrs.suggestion);
    const prefix = suggestion === null ? '' : suggestion.kind === 'insert' ? '¶+' : suggestion.kind === 'delete' ? '¶-' : '¶~';
    const kind = node.type.name === 'heading' ? 'h2:' : parent?.type.name === 'list_item' ? '•' : parent?.type.name === 'table_cell' ? '‖' : '';
    let text = '';
    node.forEach((child) => {
      const names = child.marks.map((m) => m.type.name);
      const t = child.text ?? '';
      if (names.includes('suggestion_insert')) text += `[+${t}]`;
      else if (names.includes('suggestion_delete')) text += `[-${t}]`;
      else if (names.includes('suggestion_format')) text += `[~${t}]`;
      else text += t;
    });
    blocks.push(prefix + kind + text);
    return false;
  });
  return blocks.join(' | ');
}

/** The chapter's containers as nested text: which item or list each paragraph is in, and headings as h2. */
export function outlineOf(doc: PmNode): string {
  const show = (node: PmNode): string => (node.isTextblock ? `${node.type.name === 'heading' ? 'h2:' : ''}${node.textContent || '∅'}` : `${node.type.name === 'list_item' ? 'li' : node.type.name}(${Array.from({ length: node.childCount }, (_, i) => show(node.child(i))).join(', ')})`);
  return Array.from({ length: doc.childCount }, (_, i) => show(doc.child(i))).join(' | ');
}

/** `to` gets everything `from` has that it has not. */
export function send(from: SuggestingPeer, to: SuggestingPeer): void {
  Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)));
}

/** Every peer gets everything every other has. */
export function syncAll(peers: readonly SuggestingPeer[]): void {
  for (const from of peers) for (const to of peers) if (from !== to) send(from, to);
}

/** Every peer's editor, and the first peer's stored chapter, show `expected` (markup). */
export function expectSameEverywhere(peers: readonly SuggestingPeer[], expected: string): void {
  for (const peer of peers) expect(markup(peer.view.state.doc)).toBe(expected);
  expect(storedMarkup((peers[0] as SuggestingPeer).doc)).toBe(expected);
}

/** The chapter as its Y.Doc holds it (what every peer and a reopened plan read). */
export function storedMarkup(doc: Y.Doc): string {
  return markup(readChapterDoc(doc));
}
