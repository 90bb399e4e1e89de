/**
 * "I planen just nu": who else has the plan open, with agency (badge: colour
 * plus abbreviation, full name for screen readers) and the chapter on their
 * screen. A list in the header; it is not a live region, so arrivals and
 * departures do not interrupt typing.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import { AgencyBadge } from '../outline/AgencyBadge.tsx';
import type { Presence } from './presence.ts';

interface Props {
  readonly presence: readonly Presence[];
  readonly chapters: readonly ChapterEntry[];
}

export function PresenceList({ presence, chapters }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const titles = new Map(chapters.map((c, index) => [c.id, `${index + 1}. ${c.title || '—'}`] as const));
  return (
    <section className="presence" aria-label={t('sync.presence.label')}>
      {presence.length === 0 ? (
        <span className="presence-none">{t('sync.presence.none')}</span>
      ) : (
        <ul className="presence-list">
          {presence.map(({ member, chapterId }) => {
            const agency = agencyByCode(member.agency);
            const agencyName = i18n.language === 'en' ? agency.nameEn : agency.nameSv;
            const chapter = chapterId === null ? undefined : titles.get(chapterId);
            const text =
              chapter === undefined
                ? t('sync.presence.inPlan', { name: member.name, agency: agencyName })
                : t('sync.presence.inChapter', { name: member.name, agency: agencyName, chapter });
            return (
              <li key={member.id} className="presence-member" data-member-id={member.id} title={text}>
                <AgencyBadge agency={agency} label={agencyName} />
                <span className="presence-name" aria-hidden="true">
                  {member.name}
                </span>
                <span className="visually-hidden">{text}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
