/**
 * "Utbyte via fil" (issue 17): for members whose network lets no WebSocket
 * reach the sync server. Three things, in one modal dialog:
 *  - Exportera mina ändringar: a signed .samskriv file with what the chosen
 *    member is not known to have (or everything, for someone not heard from);
 *  - Importera ändringar: read a file, see what it brings per chapter and by
 *    whom, then merge it. The merged changes are applied to the open plan
 *    here, so its sync sends them to the server as if the sender had been
 *    online;
 *  - Exportera hela planen: every document in one file.
 * The desktop asks where to save and which file to read with the system's
 * dialogs; the browser host downloads and uploads instead.
 */
import { useEffect, useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import type { ExchangeSenderInfo, ExportResult, ImportOutcome } from '../../shared/host-api/host-api.ts';
import { parseDocName } from '../../shared/plan/doc-names.ts';
import { parseSourceDocName } from '../../shared/sources/source-doc.ts';
import { useHost } from '../app/host-context.ts';
import { hostErrorText } from '../host/host-error-text.ts';
import type { PlanSession } from '../plan/plan-session.ts';
import { STORAGE_ORIGIN } from '../plan/save-queue.ts';
import { downloadFile } from './download-file.ts';
import { ExchangeFrame } from './ExchangeFrame.tsx';
import { ImportPreview } from './ImportPreview.tsx';
import { useImportFlow, type ImportFlow } from './import-flow.ts';

const EVERYONE = '';

type Outcome = { readonly kind: 'idle' } | { readonly kind: 'working' } | { readonly kind: 'done'; readonly message: string } | { readonly kind: 'failed'; readonly error: unknown };

export function ExchangeDialog({ session, onClose }: { readonly session: PlanSession; readonly onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const host = useHost();
  const recipientId = useId();
  const previewId = useId();
  const [recipients, setRecipients] = useState<readonly ExchangeSenderInfo[]>([]);
  const [recipient, setRecipient] = useState(EVERYONE);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const flow = useImportFlow(session.planId, (imported) => applyImported(session, imported));

  useEffect(() => {
    let live = true;
    host.listExchangeRecipients({ planId: session.planId }).then(
      (list) => {
        if (!live) return;
        setRecipients(list);
        // One partner (a drafter who exchanges with the coordinator only): theirs by default.
        if (list.length === 1) setRecipient(list[0]!.memberId);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [host, session.planId]);

  const deliver = async (write: () => Promise<ExportResult | { outcome: 'nothing-new' }>): Promise<void> => {
    setOutcome({ kind: 'working' });
    try {
      const result = await write();
      if (result.outcome === 'download') downloadFile(result);
      setOutcome(
        result.outcome === 'cancelled'
          ? { kind: 'idle' }
          : {
              kind: 'done',
              message:
                result.outcome === 'nothing-new'
                  ? t('exchange.export.nothingNew')
                  : result.outcome === 'saved'
                    ? t('exchange.export.saved', { path: result.path })
                    : t('exchange.export.downloaded', { fileName: result.fileName }),
            },
      );
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    }
  };

  const busy = outcome.kind === 'working' || flow.step.kind === 'working';
  return (
    <ExchangeFrame title={t('exchange.title')} intro={t('exchange.intro')} busy={busy} onClose={onClose}>
      <div className="exchange-row">
        <label htmlFor={recipientId}>{t('exchange.export.recipient')}</label>
        <select id={recipientId} value={recipient} onChange={(event) => setRecipient(event.target.value)}>
          <option value={EVERYONE}>{t('exchange.export.everyone')}</option>
          {recipients.map((member) => (
            <option key={member.memberId} value={member.memberId}>
              {member.name}
            </option>
          ))}
        </select>
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void deliver(() => host.exportChanges({ planId: session.planId, recipientId: recipient === EVERYONE ? null : recipient }))}>
          {t('exchange.export.changes')}
        </button>
      </div>
      <div className="exchange-row">
        <button type="button" className="button" disabled={busy} onClick={() => void flow.choose()}>
          {t('exchange.import.button')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void deliver(() => host.exportPlanFile({ planId: session.planId }))}>
          {t('exchange.export.plan')}
        </button>
      </div>
      <p role="status" className={outcome.kind === 'failed' ? 'field-error' : 'exchange-status'}>
        {outcome.kind === 'working' ? t('exchange.working') : outcome.kind === 'done' ? outcome.message : outcome.kind === 'failed' ? hostErrorText(t, outcome.error) : ''}
      </p>
      <ImportSteps
        flow={flow}
        previewId={previewId}
        confirmLabel={t('exchange.import.confirm')}
        importedText={t('exchange.import.done')}
        importedViaServerText={t('exchange.import.doneViaServer')}
      />
    </ExchangeFrame>
  );
}

/** The file picker (browser host), the preview with its confirm and cancel, and the outcome. */
export function ImportSteps({
  flow,
  previewId,
  confirmLabel,
  importedText,
  importedViaServerText = importedText,
}: {
  readonly flow: ImportFlow;
  readonly previewId: string;
  readonly confirmLabel: string;
  readonly importedText: string;
  /** Said instead of `importedText` when the sync server took the file first. */
  readonly importedViaServerText?: string;
}): ReactElement | null {
  const { t } = useTranslation();
  const pickerId = useId();
  const { step } = flow;
  switch (step.kind) {
    case 'idle':
      return null;
    case 'working':
      return <p role="status">{t('exchange.working')}</p>;
    case 'upload':
      return (
        <div className="exchange-row">
          <label htmlFor={pickerId}>{t('exchange.import.pick')}</label>
          <input
            id={pickerId}
            type="file"
            accept=".samskriv"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file !== undefined) void flow.read(file);
            }}
          />
        </div>
      );
    case 'failed':
      return (
        <p className="notice notice--error" role="alert">
          {hostErrorText(t, step.error)}
        </p>
      );
    case 'imported':
      return <p role="status">{step.sentToServer ? importedViaServerText : importedText}</p>;
    case 'checked':
      return (
        <>
          <ImportPreview choice={step.choice} headingId={previewId} />
          <div className="dialog-actions">
            {step.choice.outcome === 'ready' && !step.choice.preview.nothingNew && (
              <button type="button" className="button button--primary" onClick={() => void flow.confirm()}>
                {confirmLabel}
              </button>
            )}
            <button type="button" className="button" onClick={flow.reset}>
              {t('exchange.import.cancel')}
            </button>
          </div>
        </>
      );
  }
}

/**
 * Gives the open plan what the import stored. Applied as stored changes
 * (not saved again), and the plan's sync sends them on to the server. The
 * manifest first: a chapter the file adds gets its doc in the session when
 * the manifest lists it.
 */
function applyImported(session: PlanSession, imported: ImportOutcome): void {
  const ordered = [...imported.updates].sort((a, b) => Number(parseDocName(b.name)?.kind === 'manifest') - Number(parseDocName(a.name)?.kind === 'manifest'));
  for (const { name, update } of ordered) {
    const ref = parseDocName(name);
    const source = parseSourceDocName(name);
    let doc: Y.Doc | undefined;
    if (ref !== null && ref.planId === session.planId) doc = ref.kind === 'manifest' ? session.manifestDoc : session.chapter(ref.chapterId)?.doc;
    else if (source !== null && source.planId === session.planId) doc = session.sources.doc(source.sourceId);
    // A doc the session does not hold yet is stored, and loads with the plan next time.
    if (doc !== undefined) Y.applyUpdate(doc, update, STORAGE_ORIGIN);
  }
}
