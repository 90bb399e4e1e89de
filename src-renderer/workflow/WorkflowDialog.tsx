/**
 * The frame the workflow views share (Översikt, Att göra, Förbered
 * inlämning): a modal dialog named by its heading, with what it counts and
 * a close button beside the heading, and the view's body below. Escape and
 * the button close it; focus goes back where it was.
 */
import { useId, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../app/use-modal-dialog.ts';

interface Props {
  readonly title: string;
  /** What the view counts, beside the heading (a deadline, a number of items). */
  readonly status: ReactNode;
  readonly onClose: () => void;
  readonly children: ReactNode;
}

export function WorkflowDialog({ title, status, onClose, children }: Props): ReactElement {
  const { t } = useTranslation();
  const dialogRef = useModalDialog({ restoreFocus: true });
  const titleId = useId();
  return (
    <dialog ref={dialogRef} className="overview-dialog workflow-dialog" aria-labelledby={titleId} onCancel={onClose} onClose={onClose}>
      <div className="overview-head">
        <h2 id={titleId}>{title}</h2>
        <div className="overview-controls">
          {status}
          <button type="button" className="button" onClick={onClose}>
            {t('workflow.close')}
          </button>
        </div>
      </div>
      <div className="overview-body">{children}</div>
    </dialog>
  );
}
