/**
 * "Bjud in": the coordinator names a person, their agency and role, and gets
 * a one-time code to pass on together with the server address. The code is
 * shown selectable and with a copy button, and stays under "Medlemmar"
 * (PendingInvitations.tsx) until it is used or withdrawn.
 */
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { isAgencyCode, type AgencyCode } from '../../shared/agencies/agencies.ts';
import type { Invitation } from '../../shared/host-api/host-api.ts';
import { ROLES, type Role } from '../../shared/plan/member.ts';
import { AgencyOptions } from '../app/AgencyOptions.tsx';
import { useHost } from '../app/host-context.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { useHostCall } from './host-call.ts';
import { CallActions } from './CallActions.tsx';
import { SyncDialog } from './SyncDialog.tsx';

interface Props {
  readonly planId: string;
  readonly serverUrl: string;
  readonly onClose: () => void;
}

export function InviteDialog({ planId, serverUrl, onClose }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const host = useHost();
  const announce = useAnnounce();
  const [name, setName] = useState('');
  const [agency, setAgency] = useState('');
  const [role, setRole] = useState<Role>('drafter');
  const call = useHostCall();
  const { error, errorId } = call;
  const [invitation, setInvitation] = useState<{ name: string; invitation: Invitation } | null>(null);
  const nameId = useId();
  const agencyId = useId();
  const roleId = useId();
  const codeId = useId();

  function submit(event: FormEvent): void {
    const trimmed = name.trim();
    void call.submit(event, trimmed === '' || !isAgencyCode(agency) ? t('sync.invite.required') : null, async () => {
      const created = await host.createInvitation({ planId, name: trimmed, agency: agency as AgencyCode, role });
      setInvitation({ name: trimmed, invitation: created });
    });
  }

  const dateFormat = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <SyncDialog title={t('sync.invite.title')} onClose={onClose}>
      {invitation ? (
        <div className="invitation">
          <label htmlFor={codeId}>{t('sync.invite.code', { name: invitation.name })}</label>
          <input id={codeId} className="mono invitation-code" readOnly value={invitation.invitation.code} onFocus={(e) => e.target.select()} autoFocus />
          <p className="dialog-intro">
            {t('sync.invite.codeHelp', { date: dateFormat.format(new Date(invitation.invitation.expiresAt)), server: serverUrl, name: invitation.name })}{' '}
            {t('sync.invite.findAgain')}
          </p>
          <div className="dialog-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                navigator.clipboard.writeText(invitation.invitation.code).then(
                  () => announce(t('sync.invite.copied')),
                  () => document.getElementById(codeId)?.focus(),
                );
              }}
            >
              {t('sync.invite.copy')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setInvitation(null);
                setName('');
              }}
            >
              {t('sync.invite.another')}
            </button>
            <button type="button" className="button button--primary" onClick={onClose}>
              {t('sync.close')}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor={nameId}>{t('sync.invite.name')}</label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus aria-describedby={error ? errorId : undefined} />
          <label htmlFor={agencyId}>{t('sync.invite.agency')}</label>
          <select id={agencyId} value={agency} onChange={(e) => setAgency(e.target.value)} aria-describedby={error ? errorId : undefined}>
            <option value="">—</option>
            <AgencyOptions />
          </select>
          <label htmlFor={roleId}>{t('sync.invite.role')}</label>
          <select id={roleId} value={role} onChange={(e) => setRole((ROLES as readonly string[]).includes(e.target.value) ? (e.target.value as Role) : 'drafter')}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`sync.roles.${r}`)}
              </option>
            ))}
          </select>
          <CallActions call={call} submitLabel={t('sync.invite.submit')} workingLabel={t('sync.invite.working')} onCancel={onClose} />
        </form>
      )}
    </SyncDialog>
  );
}
