/**
 * Redigera / Föreslå, always visible above the chapter: a radio group, so the
 * current mode is said by screen readers and seen at a glance (not by colour
 * alone). A member who may only suggest in this chapter sees why instead of
 * a choice. Ctrl+Shift+E (⌘⇧E) switches from the keyboard in the text.
 */
import { useEffect, useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { ariaShortcut, displayShortcut, SHORTCUTS } from '../editor/keymap.ts';
import { editModeOf, suggestModeKey, type EditMode } from '../editor/suggest-mode.ts';
import { useAnnounce } from '../app/announcer.tsx';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import { agencyName } from '../comments/comment-words.ts';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

export function ModeSwitch({ view, state }: { readonly view: EditorView; readonly state: EditorState }): ReactElement | null {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const name = useId();
  const labelId = useId();
  const mode = editModeOf(state);
  // The editor's state reaches React once per animation frame (ChapterEditor);
  // the choice shows at once, so the radio never flips back for a frame.
  const [chosen, setChosen] = useState<EditMode | null>(null);
  const current = mode?.mode;
  useEffect(() => setChosen(null), [current]);
  if (mode === null) return null;
  if (!mode.mayEdit) {
    // Who writes the chapter, and how to be allowed to write it directly (issue 13).
    const nameOf = (code: AgencyCode): string => agencyName(code, i18n.language);
    const owner = mode.chapter.owner;
    return (
      <p className="mode-note" role="note">
        <strong>{t('suggestions.mode.suggest')}:</strong>{' '}
        {owner === null || mode.member === null
          ? t('suggestions.mode.onlySuggest')
          : t('suggestions.mode.onlySuggestWho', { owner: nameOf(owner), agency: nameOf(mode.member.agency) })}
      </p>
    );
  }
  const choose = (next: EditMode): void => {
    setChosen(next);
    view.dispatch(view.state.tr.setMeta(suggestModeKey, next));
    announce(t(next === 'edit' ? 'suggestions.mode.nowEdit' : 'suggestions.mode.nowSuggest'));
  };
  const keys = displayShortcut(SHORTCUTS.suggestMode, isMac);
  return (
    <div className="mode-switch">
      <span id={labelId} className="mode-switch-label">
        {t('suggestions.mode.label')}
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby={labelId} aria-keyshortcuts={ariaShortcut(SHORTCUTS.suggestMode, isMac)} title={keys}>
        {(['edit', 'suggest'] as const).map((value) => (
          <label key={value} className="segment">
            <input type="radio" name={name} value={value} checked={(chosen ?? mode.mode) === value} onChange={() => choose(value)} />
            <span>{t(`suggestions.mode.${value}`)}</span>
          </label>
        ))}
      </div>
    </div>
  );
}
