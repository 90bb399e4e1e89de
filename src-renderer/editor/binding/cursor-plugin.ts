/**
 * The others' cursors and selections in a chapter, from the chapter's
 * awareness, and ours shared with them — y-prosemirror's yCursorPlugin
 * (src/plugins/cursor-plugin.js) on our binding's relative positions. The
 * awareness field and its shape are the same (`cursor: {anchor, head}`, Yjs
 * relative positions as JSON), so presence code reads both alike.
 *
 * A destroyed view is never dispatched to: an awareness change can arrive
 * after the chapter was switched (issue 10 item 9, "reading 'matchesNode'").
 */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type DecorationAttrs, type EditorView } from 'prosemirror-view';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { chapterBinding, isRemote } from './sync-plugin.ts';

export interface CursorOptions {
  readonly awarenessStateFilter: (ownClientId: number, clientId: number, state: unknown) => boolean;
  readonly cursorBuilder: (user: unknown, clientId: number) => HTMLElement;
  readonly selectionBuilder: (user: unknown, clientId: number) => DecorationAttrs;
}

interface CursorMeta {
  readonly awarenessUpdated: true;
}

export const chapterCursorKey = new PluginKey<DecorationSet>('samskrivChapterCursors');

export function chapterCursorPlugin(awareness: Awareness, options: CursorOptions): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: chapterCursorKey,
    state: {
      init: (_config, state) => decorations(state, awareness, options),
      apply(tr, previous, _old, state) {
        const meta = tr.getMeta(chapterCursorKey) as CursorMeta | undefined;
        if (meta?.awarenessUpdated === true || isRemote(tr)) return decorations(state, awareness, options);
        return previous.map(tr.mapping, tr.doc);
      },
    },
    props: {
      decorations: (state) => chapterCursorKey.getState(state),
    },
    view: (view) => new CursorView(view, awareness),
  });
}

function decorations(state: EditorState, awareness: Awareness, options: CursorOptions): DecorationSet {
  const binding = chapterBinding(state);
  if (binding === null || binding.doc !== state.doc) return DecorationSet.empty;
  const found: Decoration[] = [];
  const max = Math.max(state.doc.content.size - 1, 0);
  awareness.getStates().forEach((aw: Record<string, unknown>, clientId) => {
    if (!options.awarenessStateFilter(awareness.clientID, clientId, aw)) return;
    const cursor = aw['cursor'] as { anchor?: unknown; head?: unknown } | null | undefined;
    if (cursor === null || cursor === undefined) return;
    const anchor = absolute(binding, state, cursor.anchor);
    const head = absolute(binding, state, cursor.head);
    if (anchor === null || head === null) return;
    const user = aw['user'] ?? {};
    const at = Math.min(head, max);
    found.push(Decoration.widget(at, () => options.cursorBuilder(user, clientId), { key: String(clientId), side: 10 }));
    const from = Math.min(anchor, head, max);
    const to = Math.min(Math.max(anchor, head), max);
    if (to > from) found.push(Decoration.inline(from, to, options.selectionBuilder(user, clientId), { inclusiveEnd: true, inclusiveStart: false }));
  });
  return DecorationSet.create(state.doc, found);
}

function absolute(binding: NonNullable<ReturnType<typeof chapterBinding>>, state: EditorState, json: unknown): number | null {
  if (typeof json !== 'object' || json === null) return null;
  try {
    return binding.absolutePosition(state.doc, Y.createRelativePositionFromJSON(json));
  } catch {
    return null;
  }
}

class CursorView {
  readonly #view: EditorView;
  readonly #awareness: Awareness;

  constructor(view: EditorView, awareness: Awareness) {
    this.#view = view;
    this.#awareness = awareness;
    awareness.on('change', this.#awarenessChanged);
    view.dom.addEventListener('focusin', this.update);
    view.dom.addEventListener('focusout', this.update);
  }

  readonly update = (): void => {
    const binding = chapterBinding(this.#view.state);
    if (binding === null || this.#view.isDestroyed) return;
    const current = (this.#awareness.getLocalState() ?? {}) as Record<string, unknown>;
    const shared = current['cursor'] as { anchor: unknown; head: unknown } | null | undefined;
    if (this.#view.hasFocus()) {
      const { state } = this.#view;
      const anchor = binding.relativePosition(state.doc, state.selection.anchor);
      const head = binding.relativePosition(state.doc, state.selection.head);
      if (shared === null || shared === undefined || !same(shared.anchor, anchor) || !same(shared.head, head)) {
        this.#awareness.setLocalStateField('cursor', { anchor: Y.relativePositionToJSON(anchor), head: Y.relativePositionToJSON(head) });
      }
    } else if (shared !== null && shared !== undefined) {
      this.#awareness.setLocalStateField('cursor', null);
    }
  };

  destroy(): void {
    this.#awareness.off('change', this.#awarenessChanged);
    this.#view.dom.removeEventListener('focusin', this.update);
    this.#view.dom.removeEventListener('focusout', this.update);
    if (this.#awareness.getLocalState() !== null) this.#awareness.setLocalStateField('cursor', null);
  }

  readonly #awarenessChanged = (): void => {
    if (this.#view.isDestroyed) return;
    const meta: CursorMeta = { awarenessUpdated: true };
    this.#view.dispatch(this.#view.state.tr.setMeta(chapterCursorKey, meta));
  };
}

function same(json: unknown, position: Y.RelativePosition): boolean {
  try {
    return Y.compareRelativePositions(Y.createRelativePositionFromJSON(json), position);
  } catch {
    return false;
  }
}
