/**
 * "Borttagna kapitel": the plan's deleted chapters, at the end of the outline,
 * with who deleted each and when, and "Återställ" for those who may
 * (`may(member, 'restore-chapter')`). A deleted chapter keeps its text and
 * comments (shared/plan/chapter-deletion.ts), so restoring loses nothing.
 * A native <details>: opened and closed by keyboard without any script.
 */
import { forwardRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import { may } from '../../shared/comments/comment-permissions.ts';
import type { DeletedChapter } from '../../shared/plan/manifest.ts';
import type { Member } from '../../shared/plan/member.ts';

interface Props {
  readonly chapters: readonly DeletedChapter[];
  readonly canEdit: boolean;
  /** Null until the user has a profile; "Återställ" then asks for one first. */
  readonly member: Member | null;
  readonly onRestore: (chapter: DeletedChapter) => void;
}

export const DeletedChapters = forwardRef<HTMLElement, Props>(function DeletedChapters({ chapters, canEdit, member, onRestore }, summaryRef): ReactElement | null {
  const { t, i18n } = useTranslation();
  if (chapters.length === 0) return null;
  const dateFormat = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <details className="deleted-chapters">
      <summary ref={summaryRef}>{t('chapterActions.deletedList', { count: chapters.length })}</summary>
      <p className="deleted-chapters-note">{t('chapterActions.deletedNote')}</p>
      <ul>
        {chapters.map((chapter) => {
          const by = chapter.deletedBy;
          const agency = by === null ? null : agencyByCode(by.agency);
          const date = dateFormat.format(new Date(chapter.deletedAt));
          return (
            <li key={chapter.id}>
              <span className="deleted-chapter-title">{chapter.title || '—'}</span>
              <span className="deleted-chapter-meta">
                {by === null || agency === null
                  ? t('chapterActions.deletedAt', { date })
                  : t('chapterActions.deletedBy', { date, name: by.name, agency: i18n.language === 'en' ? agency.nameEn : agency.nameSv })}
              </span>
              {canEdit && (member === null || may(member, 'restore-chapter', { chapter })) && (
                <button type="button" className="button button--small" onClick={() => onRestore(chapter)}>
                  {t('chapterActions.restore', { title: chapter.title || '—' })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
});
