/**
 * "↑ / ↓": previous and next, as two small icon buttons with their names
 * (and shortcuts, where there are some) for screen readers and as tooltips.
 * The comment sidebar and the suggestion panel move through their cards
 * with them.
 */
import type { ReactElement } from 'react';

interface Step {
  readonly label: string;
  /** The shortcut as shown ("Alt+PageDown") and as aria-keyshortcuts wants it. */
  readonly keys?: { readonly shown: string; readonly aria: string };
  readonly onClick: () => void;
}

export function PreviousNext({ previous, next }: { readonly previous: Step; readonly next: Step }): ReactElement {
  return (
    <span className="comments-nav">
      <StepButton step={previous} arrow="↑" />
      <StepButton step={next} arrow="↓" />
    </span>
  );
}

function StepButton({ step, arrow }: { readonly step: Step; readonly arrow: string }): ReactElement {
  return (
    <button
      type="button"
      className="button button--small button--icon"
      aria-label={step.label}
      title={step.keys ? `${step.label} (${step.keys.shown})` : step.label}
      aria-keyshortcuts={step.keys?.aria}
      onClick={step.onClick}
    >
      <span aria-hidden="true">{arrow}</span>
    </button>
  );
}
