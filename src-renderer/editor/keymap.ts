/**
 * Word-like keyboard shortcuts (DESIGN §8). "Mod" is Ctrl on Windows and
 * Linux, Cmd on macOS. The toolbar shows the same shortcuts, from here.
 */
import { baseKeymap, chainCommands, exitCode } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { splitListItem } from 'prosemirror-schema-list';
import type { Command, Plugin } from 'prosemirror-state';
import { schema } from '../../shared/schema/schema.ts';
import {
  indentListItem,
  nextCellOrNewRow,
  previousCell,
  outdentListItem,
  redoCommand,
  setHeading,
  setParagraph,
  toggleBold,
  toggleItalic,
  toggleStrike,
  toggleUnderline,
  undoCommand,
  wrapBulletList,
  wrapOrderedList,
} from './commands.ts';
import { toggleSuggestMode } from './suggest-mode.ts';

export const SHORTCUTS = {
  undo: 'Mod-z',
  redo: 'Mod-y',
  bold: 'Mod-b',
  italic: 'Mod-i',
  underline: 'Mod-u',
  strike: 'Mod-Shift-x',
  link: 'Mod-k',
  paragraph: 'Mod-Alt-0',
  heading1: 'Mod-Alt-1',
  heading2: 'Mod-Alt-2',
  heading3: 'Mod-Alt-3',
  bulletList: 'Mod-Shift-l',
  orderedList: 'Mod-Shift-7',
  comment: 'Mod-Alt-m',
  // As Word's "Spåra ändringar" (Ctrl+Shift+E).
  suggestMode: 'Mod-Shift-e',
  // Alt+PageDown/PageUp: not taken by Chromium, Windows, GNOME or macOS
  // (Ctrl+Alt+arrows switch workspaces on Linux; Ctrl+PageDown switches tabs).
  nextComment: 'Alt-PageDown',
  previousComment: 'Alt-PageUp',
} as const;

/** What the comment shortcuts do; absent where there are no comments (headless editors, benchmarks). */
export interface CommentCommands {
  readonly start: Command;
  readonly next: Command;
  readonly previous: Command;
}

const insertHardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  if (dispatch) dispatch(state.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView());
  return true;
});

export function editorKeymaps(openLinkDialog: Command, comments?: CommentCommands): Plugin[] {
  return [
    keymap({
      ...(comments
        ? { [SHORTCUTS.comment]: comments.start, [SHORTCUTS.nextComment]: comments.next, [SHORTCUTS.previousComment]: comments.previous }
        : {}),
      [SHORTCUTS.suggestMode]: toggleSuggestMode,
      [SHORTCUTS.undo]: undoCommand,
      [SHORTCUTS.redo]: redoCommand,
      'Mod-Shift-z': redoCommand,
      [SHORTCUTS.bold]: toggleBold,
      [SHORTCUTS.italic]: toggleItalic,
      [SHORTCUTS.underline]: toggleUnderline,
      [SHORTCUTS.strike]: toggleStrike,
      [SHORTCUTS.link]: openLinkDialog,
      [SHORTCUTS.paragraph]: setParagraph,
      [SHORTCUTS.heading1]: setHeading(1),
      [SHORTCUTS.heading2]: setHeading(2),
      [SHORTCUTS.heading3]: setHeading(3),
      [SHORTCUTS.bulletList]: wrapBulletList,
      'Mod-Shift-8': wrapBulletList,
      [SHORTCUTS.orderedList]: wrapOrderedList,
      'Shift-Enter': insertHardBreak,
      Enter: splitListItem(schema.nodes.list_item),
      // Tab moves between table cells, then indents list items. Outside both
      // it is left to the browser, so keyboard users can leave the editor.
      Tab: chainCommands(nextCellOrNewRow, indentListItem),
      'Shift-Tab': chainCommands(previousCell, outdentListItem),
    }),
    keymap(baseKeymap),
  ];
}

/** Renders a ProseMirror key name as shown to users, e.g. "Ctrl+Alt+1". */
export function displayShortcut(key: string, isMac: boolean): string {
  return key
    .split('-')
    .map((part) => {
      if (part === 'Mod') return isMac ? '⌘' : 'Ctrl';
      if (part === 'Alt') return isMac ? '⌥' : 'Alt';
      if (part === 'Shift') return isMac ? '⇧' : 'Shift';
      return part.length === 1 ? part.toUpperCase() : part;
    })
    .join(isMac ? '' : '+');
}

/** The same shortcut in ARIA's aria-keyshortcuts syntax, e.g. "Control+Alt+1". */
export function ariaShortcut(key: string, isMac: boolean): string {
  return key
    .split('-')
    .map((part) => (part === 'Mod' ? (isMac ? 'Meta' : 'Control') : part.length === 1 ? part.toUpperCase() : part))
    .join('+');
}
