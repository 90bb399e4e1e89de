/**
 * "Öppna planfil" on the plan list (issue 17): a whole plan from a
 * .samskriv file (a backup, or a plan handed over), checked and shown before
 * it is opened as a plan on this computer. No server is needed.
 */
import { useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportSteps } from './ExchangeDialog.tsx';
import { ExchangeFrame } from './ExchangeFrame.tsx';
import { useImportFlow } from './import-flow.ts';

export function OpenPlanFileDialog({ onClose, onOpened }: { readonly onClose: () => void; readonly onOpened: (planId: string) => void }): ReactElement {
  const { t } = useTranslation();
  const previewId = useId();
  const flow = useImportFlow(null, (imported) => onOpened(imported.planId));
  return (
    <ExchangeFrame title={t('exchange.openPlan.title')} intro={t('exchange.openPlan.intro')} busy={flow.step.kind === 'working'} onClose={onClose}>
      {(flow.step.kind === 'idle' || flow.step.kind === 'failed') && (
        <div className="exchange-row">
          <button type="button" className="button button--primary" onClick={() => void flow.choose()}>
            {t('exchange.openPlan.choose')}
          </button>
        </div>
      )}
      <ImportSteps flow={flow} previewId={previewId} confirmLabel={t('exchange.openPlan.confirm')} importedText={t('exchange.openPlan.done')} />
    </ExchangeFrame>
  );
}
