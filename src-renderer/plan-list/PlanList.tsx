/**
 * The start screen: plans stored on this computer, "Ny plan" and "Öppna
 * exempelplanen".
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../../shared/host-api/host-api.ts';
import { AppHeader } from '../app/AppHeader.tsx';
import { useHost } from '../app/host-context.ts';
import { hostErrorText } from '../host/host-error-text.ts';
import { JoinPlanDialog } from './JoinPlanDialog.tsx';

interface Props {
  readonly onOpen: (planId: string) => void;
}

export function PlanList({ onOpen }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const host = useHost();
  const [plans, setPlans] = useState<readonly PlanSummary[] | null>(null);
  // A failed host call, explained in words when shown (so a language switch re-explains it).
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [joining, setJoining] = useState(false);
  const [title, setTitle] = useState('');
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    host.listPlans().then(setPlans, (e: unknown) => setError(e));
    headingRef.current?.focus();
  }, [host]);

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault();
    try {
      const plan = await host.createPlan({ title: title.trim() || t('plans.newPlanDefault') });
      onOpen(plan.id);
    } catch (e) {
      setError(e);
    }
  }

  async function openSample(): Promise<void> {
    try {
      onOpen((await host.openSamplePlan()).id);
    } catch (e) {
      setError(e);
    }
  }

  const dateFormat = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="plan-list-view">
      <AppHeader />
      <main className="plan-list" id="main">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('plans.heading')}
        </h1>
        <p className="lead">{t('plans.intro')}</p>
        <div className="plan-actions">
          <button type="button" className="button button--primary" onClick={() => setCreating(true)} aria-expanded={creating}>
            {t('plans.newPlan')}
          </button>
          <button type="button" className="button" onClick={() => void openSample()}>
            {t('plans.openSample')}
          </button>
          <button type="button" className="button" onClick={() => setJoining(true)}>
            {t('sync.join.button')}
          </button>
        </div>
        {joining && <JoinPlanDialog onClose={() => setJoining(false)} onJoined={(planId) => onOpen(planId)} />}
        {creating && (
          <form className="new-plan-form" onSubmit={(e) => void create(e)}>
            <label htmlFor={titleId}>{t('plans.newPlanTitle')}</label>
            <input id={titleId} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus maxLength={300} />
            <button type="submit" className="button button--primary">
              {t('plans.create')}
            </button>
            <button type="button" className="button" onClick={() => setCreating(false)}>
              {t('plans.cancel')}
            </button>
          </form>
        )}
        {error !== null && (
          <p className="notice notice--error" role="alert">
            {hostErrorText(t, error)}
          </p>
        )}
        {plans === null ? (
          <p>{t('app.loading')}</p>
        ) : plans.length === 0 ? (
          <p>{t('plans.empty')}</p>
        ) : (
          <ul className="plan-cards">
            {plans.map((plan) =>
              plan.problem !== null ? (
                <li key={plan.id} className="plan-card plan-card--problem">
                  <span className="plan-card-title">{plan.title || t('plans.untitled')}</span>
                  <span className="plan-card-meta">{t('plans.unreadable', { problem: plan.problem })}</span>
                  <span className="plan-card-meta mono">{plan.id}</span>
                </li>
              ) : (
                <li key={plan.id} className="plan-card">
                  {/* No aria-label: the name is the card's visible text, so a voice-control
                      user can say what they see (WCAG 2.5.3, Label in Name). */}
                  <button type="button" className={plan.isSample ? 'plan-card-button plan-card-button--sample' : 'plan-card-button'} onClick={() => onOpen(plan.id)}>
                    {/* The sample has the real plan's title, so a member who joined that
                        plan sees two cards of the same name (issue 10): "Exempelplan"
                        comes first, in the name a screen reader reads, and a line says
                        what the sample is. */}
                    <span className="plan-card-title">
                      {plan.isSample && <><span className="tag tag--sample">{t('plans.sample')}</span> </>}
                      {plan.title || t('plans.untitled')}
                    </span>
                    {plan.isSample && <span className="plan-card-note">{t('plans.sampleNote')}</span>}
                    <span className="plan-card-meta">
                      {t('plans.chapters', { count: plan.chapterCount })}
                      {plan.updatedAt && <> · {t('plans.updated', { date: dateFormat.format(new Date(plan.updatedAt)) })}</>}
                      {plan.server && <span className="tag tag--shared">{t('sync.sharedVia', { server: hostOf(plan.server.serverUrl) })}</span>}
                    </span>
                  </button>
                </li>
              ),
            )}
          </ul>
        )}
      </main>
    </div>
  );
}

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host;
  } catch {
    return serverUrl;
  }
}
