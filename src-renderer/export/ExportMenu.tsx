/**
 * "Exportera" in the plan's tools: the submission in Word or PDF (printed
 * from the print view, or converted by LibreOffice with page numbers in its
 * contents), or the review copy (granskningsversion) in Word. Main builds
 * the file from what is saved on this computer (src-main/export/); the
 * desktop then asks where to save it and offers "Öppna" to open it in the
 * system's app, and in the browser host the file is downloaded, or, for
 * PDF, the print view opens in a new tab with the browser's print dialog.
 *
 * A disclosure, not a popup menu: the choices appear as buttons beside
 * "Exportera" in the same row, so they reach by Tab like every other tool,
 * and Escape folds them away again. The outcome is said in a polite live
 * region, as the save state is.
 */
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_KINDS, type ExportKind, type PlanExportResult } from '../../shared/host-api/host-api.ts';
import { useHost } from '../app/host-context.ts';
import { hostErrorText } from '../host/host-error-text.ts';
import { downloadFile } from '../exchange/download-file.ts';
import { openPrintView } from './print-view-window.ts';
import { TaskProgressBar } from '../progress/TaskProgressBar.tsx';
import { useTaskProgress } from '../progress/use-task-progress.ts';

type Outcome =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working' }
  /** `saved`: where the desktop saved it, for "Öppna"; `printView`: the print view's address, for its link. */
  | { readonly kind: 'done'; readonly message: string; readonly saved?: string; readonly printView?: string }
  | { readonly kind: 'failed'; readonly message: string };

export function ExportMenu({ planId }: { readonly planId: string }): ReactElement {
  const { t } = useTranslation();
  const host = useHost();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const toggle = useRef<HTMLButtonElement>(null);
  const choicesId = useId();
  // What this host can make, asked each time the choices open (LibreOffice may have been installed meanwhile).
  const [kinds, setKinds] = useState<readonly ExportKind[]>(EXPORT_KINDS);
  useEffect(() => {
    if (!open) return;
    let current = true;
    host.listExportKinds().then(
      (listed) => current && setKinds(listed),
      () => undefined, // Every kind stays offered; a kind that cannot be made says why when chosen.
    );
    return () => {
      current = false;
    };
  }, [open, host]);
  const exporting = useTaskProgress();

  const run = async (kind: ExportKind): Promise<void> => {
    setOutcome({ kind: 'working' });
    try {
      const result = await exporting.track((progressId) => host.exportPlan({ planId, kind, progressId }));
      if (result.outcome === 'download') downloadFile(result);
      setOutcome(describe(result));
      setOpen(false);
      toggle.current?.focus();
    } catch (error) {
      setOutcome({ kind: 'failed', message: hostErrorText(t, error) });
    }
  };

  const describe = (result: PlanExportResult): Outcome => {
    switch (result.outcome) {
      case 'saved':
        return { kind: 'done', message: t('exportPlan.saved', { path: result.path }), saved: result.path };
      case 'download':
        return { kind: 'done', message: t('exportPlan.downloaded', { fileName: result.fileName }) };
      case 'print-view':
        return { kind: 'done', message: t(openPrintView(result.url) ? 'exportPlan.printView' : 'exportPlan.printViewBlocked'), printView: result.url };
      case 'cancelled':
        return { kind: 'idle' };
    }
  };

  const openSaved = async (path: string): Promise<void> => {
    try {
      await host.openExportedFile({ path });
    } catch (error) {
      setOutcome({ kind: 'failed', message: hostErrorText(t, error) });
    }
  };

  return (
    <div
      className="export-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <button ref={toggle} type="button" className="button" aria-expanded={open} aria-controls={choicesId} onClick={() => setOpen(!open)}>
        {t('exportPlan.button')}
      </button>
      <span id={choicesId} role="group" aria-label={t('exportPlan.choices')} hidden={!open}>
        {kinds.map((kind) => (
          <button key={kind} type="button" className="button" disabled={outcome.kind === 'working'} onClick={() => void run(kind)}>
            {t(`exportPlan.kinds.${kind}`)}
          </button>
        ))}
      </span>
      {outcome.kind === 'working' && <TaskProgressBar label={t('taskProgress.exportLabel')} progress={exporting.progress} />}
      <span role="status" className={outcome.kind === 'failed' ? 'export-menu-status export-menu-status--failed' : 'export-menu-status'}>
        {outcome.kind === 'working' ? t('exportPlan.working') : outcome.kind === 'idle' ? '' : outcome.message}
      </span>
      {outcome.kind === 'done' && outcome.saved !== undefined ? (
        <button type="button" className="button" onClick={() => void openSaved(outcome.saved!)}>
          {t('exportPlan.open')}
        </button>
      ) : null}
      {outcome.kind === 'done' && outcome.printView !== undefined ? (
        <a
          href={outcome.printView}
          target="_blank"
          rel="opener"
          onClick={(event) => {
            // Opened here rather than by the link, so that this tab can ask for the view's print dialog.
            if (openPrintView(outcome.printView!)) event.preventDefault();
          }}
        >
          {t('exportPlan.openPrintView')}
        </a>
      ) : null}
    </div>
  );
}
