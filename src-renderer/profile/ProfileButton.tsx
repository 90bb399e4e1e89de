/**
 * The header control that says who the local user is ("Du: Sara Lind, SOS")
 * or asks them to say it, and opens the profile dialog.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import { AgencyBadge } from '../outline/AgencyBadge.tsx';
import { useProfile } from './profile-context.tsx';

export function ProfileButton(): ReactElement {
  const { t, i18n } = useTranslation();
  const { member, openDialog } = useProfile();
  if (member === null) {
    return (
      <button type="button" className="button profile-button profile-button--empty" onClick={openDialog}>
        {t('profile.setUp')}
      </button>
    );
  }
  const agency = agencyByCode(member.agency);
  const agencyName = i18n.language === 'en' ? agency.nameEn : agency.nameSv;
  return (
    <button
      type="button"
      className="button profile-button"
      onClick={openDialog}
      title={t('profile.button', { name: member.name, agency: agencyName })}
    >
      <span className="profile-name">{member.name}</span>
      <AgencyBadge agency={agency} label={agencyName} />
    </button>
  );
}
