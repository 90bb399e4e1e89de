/**
 * "Medlemmar": everyone on the plan's server with agency and role; the
 * coordinator can remove a member (after a confirmation), which closes
 * their connections at once, and sees the pending invitations
 * (PendingInvitations.tsx).
 */
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import type { ServerMember } from '../../shared/host-api/host-api.ts';
import { useHost } from '../app/host-context.ts';
import { AgencyBadge } from '../outline/AgencyBadge.tsx';
import { InlineConfirm } from './InlineConfirm.tsx';
import { PendingInvitations } from './PendingInvitations.tsx';
import { syncErrorText } from './sync-errors.ts';
import { SyncDialog } from './SyncDialog.tsx';

interface Props {
  readonly planId: string;
  readonly me: ServerMember;
  readonly onClose: () => void;
}

export function MembersDialog({ planId, me, onClose }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const host = useHost();
  const [members, setMembers] = useState<readonly ServerMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<ServerMember | null>(null);
  const canRemove = me.role === 'coordinator';

  const load = useCallback(() => {
    host.listMembers({ planId }).then(setMembers, (e: unknown) => setError(syncErrorText(t, e)));
  }, [host, planId, t]);
  useEffect(load, [load]);

  async function remove(member: ServerMember): Promise<void> {
    setConfirming(null);
    setError(null);
    try {
      await host.removeMember({ planId, memberId: member.id });
      load();
    } catch (e) {
      setError(syncErrorText(t, e));
    }
  }

  return (
    <SyncDialog title={t('sync.members.title')} onClose={onClose} className="members-dialog">
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {members === null ? (
        !error && <p>{t('sync.members.loading')}</p>
      ) : (
        <ul className="member-list">
          {members.map((member) => {
            const agency = agencyByCode(member.agency);
            const agencyName = i18n.language === 'en' ? agency.nameEn : agency.nameSv;
            return (
              <li key={member.id} className={member.revokedAt ? 'member member--revoked' : 'member'}>
                <AgencyBadge agency={agency} label={agencyName} />
                <span className="member-name">
                  {member.name} {member.id === me.id && t('sync.members.you')}
                </span>
                <span className="member-role">{member.revokedAt ? t('sync.members.removed') : t(`sync.roles.${member.role}`)}</span>
                {canRemove && member.id !== me.id && !member.revokedAt && (
                  <button type="button" className="button button--small" onClick={() => setConfirming(member)}>
                    {t('sync.members.remove', { name: member.name })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {confirming && (
        <InlineConfirm
          question={t('sync.members.confirmRemove', { name: confirming.name })}
          confirm={t('sync.members.confirm')}
          onConfirm={() => void remove(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
      {canRemove && <PendingInvitations planId={planId} />}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('sync.close')}
        </button>
      </div>
    </SyncDialog>
  );
}
