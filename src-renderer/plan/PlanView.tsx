/**
 * An open plan: the outline on the left, the chapter editor in the centre and
 * the status bar below. Landmarks (banner, navigation, main, contentinfo) let
 * screen-reader users jump between them.
 */
import { useEffect, useId, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCIES, AGENCY_CODES, type AgencyCode } from '../../shared/agencies/agencies.ts';
import type { Language } from '../../shared/host-api/host-api.ts';
import { ChapterEditor } from '../editor/ChapterEditor.tsx';
import { Outline } from '../outline/Outline.tsx';
import { StatusBar } from '../status/StatusBar.tsx';
import { AppHeader } from '../app/AppHeader.tsx';
import type { PlanSession } from './plan-session.ts';

interface Props {
  readonly session: PlanSession;
  readonly onBack: () => void;
}

export function PlanView({ session, onBack }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const manifest = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.manifest,
  );
  const [currentId, setCurrentId] = useState<string | null>(manifest.chapters[0]?.id ?? null);
  const planAccess = session.planAccess();
  const canEdit = planAccess.kind === 'editable';
  const current = manifest.chapters.find((c) => c.id === currentId) ?? manifest.chapters[0] ?? null;
  const chapter = current ? session.chapter(current.id) : undefined;
  const titleId = useId();
  const ownerId = useId();
  const planTitleId = useId();
  const language = i18n.language as Language;

  useEffect(() => {
    // Warn before closing the window while changes are still on their way to disk.
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      if (session.saveState.kind !== 'saved') event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [session]);

  return (
    <div className="plan-view">
      <AppHeader>
        <button type="button" className="button" onClick={onBack}>
          ← {t('plan.backToPlans')}
        </button>
        <label className="visually-hidden" htmlFor={planTitleId}>
          {t('plan.title')}
        </label>
        <input
          id={planTitleId}
          className="plan-title-input"
          value={manifest.title}
          readOnly={!canEdit}
          onChange={(e) => session.setPlanTitle(e.target.value)}
        />
      </AppHeader>

      {planAccess.kind === 'read-only-newer-schema' && (
        <p className="notice notice--warning" role="note">
          {t('plan.readOnlyNewer', { docVersion: planAccess.docVersion ?? '?', appVersion: planAccess.appVersion })}
        </p>
      )}

      <div className="plan-body">
        <Outline
          chapters={manifest.chapters}
          currentId={current?.id ?? null}
          canEdit={canEdit}
          onSelect={setCurrentId}
          onAddChapter={() => setCurrentId(session.addChapter(t('outline.newChapterTitle'), null))}
        />
        <main className="chapter-pane" id="main">
          {current && chapter ? (
            <>
              <div className="chapter-header">
                <label className="visually-hidden" htmlFor={titleId}>
                  {t('chapter.title')}
                </label>
                <input
                  id={titleId}
                  className="chapter-title-input"
                  value={current.title}
                  readOnly={!canEdit}
                  onChange={(e) => session.updateChapter(current.id, { title: e.target.value })}
                />
                <label className="chapter-owner">
                  <span>{t('chapter.owner')}</span>
                  <select
                    id={ownerId}
                    value={current.owner ?? ''}
                    disabled={!canEdit}
                    onChange={(e) =>
                      session.updateChapter(current.id, {
                        owner: (AGENCY_CODES as readonly string[]).includes(e.target.value) ? (e.target.value as AgencyCode) : null,
                      })
                    }
                  >
                    <option value="">{t('chapter.noOwner')}</option>
                    {AGENCIES.map((agency) => (
                      <option key={agency.code} value={agency.code}>
                        {language === 'en' ? agency.nameEn : agency.nameSv}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <ChapterEditor key={current.id} chapter={chapter} title={current.title} planEditable={canEdit} />
            </>
          ) : (
            <p className="empty-state">{t('chapter.noChapter')}</p>
          )}
        </main>
      </div>
      <StatusBar session={session} />
    </div>
  );
}
