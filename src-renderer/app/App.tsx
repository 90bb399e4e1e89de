/**
 * The app's top level: picks the screen (database problem, plan list, open
 * plan) and owns the open PlanSession.
 *
 * On start it reopens the plan that was open last time. On the very first
 * start, with nothing stored yet, it shows the plan list's welcome ("Gå med i
 * en plan", "Öppna exempelplanen"): most first starts are someone joining
 * with an invitation code, and opening the sample for them by itself left
 * them with a second plan of the same title (issue 10).
 */
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi, StoreStatus } from '../../shared/host-api/host-api.ts';
import { PlanList } from '../plan-list/PlanList.tsx';
import { PlanSession } from '../plan/plan-session.ts';
import { PlanView } from '../plan/PlanView.tsx';
import { MemberOverride, memberOfServer } from '../profile/profile-context.tsx';
import { hostErrorText } from '../host/host-error-text.ts';
import { HostContext } from './host-context.ts';
import { StoreProblem } from './StoreProblem.tsx';
import { AnnouncerProvider } from './announcer.tsx';
import { ProfileProvider } from '../profile/profile-context.tsx';

type Screen =
  | { readonly kind: 'loading' }
  | { readonly kind: 'store-problem'; readonly status: Exclude<StoreStatus, { state: 'ok' }> }
  | { readonly kind: 'plans' }
  | { readonly kind: 'plan'; readonly session: PlanSession }
  | { readonly kind: 'error'; readonly error: unknown; readonly planLoadFailed?: boolean };

export function App({ host }: { readonly host: HostApi }): ReactElement {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  // The open session, kept outside the state so that replacing it destroys
  // the old one exactly once: a state updater must be pure (StrictMode runs
  // it twice), so it cannot be where the old session is destroyed.
  const openSession = useRef<PlanSession | null>(null);

  const openPlan = useCallback(
    async (planId: string) => {
      try {
        const session = await PlanSession.open(host, planId);
        openSession.current?.destroy();
        openSession.current = session;
        setScreen({ kind: 'plan', session });
        await host.setPreferences({ lastPlanId: planId });
      } catch (error) {
        setScreen({ kind: 'error', error, planLoadFailed: true });
      }
    },
    // Only `host`: the message is translated when shown. With `t` here, every
    // language change made a new `start`, re-ran the start-up effect and
    // reopened the plan, which lost the undo history and could undo a
    // just-clicked "Alla planer".
    [host],
  );

  const start = useCallback(async () => {
    const status = await host.getStoreStatus();
    if (status.state !== 'ok') {
      setScreen({ kind: 'store-problem', status });
      return;
    }
    const [preferences, plans] = await Promise.all([host.getPreferences(), host.listPlans()]);
    if (preferences.lastPlanId !== null && plans.some((p) => p.id === preferences.lastPlanId)) {
      await openPlan(preferences.lastPlanId);
    } else {
      setScreen({ kind: 'plans' });
    }
  }, [host, openPlan]);

  useEffect(() => {
    start().catch((error: unknown) => setScreen({ kind: 'error', error }));
  }, [start]);

  async function reopen(session: PlanSession): Promise<void> {
    // The new session loads from disk: everything must be there first.
    await session.whenSaved();
    await openPlan(session.planId);
  }

  async function backToPlans(session: PlanSession): Promise<void> {
    // Leave only after every change has reached the disk.
    await session.whenSaved();
    session.destroy();
    if (openSession.current === session) openSession.current = null;
    await host.setPreferences({ lastPlanId: null });
    setScreen({ kind: 'plans' });
  }

  return (
    <HostContext.Provider value={host}>
      <AnnouncerProvider>
      <ProfileProvider>
      <a className="skip-link" href="#main">
        {t('app.skipToEditor')}
      </a>
      {screen.kind === 'loading' && <p className="loading">{t('app.loading')}</p>}
      {screen.kind === 'store-problem' && <StoreProblem status={screen.status} onResolved={() => void start()} />}
      {screen.kind === 'plans' && <PlanList onOpen={(id) => void openPlan(id)} />}
      {screen.kind === 'plan' && (
        <MemberOverride member={memberOfServer(screen.session.sync?.member ?? screen.session.server?.member)}>
          <PlanView
            key={screen.session.openId}
            session={screen.session}
            onBack={() => void backToPlans(screen.session)}
            onReopen={() => void reopen(screen.session)}
          />
        </MemberOverride>
      )}
      {screen.kind === 'error' && (
        <main id="main" className="plan-list">
          <p className="notice notice--error" role="alert">
            {screen.planLoadFailed ? t('plan.loadFailed', { reason: hostErrorText(t, screen.error) }) : hostErrorText(t, screen.error)}
          </p>
          {/* For support: the technical detail, labelled as such, below the sentence. */}
          <p className="mono">{t('store.detail', { detail: screen.error instanceof Error ? screen.error.message : String(screen.error) })}</p>
          <button type="button" className="button" onClick={() => setScreen({ kind: 'plans' })}>
            {t('plan.backToPlans')}
          </button>
        </main>
      )}
      </ProfileProvider>
      </AnnouncerProvider>
    </HostContext.Provider>
  );
}
