/**
 * "Som godtaget" and "Original": the chapter as it would read with every
 * pending suggestion accepted, or with none, in a read-only ProseMirror view
 * of a copy (shared/suggestions/decide.ts `previewDoc`). The copy follows
 * the chapter: it is made again when the chapter changes, at most once per
 * animation frame.
 */
import { useEffect, useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { readChapterDoc } from '../../shared/chapter-text/chapter-text.ts';
import { schema } from '../../shared/schema/schema.ts';
import { previewDoc } from '../../shared/suggestions/decide.ts';

export type ChapterView = 'markup' | 'accepted' | 'original';

export function ChapterPreview({ doc, view, label }: { readonly doc: Y.Doc; readonly view: 'accepted' | 'original'; readonly label: string }): ReactElement {
  const { t } = useTranslation();
  const mountRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const mount = mountRef.current;
    if (mount === null) return;
    const stateOf = (): EditorState => {
      const copy = previewDoc(doc, view);
      try {
        return EditorState.create({ schema, doc: readChapterDoc(copy) });
      } finally {
        copy.destroy();
      }
    };
    const editorView = new EditorView(mount, {
      state: stateOf(),
      editable: () => false,
      attributes: { role: 'document', 'aria-label': label, class: 'chapter-preview' },
    });
    let frame = 0;
    const refresh = (): void => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        editorView.updateState(stateOf());
      });
    };
    doc.on('update', refresh);
    return () => {
      doc.off('update', refresh);
      cancelAnimationFrame(frame);
      editorView.destroy();
    };
  }, [doc, view, label]);
  return (
    <>
      <p className="preview-note" role="note">
        {t('suggestions.view.previewNote')}
      </p>
      <div className="editor-surface" ref={mountRef} />
    </>
  );
}
