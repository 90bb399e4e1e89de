/**
 * Highlighting of comment anchors and cards, done with CSS rules keyed on
 * the thread id (`span[data-thread-id="…"]`, `[data-thread-card="…"]`) in
 * constructed stylesheets adopted by the document.
 *
 * Decorations would make ProseMirror redraw the anchored text on every
 * highlight change and re-check decorations on every keystroke; a rule in
 * a stylesheet costs typing nothing. Constructed stylesheets are CSSOM, which
 * the app's Content-Security-Policy (style-src 'self') does not block.
 *
 * Two sheets: `resolved` takes resolved threads' anchors out of the text
 * (the mark stays, the highlight goes); `active` marks the threads that are
 * hovered, focused or under the caret, in the text and in the sidebar.
 */

export type HighlightSource = 'caret' | 'pointer' | 'card-hover' | 'card-focus';

export class CommentHighlighter {
  readonly #resolved = new CSSStyleSheet();
  readonly #active = new CSSStyleSheet();
  readonly #sources = new Map<HighlightSource, readonly string[]>();
  #resolvedKey = '';
  #activeKey = '';
  #attached = false;

  attach(): void {
    if (this.#attached) return;
    this.#attached = true;
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.#resolved, this.#active];
  }

  detach(): void {
    if (!this.#attached) return;
    this.#attached = false;
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== this.#resolved && sheet !== this.#active);
  }

  /** The threads whose anchors are not highlighted in the text. */
  setResolved(threadIds: readonly string[]): void {
    const key = threadIds.join('\n');
    if (key === this.#resolvedKey) return;
    this.#resolvedKey = key;
    this.#resolved.replaceSync(
      threadIds.length === 0 ? '' : `${threadIds.map((id) => `.ProseMirror span[data-thread-id="${CSS.escape(id)}"]`).join(',\n')} { background: none; border-bottom: none; }`,
    );
  }

  set(source: HighlightSource, threadIds: readonly string[]): void {
    const previous = this.#sources.get(source) ?? [];
    if (previous.length === threadIds.length && previous.every((id, i) => id === threadIds[i])) return;
    this.#sources.set(source, threadIds);
    const ids = [...new Set([...this.#sources.values()].flat())].sort();
    const key = ids.join('\n');
    if (key === this.#activeKey) return;
    this.#activeKey = key;
    if (ids.length === 0) {
      this.#active.replaceSync('');
      return;
    }
    const spans = ids.map((id) => `.ProseMirror span[data-thread-id="${CSS.escape(id)}"]`).join(',\n');
    const cards = ids.map((id) => `[data-thread-card="${CSS.escape(id)}"]`).join(',\n');
    this.#active.replaceSync(
      `${spans} { background-color: var(--anchor-active-bg); border-bottom: 3px solid var(--anchor-active-line); }\n` +
        `${cards} { border-color: var(--anchor-active-line); box-shadow: inset 5px 0 0 var(--anchor-active-line); }`,
    );
  }

  /** A card that leaves the sidebar gets no mouseleave or blur; drop its highlights here. */
  forgetCard(threadId: string): void {
    for (const source of ['card-hover', 'card-focus'] as const) {
      const ids = this.#sources.get(source);
      if (ids?.includes(threadId)) this.set(source, ids.filter((id) => id !== threadId));
    }
  }

  activeIds(): readonly string[] {
    return this.#activeKey === '' ? [] : this.#activeKey.split('\n');
  }
}
