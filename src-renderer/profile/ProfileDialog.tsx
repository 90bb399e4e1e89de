/**
 * "Vem är du?": the name and agency that sign the local user's comments. A
 * modal <dialog>, like the link dialog: focus stays inside, Escape cancels,
 * and focus returns to where it was when it closes.
 */
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useModalDialog } from '../app/use-modal-dialog.ts';
import { useTranslation } from 'react-i18next';
import { isAgencyCode, type AgencyCode } from '../../shared/agencies/agencies.ts';
import { AgencyOptions } from '../app/AgencyOptions.tsx';
import type { Member } from '../../shared/plan/member.ts';
import { hostErrorText } from '../host/host-error-text.ts';
import type { Profile } from './profile.ts';

interface Props {
  readonly profile: Profile;
  readonly onSave: (name: string, agency: AgencyCode) => Promise<Member>;
  readonly onClose: (saved: Member | null) => void;
}

export function ProfileDialog({ profile, onSave, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const dialogRef = useModalDialog({ restoreFocus: true });
  const [name, setName] = useState(profile.name ?? '');
  const [agency, setAgency] = useState<string>(profile.agency ?? '');
  const [errors, setErrors] = useState<{ name?: string; agency?: string; save?: string }>({});
  const nameId = useId();
  const agencyId = useId();
  const titleId = useId();
  const introId = useId();
  const nameErrorId = useId();
  const agencyErrorId = useId();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const trimmed = name.trim();
    const next: typeof errors = {};
    if (trimmed.length === 0) next.name = t('profile.nameRequired');
    if (!isAgencyCode(agency)) next.agency = t('profile.agencyRequired');
    setErrors(next);
    if (next.name || next.agency || !isAgencyCode(agency)) return;
    try {
      onClose(await onSave(trimmed, agency));
    } catch (error) {
      setErrors({ save: t('profile.saveFailed', { reason: hostErrorText(t, error) }) });
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="link-dialog profile-dialog"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onCancel={(event) => {
        event.preventDefault();
        onClose(null);
      }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <h2 id={titleId}>{t('profile.dialog')}</h2>
        <p id={introId} className="dialog-intro">
          {t('profile.intro')}
        </p>
        <label htmlFor={nameId}>{t('profile.name')}</label>
        <input
          id={nameId}
          type="text"
          value={name}
          autoFocus
          autoComplete="name"
          maxLength={200}
          aria-invalid={errors.name !== undefined}
          aria-describedby={errors.name ? nameErrorId : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {errors.name && (
          <p id={nameErrorId} className="field-error" role="alert">
            {errors.name}
          </p>
        )}
        <label htmlFor={agencyId}>{t('profile.agency')}</label>
        <select
          id={agencyId}
          value={agency}
          aria-invalid={errors.agency !== undefined}
          aria-describedby={errors.agency ? agencyErrorId : undefined}
          onChange={(e) => setAgency(e.target.value)}
        >
          <option value="">{t('profile.chooseAgency')}</option>
          <AgencyOptions />
        </select>
        {errors.agency && (
          <p id={agencyErrorId} className="field-error" role="alert">
            {errors.agency}
          </p>
        )}
        {errors.save && (
          <p className="field-error" role="alert">
            {errors.save}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button button--primary">
            {t('profile.save')}
          </button>
          <button type="button" className="button" onClick={() => onClose(null)}>
            {t('profile.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
