/**
 * Functions that bench/replay.ts sends into the page with `page.evaluate`.
 * Playwright serialises each function's source, so every function here must
 * be self-contained: no imports, no helpers from outside its own body (type
 * imports are fine, Node strips them).
 *
 * The same functions drive the app and the bare editor. Both pages expose
 * their EditorView as `document.querySelector('.ProseMirror').pmView`, and
 * the ProseMirror classes are taken from that view's own objects, so each
 * page uses its own bundled copy of ProseMirror and the measured code is
 * identical in both.
 */
import type { Fragment, Node as PmNode, Slice } from 'prosemirror-model';
import type { Selection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { ReplayOp } from './trace.ts';

export interface EditorSnapshot {
  /** Paragraph texts from the editor state, joined by `\n`. */
  readonly text: string;
  /** The same, read from the editor's DOM. */
  readonly domText: string;
  /** Names of top-level nodes that are not paragraphs (should be none). */
  readonly otherNodes: readonly string[];
  readonly paragraphs: number;
}

export interface ChunkResult {
  /** Per keystroke: dispatch until one MessageChannel round trip later (ms). */
  readonly times: number[];
  /** The whole loop of this chunk, inside the page (ms). */
  readonly loopMs: number;
}

/**
 * Replaces the whole document by `paragraphs` (not measured) and focuses the
 * editor, as for a user typing. A focused view puts the DOM selection after
 * every edit, which makes Chromium lay out the changed text at once: at human
 * typing speed every keystroke gets its own layout anyway, so this is part of
 * the real cost of a keystroke.
 */
export function loadStartInPage(paragraphs: readonly string[]): void {
  const view = (document.querySelector('.ProseMirror') as (HTMLElement & { pmView?: EditorView }) | null)?.pmView;
  if (view === undefined) throw new Error('No ProseMirror view (.ProseMirror element with pmView) on this page.');
  const { state } = view;
  const paragraph = state.schema.nodes['paragraph'];
  if (paragraph === undefined) throw new Error('The schema has no paragraph node.');
  const current: string[] = [];
  let onlyParagraphs = true;
  state.doc.forEach((node) => {
    current.push(node.textContent);
    if (node.type !== paragraph) onlyParagraphs = false;
  });
  if (!onlyParagraphs || current.length !== paragraphs.length || current.some((text, i) => text !== paragraphs[i])) {
    const nodes = paragraphs.map((text) => paragraph.create(null, text === '' ? null : state.schema.text(text)));
    const tr = state.tr.replaceWith(0, state.doc.content.size, nodes);
    const SelectionClass = Object.getPrototypeOf(state.selection.constructor) as typeof Selection;
    view.dispatch(tr.setSelection(SelectionClass.atStart(tr.doc)));
  }
  view.focus();
}

/**
 * Replays `ops`, one ProseMirror transaction per patch, and times each from
 * just before `view.dispatch` until a MessageChannel message posted right
 * after it has arrived: by then the DOM is updated and every task the page
 * queued before it (React's scheduler also uses MessageChannel) has run.
 * The cursor is put after each edit, as typing would leave it.
 */
export async function replayChunkInPage(ops: readonly ReplayOp[]): Promise<ChunkResult> {
  const view = (document.querySelector('.ProseMirror') as (HTMLElement & { pmView?: EditorView }) | null)?.pmView;
  if (view === undefined) throw new Error('No ProseMirror view (.ProseMirror element with pmView) on this page.');
  const { schema } = view.state;
  const paragraph = schema.nodes['paragraph']!;
  const SliceClass = view.state.doc.slice(0, 0).constructor as typeof Slice;
  const FragmentClass = view.state.doc.content.constructor as typeof Fragment;
  const SelectionClass = Object.getPrototypeOf(view.state.selection.constructor) as typeof Selection;

  const channel = new MessageChannel();
  let wake: (() => void) | null = null;
  channel.port2.onmessage = () => wake?.();
  const settle = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      channel.port1.postMessage(null);
    });

  const times: number[] = new Array<number>(ops.length);
  const loopStart = performance.now();
  for (let i = 0; i < ops.length; i++) {
    const [from, to, text] = ops[i]!;
    const tr = view.state.tr;
    if (text.includes('\n')) {
      const nodes: PmNode[] = text.split('\n').map((part) => paragraph.create(null, part === '' ? null : schema.text(part)));
      tr.replace(from, to, new SliceClass(FragmentClass.from(nodes), 1, 1));
    } else if (text !== '') {
      tr.insertText(text, from, to);
    } else {
      tr.delete(from, to);
    }
    tr.setSelection(SelectionClass.near(tr.doc.resolve(tr.mapping.map(to))));

    const t0 = performance.now();
    view.dispatch(tr);
    await settle();
    times[i] = performance.now() - t0;
  }
  const loopMs = performance.now() - loopStart;
  channel.port1.close();
  channel.port2.close();
  return { times, loopMs };
}

/** The editor's text, from its state and from its DOM. */
export function readEditorInPage(): EditorSnapshot {
  const view = (document.querySelector('.ProseMirror') as (HTMLElement & { pmView?: EditorView }) | null)?.pmView;
  if (view === undefined) throw new Error('No ProseMirror view (.ProseMirror element with pmView) on this page.');
  const texts: string[] = [];
  const otherNodes: string[] = [];
  view.state.doc.forEach((node) => {
    texts.push(node.textContent);
    if (node.type.name !== 'paragraph') otherNodes.push(node.type.name);
  });
  const domText = Array.from(view.dom.children, (child) => child.textContent ?? '').join('\n');
  return { text: texts.join('\n'), domText, otherNodes, paragraphs: texts.length };
}

/** Smallest step of `performance.now()` seen in this page (ms), and whether the page is cross-origin isolated. */
export function timerInfoInPage(): { resolutionMs: number; crossOriginIsolated: boolean } {
  let smallest = Infinity;
  for (let sample = 0; sample < 50; sample++) {
    const start = performance.now();
    let next = start;
    while (next === start) next = performance.now();
    smallest = Math.min(smallest, next - start);
  }
  return { resolutionMs: smallest, crossOriginIsolated: globalThis.crossOriginIsolated };
}

/** Milestones of opening the app, in ms since navigation start (see `watchEditableInPage`). */
export interface OpenMilestones {
  /** The HTML has been parsed and the module script run (DOMContentLoaded done). */
  readonly domContentLoaded: number;
  /** A `.ProseMirror` element first exists. */
  readonly editorMounted: number;
  /** It is contenteditable and shows the last paragraph: the user can type. */
  readonly editable: number;
}

/**
 * Installed before the app's own scripts when measuring a reopen: records
 * `performance.now()` (ms since navigation start) at the first DOM change
 * after which an editor exists, and after which it is contenteditable and
 * shows `lastText`.
 */
export function watchEditableInPage(lastText: string): void {
  const w = window as Window & { __benchOpen?: { editorMounted?: number; editable?: number } };
  const marks: { editorMounted?: number; editable?: number } = {};
  w.__benchOpen = marks;
  const check = (): void => {
    const editor = document.querySelector('.ProseMirror');
    if (editor === null) return;
    marks.editorMounted ??= performance.now();
    if (editor.getAttribute('contenteditable') !== 'true') return;
    if (lastText !== '' && !(editor.textContent ?? '').includes(lastText)) return;
    marks.editable = performance.now();
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** The milestones once the editor is editable, else null. */
export function openMilestonesInPage(): OpenMilestones | null {
  const marks = (window as Window & { __benchOpen?: { editorMounted?: number; editable?: number } }).__benchOpen;
  if (marks?.editable === undefined || marks.editorMounted === undefined) return null;
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return { domContentLoaded: navigation?.domContentLoadedEventEnd ?? NaN, editorMounted: marks.editorMounted, editable: marks.editable };
}
