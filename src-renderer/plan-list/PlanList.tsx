/**
 * The start screen: plans stored on this computer, "Ny plan" and "Öppna
 * exempelplanen", and "Ta bort" on each plan (DeletePlanDialog).
 *
 * With no plan at all (a first start, or after the last one was deleted) it
 * welcomes instead: "Gå med i en plan" for someone who came with an
 * invitation code, "Öppna exempelplanen" for someone who wants to try. The
 * sample is never opened by itself (issue 10: a joiner's first start opened
 * it, and their list then held two plans of the same title).
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../../shared/host-api/host-api.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { AppHeader } from '../app/AppHeader.tsx';
import { useHost } from '../app/host-context.ts';
import { hostErrorText } from '../host/host-error-text.ts';
import { DeletePlanDialog } from './DeletePlanDialog.tsx';
import { JoinPlanDialog } from './JoinPlanDialog.tsx';
import { OpenPlanFileDialog } from '../exchange/OpenPlanFileDialog.tsx';

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
  const [openingFile, setOpeningFile] = useState(false);
  const [deleting, setDeleting] = useState<PlanSummary | null>(null);
  const announce = useAnnounce();
  const [title, setTitle] = useState('');
  const titleId = useId();
  const welcomeId = useId();
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

  async function deleted(plan: PlanSummary): Promise<void> {
    // The card and its button go with the dialog, in one synchronous render:
    // focus can then go to the list's heading (while the modal dialog is on
    // the page, everything else is inert), and the announcement says what
    // happened there.
    flushSync(() => {
      setDeleting(null);
      setPlans((current) => current?.filter((p) => p.id !== plan.id) ?? null);
    });
    headingRef.current?.focus();
    announce(t('plans.delete.done', { title: plan.title || t('plans.untitled') }));
    try {
      setPlans(await host.listPlans());
    } catch (e) {
      setError(e);
    }
  }

  const welcome = plans !== null && plans.length === 0;
  const dateFormat = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="plan-list-view">
      <AppHeader />
      <main className="plan-list" id="main">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('plans.heading')}
        </h1>
        <p className="lead">{t('plans.intro')}</p>
        {welcome && (
          <section className="welcome" aria-labelledby={welcomeId}>
            <h2 id={welcomeId}>{t('plans.welcome.title')}</h2>
            <p>{t('plans.welcome.text')}</p>
            <div className="plan-actions">
              <button type="button" className="button button--primary" onClick={() => setJoining(true)}>
                {t('plans.welcome.join')}
              </button>
              <button type="button" className="button" onClick={() => void openSample()}>
                {t('plans.openSample')}
              </button>
            </div>
          </section>
        )}
        <div className="plan-actions">
          <button type="button" className={welcome ? 'button' : 'button button--primary'} onClick={() => setCreating(true)} aria-expanded={creating}>
            {t('plans.newPlan')}
          </button>
          {!welcome && (
            <>
              <button type="button" className="button" onClick={() => void openSample()}>
                {t('plans.openSample')}
              </button>
              <button type="button" className="button" onClick={() => setJoining(true)}>
                {t('sync.join.button')}
              </button>
            </>
          )}
          <button type="button" className="button" onClick={() => setOpeningFile(true)}>
            {t('exchange.openPlan.button')}
          </button>
        </div>
        {deleting !== null && (
          <DeletePlanDialog
            plan={deleting}
            serverHost={deleting.server && hostOf(deleting.server.serverUrl)}
            onClose={() => setDeleting(null)}
            onDeleted={() => void deleted(deleting)}
          />
        )}
        {openingFile && <OpenPlanFileDialog onClose={() => setOpeningFile(false)} onOpened={(planId) => onOpen(planId)} />}
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
        ) : plans.length === 0 ? null : (
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
                  {/* The visible "Ta bort" begins the name, and the card's name ends
                      it, "Exempelplan" included, so each of the list's buttons says
                      which plan it deletes, also beside a shared plan of the same title. */}
                  <button
                    type="button"
                    className="button plan-card-delete"
                    aria-label={t('plans.delete.buttonLabel', { title: `${plan.isSample ? `${t('plans.sample')} ` : ''}${plan.title || t('plans.untitled')}` })}
                    onClick={() => setDeleting(plan)}
                  >
                    {t('plans.delete.button')}
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
