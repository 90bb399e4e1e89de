/**
 * How far a running export or Word import has come: a native <progress>
 * named by what runs ("Förlopp för exporten"), whose value text says the
 * phase and the percentage, as a screen reader reads it, with the phase
 * beside it on screen. The outcome itself is said by the view's own live
 * region (role="status" or role="alert"), not here, so it is said once.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskProgress } from '../../shared/progress/task-progress.ts';

export function TaskProgressBar({ label, progress }: { readonly label: string; readonly progress: TaskProgress | null }): ReactElement {
  const { t } = useTranslation();
  const percent = Math.round((progress?.fraction ?? 0) * 100);
  const phase = progress === null ? t('taskProgress.starting') : t(`taskProgress.phases.${progress.phase}`);
  return (
    <span className="task-progress">
      <progress max={100} value={percent} aria-label={label} aria-valuetext={t('taskProgress.valueText', { phase, percent })} />
      <span className="task-progress-phase">{phase}</span>
    </span>
  );
}
