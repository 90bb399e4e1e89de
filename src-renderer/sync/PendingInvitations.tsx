/**
 * "Väntande inbjudningar" in the members dialog (coordinators only): every
 * invitation not yet used or withdrawn, with its expiry, its code to copy
 * again (issue 10: a code shown once was lost when its dialog closed) and a
 * way to withdraw it. Codes the admin CLI printed are listed without a code.
 */
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import type { PendingInvitation } from '../../shared/host-api/host-api.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { useHost } from '../app/host-context.ts';
import { AgencyBadge } from '../outline/AgencyBadge.tsx';
import { InlineConfirm } from './InlineConfirm.tsx';
import { syncErrorText } from './sync-errors.ts';

export function PendingInvitations({ planId }: { readonly planId: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const host = useHost();
  const announce = useAnnounce();
  const [invitations, setInvitations] = useState<readonly PendingInvitation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<PendingInvitation | null>(null);

  const load = useCallback(() => {
    host.listInvitations({ planId }).then(setInvitations, (e: unknown) => setError(syncErrorText(t, e)));
  }, [host, planId, t]);
  useEffect(load, [load]);

  async function revoke(invitation: PendingInvitation): Promise<void> {
    setConfirming(null);
    setError(null);
    try {
      await host.revokeInvitation({ planId, invitationId: invitation.id });
      announce(t('sync.members.invitations.revoked', { name: invitation.name }));
      load();
    } catch (e) {
      setError(syncErrorText(t, e));
    }
  }

  const dateFormat = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'medium', timeStyle: 'short' });
  const now = Date.now();

  return (
    <section className="pending-invitations" aria-labelledby={`${planId}-invitations`}>
      <h3 id={`${planId}-invitations`}>{t('sync.members.invitations.title')}</h3>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {invitations !== null && invitations.length === 0 && <p>{t('sync.members.invitations.none')}</p>}
      {invitations !== null && invitations.length > 0 && (
        <ul className="member-list">
          {invitations.map((invitation) => {
            const agency = agencyByCode(invitation.agency);
            const expiry = Date.parse(invitation.expiresAt);
            const codeId = `invitation-${invitation.id}`;
            return (
              <li key={invitation.id} className="invitation-entry">
                <div className="member">
                  <AgencyBadge agency={agency} label={i18n.language === 'en' ? agency.nameEn : agency.nameSv} />
                  <span className="member-name">{invitation.name}</span>
                  <span className="member-role">{t(`sync.roles.${invitation.role}`)}</span>
                </div>
                <p className={expiry <= now ? 'invitation-expiry invitation-expiry--past' : 'invitation-expiry'}>
                  {t(expiry <= now ? 'sync.members.invitations.expired' : 'sync.members.invitations.expires', { date: dateFormat.format(new Date(expiry)) })}
                </p>
                {invitation.code === null ? (
                  <p className="invitation-expiry">{t('sync.members.invitations.noCode')}</p>
                ) : (
                  <>
                    <label htmlFor={codeId}>{t('sync.members.invitations.code', { name: invitation.name })}</label>
                    <input id={codeId} className="mono invitation-code" readOnly value={invitation.code} onFocus={(e) => e.target.select()} />
                  </>
                )}
                <div className="dialog-actions">
                  {invitation.code !== null && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => {
                        navigator.clipboard.writeText(invitation.code!).then(
                          () => announce(t('sync.members.invitations.copied', { name: invitation.name })),
                          () => document.getElementById(codeId)?.focus(),
                        );
                      }}
                    >
                      {t('sync.members.invitations.copy', { name: invitation.name })}
                    </button>
                  )}
                  <button type="button" className="button button--small" onClick={() => setConfirming(invitation)}>
                    {t('sync.members.invitations.revoke', { name: invitation.name })}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {confirming && (
        <InlineConfirm
          question={t('sync.members.invitations.confirmRevoke', { name: confirming.name })}
          confirm={t('sync.members.invitations.confirm')}
          onConfirm={() => void revoke(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
