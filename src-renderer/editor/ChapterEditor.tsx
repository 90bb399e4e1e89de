/**
 * One chapter's editor: a ProseMirror view bound to the chapter's
 * Y.Text (shared/chapter-text/), with its toolbar and link dialog.
 *
 * The toolbar is refreshed at most once per animation frame, not on every
 * transaction: typing then costs one ProseMirror update per keystroke, and the
 * buttons catch up before the next paint.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command, EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { EditorState as PmEditorState } from 'prosemirror-state';
import type { ChapterHandle } from '../plan/plan-session.ts';
import { schema } from '../../shared/schema/schema.ts';
import { readChapterDoc } from '../../shared/chapter-text/chapter-text.ts';
import { canEditLink } from './commands.ts';
import type { Awareness } from 'y-protocols/awareness';
import { createChapterState, createReaderState } from './editor-state.ts';
import { LinkDialog } from './LinkDialog.tsx';
import { LinkOpenDialog } from './LinkOpenDialog.tsx';
import { linkOpenPlugin } from './link-open-plugin.ts';
import { Toolbar } from './Toolbar.tsx';
import { FindBar } from './FindBar.tsx';
import { search } from 'prosemirror-search';
import type { ChapterComments } from '../comments/chapter-comments.ts';
import { canComment } from '../comments/comment-anchors-plugin.ts';
import { chapterCommentsPlugin } from '../comments/comments-plugin.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { exposeViewToAutomation } from './view-handle.ts';
import { dispatchSuggesting, setWriter } from './suggest-mode.ts';
import type { Member } from '../../shared/plan/member.ts';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import { ModeSwitch } from '../suggestions/ModeSwitch.tsx';
import { ChapterPreview, type ChapterView } from '../suggestions/ChapterPreview.tsx';

const NO_AGENCIES: readonly AgencyCode[] = [];

// The benchmark's bare page (bench/bare/bare-page.ts) imports the type from here.
export type { EditorHost } from './view-handle.ts';

interface Props {
  readonly chapter: ChapterHandle;
  readonly title: string;
  /** False when the plan as a whole is read-only (its manifest has a newer schema). */
  readonly planEditable: boolean;
  /** The chapter's comments: the sidebar beside the editor shares it. */
  readonly comments: ChapterComments;
  /** On a shared plan: the chapter's awareness, for the others' cursors. */
  readonly awareness?: Awareness | null;
  /** A reader on the plan's sync server: the chapter is shown live but cannot be changed. */
  readonly readerOnly?: boolean;
  /**
   * Who writes, and the chapter's owner agency: decides Redigera / Föreslå
   * (suggest-mode.ts). Without a member (no profile yet) changes are direct.
   */
  readonly member?: Member | null;
  readonly owner?: AgencyCode | null;
  /** Agencies the owner or the coordinator named to write the chapter directly too (manifest `coWriters`). */
  readonly coWriters?: readonly AgencyCode[];
  /**
   * An approved chapter (shared/workflow/chapter-status.ts, isChapterLocked):
   * shown live like a reader's, no edits, suggestions or new threads; the
   * sidebar still takes replies.
   */
  readonly locked?: boolean;
}

export function ChapterEditor({ chapter, title, planEditable, comments, awareness = null, readerOnly = false, member = null, owner = null, coWriters = NO_AGENCIES, locked = false }: Props): ReactElement {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const mountRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<EditorView | null>(null);
  // A new array arrives with every manifest change; the list itself decides.
  const coWriterList = coWriters.join(',');
  const [state, setState] = useState<EditorState | null>(null);
  const [linkDialogOpen, setLinkDialogOpen] = useState(false);
  /** The address of a link the user clicked to open, until they confirm or cancel. */
  const [linkToOpen, setLinkToOpen] = useState<string | null>(null);
  // Pictures a paste left out (word-paste.ts): said on screen, not dropped silently.
  const [droppedImages, setDroppedImages] = useState(0);
  // Find in the chapter: Ctrl+F / ⌘F anywhere in the plan opens the bar (or
  // focuses it again: each request remounts FindBar, which takes focus).
  const [findRequest, setFindRequest] = useState(0);
  // Med ändringar (the editor) / Som godtaget / Original (read-only previews).
  const [chapterView, setChapterView] = useState<ChapterView>('markup');
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'f') return;
      event.preventDefault();
      setFindRequest((n) => n + 1);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  const chapterEditable = chapter.problem === null && chapter.access().kind === 'editable';
  const editable = planEditable && chapterEditable && !readerOnly && !locked;
  // A reader's view stays bound to the doc (others' edits appear); a newer
  // schema's view is a copy (see readOnlyState).
  const live = planEditable && chapterEditable;

  useEffect(() => {
    const mount = mountRef.current;
    if (mount === null) return;
    const openLinkDialog: Command = (s, dispatch) => {
      if (!canEditLink(s)) return false;
      if (dispatch) setLinkDialogOpen(true);
      return true;
    };
    const startComment: Command = (s, dispatch) => {
      if (dispatch) {
        if (canComment(s)) void comments.startNewThread();
        else announce(t('comments.error.noSelection'));
      }
      return true;
    };
    const moveTo =
      (direction: 1 | -1): Command =>
      (_s, dispatch) => {
        if (dispatch && comments.move(direction, null) === null) announce(t('comments.announce.none'));
        return true;
      };
    let frame = 0;
    // Our cursor is shared only while this chapter is in the editor; the
    // server adds who we are (`member`) to the state.
    awareness?.setLocalState({ chapterId: chapter.id });
    const editorView: EditorView = new EditorView(mount, {
      state: editable
        ? createChapterState(chapter.text, {
            openLinkDialog,
            hasThread: (id) => chapter.threads.snapshot.has(id),
            comments: { start: startComment, next: moveTo(1), previous: moveTo(-1) },
            awareness,
            onDroppedImages: setDroppedImages,
            // The chapter's history lives as long as the plan is open, not as long as this view.
            undoManager: chapter.undoManager(),
            suggest: { member, chapter: { owner, coWriters } },
          })
        : live
          ? createReaderState(chapter.text, awareness)
          : readOnlyState(chapter.doc),
      editable: () => editable,
      // The sidebar's controller, as a plugin view: attached with the view,
      // told of every update, detached when the view is destroyed.
      plugins: [chapterCommentsPlugin(comments, editable), linkOpenPlugin(setLinkToOpen)],
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': t('chapter.editorLabel', { title }),
        id: 'chapter-editor',
        spellcheck: 'true',
      },
      // `this`, not `editorView`: a plugin view may dispatch while the view
      // is still being constructed, before the const is assigned.
      dispatchTransaction(this: EditorView, tr) {
        // Redigera / Föreslå: a change that cannot be suggested changes nothing, and says so.
        dispatchSuggesting(this, tr, () => announce(t('suggestions.announce.notSuggestible')));
        if (frame === 0) {
          frame = requestAnimationFrame(() => {
            frame = 0;
            setState(this.state);
          });
        }
      },
    });
    exposeViewToAutomation(editorView);
    setView(editorView);
    setState(editorView.state);
    return () => {
      cancelAnimationFrame(frame);
      editorView.destroy();
      awareness?.setLocalState(null);
      setView(null);
    };
    // The view is rebuilt only when the chapter changes; the label is updated below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chapter, editable, live, comments, awareness]);

  // Who writes, and who owns the chapter, can change while it is open (the
  // profile is saved, the coordinator reassigns it): the running editor is
  // told, so a comment being written or the selection are not lost.
  useEffect(() => {
    if (view !== null) setWriter(view, member, { owner, coWriters: coWriterList.length === 0 ? [] : (coWriterList.split(',') as AgencyCode[]) });
  }, [view, member, owner, coWriterList]);

  useEffect(() => {
    view?.dom.setAttribute('aria-label', t('chapter.editorLabel', { title }));
  }, [view, t, title]);

  // Focus goes back to the text once the link dialog has left the page. Not
  // earlier: while a modal <dialog> is open everything outside it is inert,
  // so view.focus() in the close handler did nothing and focus fell to <body>.
  const linkDialogWasOpen = useRef(false);
  useEffect(() => {
    if (linkDialogWasOpen.current && !linkDialogOpen) view?.focus();
    linkDialogWasOpen.current = linkDialogOpen;
  }, [linkDialogOpen, view]);
  const linkOpenWasShown = useRef(false);
  useEffect(() => {
    if (linkOpenWasShown.current && linkToOpen === null) view?.focus();
    linkOpenWasShown.current = linkToOpen !== null;
  }, [linkToOpen, view]);

  return (
    <div className="chapter-editor">
      {chapter.problem !== null ? (
        <p className="notice notice--error" role="alert">
          {t('chapter.damaged', { problem: chapter.problem })}
        </p>
      ) : (
        !chapterEditable && (
          <p className="notice notice--warning" role="note">
            {t('chapter.readOnlyNewer')}
          </p>
        )
      )}
      <div className="chapter-modes">
        {editable && view && state && chapterView === 'markup' && <ModeSwitch view={view} state={state} />}
        <label className="chapter-view-switch">
          <span>{t('suggestions.view.label')}</span>
          <select value={chapterView} onChange={(e) => setChapterView(e.target.value as ChapterView)}>
            {(['markup', 'accepted', 'original'] as const).map((value) => (
              <option key={value} value={value}>
                {t(`suggestions.view.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {editable && view && state && chapterView === 'markup' && (
        <Toolbar view={view} state={state} onOpenLinkDialog={() => setLinkDialogOpen(true)} onComment={() => void comments.startNewThread()} />
      )}
      {linkDialogOpen && view && (
        <LinkDialog
          view={view}
          onClose={() => setLinkDialogOpen(false)}
        />
      )}
      {linkToOpen !== null && <LinkOpenDialog href={linkToOpen} onClose={() => setLinkToOpen(null)} />}
      {findRequest > 0 && view && state && <FindBar key={findRequest} view={view} state={state} onClose={() => setFindRequest(0)} />}
      {droppedImages > 0 && (
        <div className="notice notice--info notice--dismissable" role="status">
          <p>{t('chapter.imagesDropped', { count: droppedImages })}</p>
          <button type="button" className="button" onClick={() => setDroppedImages(0)}>
            {t('chapter.dismissNotice')}
          </button>
        </div>
      )}
      {chapterView !== 'markup' && <ChapterPreview doc={chapter.doc} view={chapterView} label={t(`suggestions.view.${chapterView}`)} />}
      <div className="editor-surface" ref={mountRef} hidden={chapterView !== 'markup'} />
    </div>
  );
}

/**
 * A doc written with a newer schema is shown from a *copy*, without the
 * binding: nothing this version does to the view can reach the real doc, and
 * a newer format it cannot read shows as far as it can be read.
 */
function readOnlyState(doc: Y.Doc): EditorState {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  let root;
  try {
    root = readChapterDoc(copy);
  } catch {
    root = schema.topNodeType.createAndFill()!;
  }
  copy.destroy();
  return PmEditorState.create({ schema, doc: root, plugins: [search()] });
}
