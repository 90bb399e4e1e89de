/**
 * "Dela via server": the coordinator publishes a plan that is only on this
 * computer, with a publish code from agency IT. The plan keeps its id; once
 * main has the token, the plan is reopened with its sync connection and
 * everything written so far goes to the server.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useHost } from '../app/host-context.ts';
import { ServerCodeForm } from './ServerCodeForm.tsx';
import { SyncDialog } from './SyncDialog.tsx';

interface Props {
  readonly planId: string;
  readonly onPublished: () => void;
  readonly onClose: () => void;
}

export function PublishDialog({ planId, onPublished, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const host = useHost();
  return (
    <SyncDialog title={t('sync.publish.title')} onClose={onClose}>
      <ServerCodeForm
        intro={t('sync.publish.intro')}
        codeLabel={t('sync.publish.code')}
        submitLabel={t('sync.publish.submit')}
        workingLabel={t('sync.publish.working')}
        onCancel={onClose}
        onSubmit={async (serverUrl, code) => {
          await host.publishPlan({ planId, serverUrl, code });
          onPublished();
        }}
      />
    </SyncDialog>
  );
}
