/**
 * The chapter outline on the left: every chapter in order, its owning agency
 * (name and colour) and its status. A navigation landmark; the open chapter is
 * marked with aria-current.
 */
import type { CSSProperties, ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import type { Language } from '../../shared/host-api/host-api.ts';
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import { AgencyBadge } from './AgencyBadge.tsx';
import type { Presence } from '../sync/presence.ts';
import { useChapterReorder } from './chapter-reorder.ts';

const NONE_UNSYNCED: ReadonlyMap<string, number | null> = new Map();
const NO_COUNTS: ReadonlyMap<string, number> = new Map();
const NONE_REFUSED: ReadonlySet<string> = new Set();

interface Props {
  readonly chapters: readonly ChapterEntry[];
  readonly currentId: string | null;
  readonly canEdit: boolean;
  /** Open comment threads per chapter id. */
  readonly openCounts: ReadonlyMap<string, number>;
  /** Open suggestions per chapter (suggestions/plan-suggestions.ts). */
  readonly suggestionCounts?: ReadonlyMap<string, number>;
  /** On a shared plan: who else is where (empty for a local plan). */
  readonly presence?: readonly Presence[];
  /** On a shared plan: chapters with changes made here that the server does not hold yet (null: not known). */
  readonly unsynced?: ReadonlyMap<string, number | null>;
  /** On a shared plan: chapters with changes the server did not accept, kept here (src-renderer/refused/). */
  readonly refused?: ReadonlySet<string>;
  readonly onSelect: (chapterId: string) => void;
  readonly onAddChapter: () => void;
  /** Moves a chapter (drag and drop, Alt+↑/↓); only used when `canEdit`. */
  readonly onMove?: (chapterId: string, toIndex: number) => boolean;
  /** Shown at the end of the outline (the deleted chapters). */
  readonly children?: ReactNode;
}

export function Outline({ chapters, currentId, canEdit, openCounts, suggestionCounts = NO_COUNTS, presence = [], unsynced = NONE_UNSYNCED, refused = NONE_REFUSED, onSelect, onAddChapter, onMove, children }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const reorder = useChapterReorder(chapters, canEdit ? onMove : undefined);
  const language = i18n.language as Language;
  return (
    <nav className="outline" aria-label={t('outline.label')}>
      <h2 className="outline-heading">{t('outline.label')}</h2>
      <ol className="outline-list">
        {chapters.map((chapter, index) => {
          const agency = chapter.owner ? agencyByCode(chapter.owner) : null;
          const agencyName = agency ? (language === 'en' ? agency.nameEn : agency.nameSv) : null;
          const open = openCounts.get(chapter.id) ?? 0;
          const suggested = suggestionCounts.get(chapter.id) ?? 0;
          const here = presence.filter((p) => p.chapterId === chapter.id);
          return (
            <li key={chapter.id} {...reorder.itemProps(chapter.id, index)}>
              <button
                type="button"
                className="outline-item"
                aria-current={chapter.id === currentId ? 'page' : undefined}
                aria-describedby={reorder.hintId ?? undefined}
                onClick={() => onSelect(chapter.id)}
                onKeyDown={reorder.onKeyDown(chapter.id, index)}
              >
                <span className="outline-title">
                  <span className="outline-number">{index + 1}.</span> {chapter.title || '—'}
                </span>
                <span className="outline-meta">
                  {agency ? (
                    <AgencyBadge agency={agency} label={t('outline.owner', { agency: agencyName })} />
                  ) : (
                    <span className="outline-no-owner">{t('outline.noOwner')}</span>
                  )}
                  <span className={`chapter-status chapter-status--${chapter.status}`}>{t(`outline.status.${chapter.status}`)}</span>
                  {open > 0 && (
                    <span className="outline-comments" data-open-comments={open}>
                      <span aria-hidden="true">
                        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinejoin="round">
                          <path d="M4 5h16v11H9l-5 4z" />
                        </svg>
                        {open}
                      </span>
                      <span className="visually-hidden">{t('comments.openCount', { count: open })}</span>
                    </span>
                  )}
                  {suggested > 0 && (
                    <span className="outline-suggestions" data-open-suggestions={suggested}>
                      <span aria-hidden="true">±{suggested}</span>
                      <span className="visually-hidden">{t('suggestions.openCount', { count: suggested })}</span>
                    </span>
                  )}
                  {unsynced.has(chapter.id) && (
                    // An arrow, not the ledger's count of Yjs items, which means nothing to a drafter.
                    <span className="outline-unsynced" data-unsynced={unsynced.get(chapter.id) ?? 'unknown'} title={unsyncedText(t, unsynced.get(chapter.id))}>
                      <span aria-hidden="true">↑{unsynced.get(chapter.id) === null ? '?' : ''}</span>
                      <span className="visually-hidden">{unsyncedText(t, unsynced.get(chapter.id))}</span>
                    </span>
                  )}
                  {refused.has(chapter.id) && (
                    <span className="outline-refused" data-refused="true" title={t('refusedChanges.outline')}>
                      <span aria-hidden="true">!</span>
                      <span className="visually-hidden">{t('refusedChanges.outline')}</span>
                    </span>
                  )}
                  {here.length > 0 && (
                    <span className="outline-presence" data-present={here.map((p) => p.member.name).join(', ')}>
                      {here.map((p) => {
                        const a = agencyByCode(p.member.agency);
                        return (
                          <span key={p.member.id} className="presence-dot" style={{ '--agency-colour': a.colour } as CSSProperties} aria-hidden="true" title={`${p.member.name} · ${a.abbreviation}`}>
                            {initials(p.member.name)}
                          </span>
                        );
                      })}
                      <span className="visually-hidden">
                        {t('sync.presence.inOutline', { count: here.length, names: here.map((p) => p.member.name).join(', ') })}
                      </span>
                    </span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {reorder.hintId !== null && (
        <p id={reorder.hintId} className="visually-hidden">
          {t('chapterActions.moveHint')}
        </p>
      )}
      {canEdit && (
        <button type="button" className="button outline-add" onClick={onAddChapter}>
          + {t('outline.addChapter')}
        </button>
      )}
      {children}
    </nav>
  );
}

/** "Anna Berg" → "AB": with the agency colour, a compact sign of who is in a chapter. */
function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter((p) => p.length > 0);
  const letters = parts.length === 1 ? [...parts[0]!].slice(0, 2) : [parts[0]!, parts[parts.length - 1]!].map((p) => [...p][0]!);
  return letters.join('').toUpperCase();
}

function unsyncedText(t: ReturnType<typeof useTranslation>['t'], pending: number | null | undefined): string {
  return pending === null ? t('sync.outline.unsyncedUnknown') : t('sync.outline.unsynced');
}
