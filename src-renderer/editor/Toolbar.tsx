/**
 * The formatting toolbar. Every button's enabled state comes from running its
 * command without `dispatch` (STYLE: ProseMirror's command shape), and toggle
 * buttons report `aria-pressed`. Keyboard use follows the WAI-ARIA toolbar
 * pattern: the toolbar is one Tab stop, arrow keys move between buttons.
 */
import { useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { isInTable } from 'prosemirror-tables';
import { schema } from '../../shared/schema/schema.ts';
import * as cmd from './commands.ts';
import { canComment } from '../comments/comment-anchors-plugin.ts';
import { ariaShortcut, displayShortcut, SHORTCUTS } from './keymap.ts';

interface Props {
  readonly view: EditorView;
  readonly state: EditorState;
  readonly onOpenLinkDialog: () => void;
  readonly onComment: () => void;
}

interface ButtonSpec {
  readonly id: string;
  readonly label: string;
  /** Short visible face of the button; the full name is its accessible name. */
  readonly face: string | ReactElement;
  readonly command: Command;
  readonly active?: boolean;
  readonly shortcut?: string;
  readonly className?: string;
  /** A visible word beside the icon, part of the accessible name. */
  readonly text?: string;
}

const LINK_ICON = (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
    <path d="M10 13a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5" />
    <path d="M14 11a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5" />
  </svg>
);

/**
 * Heading levels and the numbered list are drawn, not written: a face like
 * "R1" is text that is not part of the name "Rubrik 1", so a voice-control
 * user saying what they see would miss (WCAG 2.5.3, Label in Name). Icons are
 * outside that criterion; the tooltip gives the name and the shortcut.
 */
function icon(...paths: string[]): ReactElement {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

const HEADING_BAR = 'M4 6v12M12 6v12M4 12h8';
const HEADING_ICONS = {
  1: icon(HEADING_BAR, 'm17 11 3-2v9'),
  2: icon(HEADING_BAR, 'M16.5 11a2.2 2.2 0 0 1 4.3.6c0 2-4.3 3.4-4.3 6.4h4.5'),
  3: icon(HEADING_BAR, 'M16.5 9h4l-2.5 3.3a2.6 2.6 0 1 1-1.8 4.5'),
} as const;

const COMMENT_ICON = icon('M4 5h16v11H9l-5 4z', 'M8 9h8M8 12h5');

const ORDERED_LIST_ICON = icon('M10 6h11M10 12h11M10 18h11', 'M4 5l1.5-1v5', 'M3.8 15a1.3 1.3 0 0 1 2.4.7c0 1.1-2.4 1.8-2.4 3.3h2.5');

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

export function Toolbar({ view, state, onOpenLinkDialog, onComment }: Props): ReactElement {
  const { t } = useTranslation();
  const [focusIndex, setFocusIndex] = useState(0);
  const buttonRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const { nodes, marks } = schema;

  const groups: ButtonSpec[][] = useMemo(() => {
    const openLink: Command = (s, dispatch) => {
      if (!cmd.canEditLink(s)) return false;
      if (dispatch) onOpenLinkDialog();
      return true;
    };
    const comment: Command = (s, dispatch) => {
      if (!canComment(s)) return false;
      if (dispatch) onComment();
      return true;
    };
    const inTable = isInTable(state);
    return [
      [
        { id: 'undo', label: t('toolbar.undo'), face: '↶', command: cmd.undoCommand, shortcut: SHORTCUTS.undo },
        { id: 'redo', label: t('toolbar.redo'), face: '↷', command: cmd.redoCommand, shortcut: SHORTCUTS.redo },
      ],
      [
        { id: 'paragraph', label: t('toolbar.paragraph'), face: '¶', command: cmd.setParagraph, active: cmd.isBlockActive(state, nodes.paragraph), shortcut: SHORTCUTS.paragraph },
        { id: 'heading1', label: t('toolbar.heading1'), face: HEADING_ICONS[1], command: cmd.setHeading(1), active: cmd.isBlockActive(state, nodes.heading, { level: 1 }), shortcut: SHORTCUTS.heading1 },
        { id: 'heading2', label: t('toolbar.heading2'), face: HEADING_ICONS[2], command: cmd.setHeading(2), active: cmd.isBlockActive(state, nodes.heading, { level: 2 }), shortcut: SHORTCUTS.heading2 },
        { id: 'heading3', label: t('toolbar.heading3'), face: HEADING_ICONS[3], command: cmd.setHeading(3), active: cmd.isBlockActive(state, nodes.heading, { level: 3 }), shortcut: SHORTCUTS.heading3 },
      ],
      [
        { id: 'bold', label: t('toolbar.bold'), face: 'B', className: 'face-bold', command: cmd.toggleBold, active: cmd.isMarkActive(state, marks.bold), shortcut: SHORTCUTS.bold },
        { id: 'italic', label: t('toolbar.italic'), face: 'I', className: 'face-italic', command: cmd.toggleItalic, active: cmd.isMarkActive(state, marks.italic), shortcut: SHORTCUTS.italic },
        { id: 'underline', label: t('toolbar.underline'), face: 'U', className: 'face-underline', command: cmd.toggleUnderline, active: cmd.isMarkActive(state, marks.underline), shortcut: SHORTCUTS.underline },
        { id: 'strike', label: t('toolbar.strike'), face: 'S', className: 'face-strike', command: cmd.toggleStrike, active: cmd.isMarkActive(state, marks.strike), shortcut: SHORTCUTS.strike },
        { id: 'link', label: t('toolbar.link'), face: LINK_ICON, command: openLink, active: cmd.isMarkActive(state, marks.link), shortcut: SHORTCUTS.link },
      ],
      [
        { id: 'bulletList', label: t('toolbar.bulletList'), face: '•≡', command: cmd.wrapBulletList, active: cmd.isInList(state, nodes.bullet_list), shortcut: SHORTCUTS.bulletList },
        { id: 'orderedList', label: t('toolbar.orderedList'), face: ORDERED_LIST_ICON, command: cmd.wrapOrderedList, active: cmd.isInList(state, nodes.ordered_list), shortcut: SHORTCUTS.orderedList },
        { id: 'outdent', label: t('toolbar.outdent'), face: '⇤', command: cmd.outdentListItem, shortcut: 'Shift-Tab' },
        { id: 'indent', label: t('toolbar.indent'), face: '⇥', command: cmd.indentListItem, shortcut: 'Tab' },
      ],
      [
        { id: 'insertTable', label: t('toolbar.insertTable'), face: '⊞', command: cmd.insertTable() },
        ...(inTable
          ? [
              { id: 'addRow', label: t('toolbar.addRow'), face: '+▭', command: cmd.addRow },
              { id: 'addColumn', label: t('toolbar.addColumn'), face: '+▯', command: cmd.addColumn },
              { id: 'deleteRow', label: t('toolbar.deleteRow'), face: '−▭', command: cmd.deleteRow },
              { id: 'deleteColumn', label: t('toolbar.deleteColumn'), face: '−▯', command: cmd.deleteColumn },
              { id: 'deleteTable', label: t('toolbar.deleteTable'), face: '✕⊞', command: cmd.deleteTable },
            ]
          : []),
      ],
      [{ id: 'comment', label: t('comments.toolbarButton'), face: COMMENT_ICON, command: comment, shortcut: SHORTCUTS.comment }],
    ];
  }, [state, t, nodes, marks, onOpenLinkDialog, onComment]);

  const flat = groups.flat();
  const enabled = flat.map((b) => b.command(state));
  const current = Math.min(focusIndex, flat.length - 1);

  function run(spec: ButtonSpec): void {
    spec.command(view.state, view.dispatch, view);
    // The link dialog and the comment composer take focus themselves.
    if (spec.id !== 'link' && spec.id !== 'comment') view.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const keys: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    let next: number | null = null;
    if (event.key in keys) next = (current + keys[event.key]! + flat.length) % flat.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = flat.length - 1;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    buttonRefs.current[next]?.focus();
  }

  let index = -1;
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')} aria-controls="chapter-editor" onKeyDown={onKeyDown}>
      {groups.map((group, g) => (
        <div className="toolbar-group" key={g}>
          {group.map((spec) => {
            index += 1;
            const i = index;
            const shortcut = spec.shortcut ? displayShortcut(spec.shortcut, isMac) : null;
            return (
              <button
                key={spec.id}
                ref={(el) => {
                  buttonRefs.current[i] = el;
                }}
                type="button"
                className={`toolbar-button ${spec.className ?? ''}`}
                data-command={spec.id}
                aria-label={spec.text === undefined ? spec.label : undefined}
                aria-pressed={spec.active === undefined ? undefined : spec.active}
                aria-keyshortcuts={spec.shortcut ? ariaShortcut(spec.shortcut, isMac) : undefined}
                title={shortcut ? `${spec.label} (${shortcut})` : spec.label}
                tabIndex={i === current ? 0 : -1}
                // aria-disabled keeps the button focusable, so keyboard users
                // can still discover it inside the toolbar.
                aria-disabled={!enabled[i]}
                onMouseDown={(event) => event.preventDefault()}
                onFocus={() => setFocusIndex(i)}
                onClick={() => {
                  if (enabled[i]) run(spec);
                }}
              >
                <span aria-hidden="true">{spec.face}</span>
                {spec.text !== undefined && <span className="toolbar-button-text">{spec.text}</span>}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
