/**
 * "Anslut till server": the server address and an invitation code; main
 * redeems the code (joinPlan) and keeps the token; the plan then opens and
 * its docs arrive by sync.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useHost } from '../app/host-context.ts';
import { ServerCodeForm } from '../sync/ServerCodeForm.tsx';
import { SyncDialog } from '../sync/SyncDialog.tsx';

interface Props {
  readonly onJoined: (planId: string) => void;
  readonly onClose: () => void;
}

export function JoinPlanDialog({ onJoined, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const host = useHost();
  return (
    <SyncDialog title={t('sync.join.title')} onClose={onClose}>
      <ServerCodeForm
        intro={t('sync.join.intro')}
        codeLabel={t('sync.join.code')}
        submitLabel={t('sync.join.submit')}
        workingLabel={t('sync.join.working')}
        onCancel={onClose}
        onSubmit={async (serverUrl, code) => {
          const link = await host.joinPlan({ serverUrl, code });
          onJoined(link.planId);
        }}
      />
    </SyncDialog>
  );
}
