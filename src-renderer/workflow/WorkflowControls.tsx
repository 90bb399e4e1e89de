/**
 * The workflow's part of the plan's top bar: "Översikt", "Att göra (N)" for
 * the member's agency, "Förbered inlämning", and the dialogs they open. Also
 * runs the writer's side of approve ∥ edit (late-edits.ts) for as long as
 * the plan is open.
 */
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../shared/plan/member.ts';
import { todoChapters } from '../../shared/workflow/readiness.ts';
import { todoFor } from '../../shared/workflow/todo.ts';
import { useAnnounce } from '../app/announcer.tsx';
import type { ChapterHandle, PlanSession } from '../plan/plan-session.ts';
import type { Presence } from '../sync/presence.ts';
import type { SyncStatus } from '../sync/sync-status.ts';
import { LateEditWatcher } from './late-edits.ts';
import { chapterDocs, useManifestWorkflow, usePlanRevision } from './plan-workflow.ts';
import { PrepareSubmission } from './PrepareSubmission.tsx';
import { TodoDialog } from './TodoDialog.tsx';
import { WorkflowOverview } from './WorkflowOverview.tsx';
import type { WorkflowPlace } from './workflow-place.ts';

interface Props {
  readonly session: PlanSession;
  readonly handles: readonly ChapterHandle[];
  /** Who acts: the server's member on a shared plan, the local profile otherwise. */
  readonly member: Member | null;
  readonly canEditPlan: boolean;
  readonly syncStatus: SyncStatus | null;
  readonly presence: readonly Presence[];
  readonly onGo: (place: WorkflowPlace) => void;
}

type Open = 'overview' | 'todo' | 'prepare' | null;

export function WorkflowControls({ session, handles, member, canEditPlan, syncStatus, presence, onGo }: Props): ReactElement {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [open, setOpen] = useState<Open>(null);
  const revision = usePlanRevision(session, handles);
  const workflow = useManifestWorkflow(session);
  const handleMap = useMemo(() => new Map(handles.map((h) => [h.id, h] as const)), [handles]);
  const todo = useMemo(
    () => (member === null ? [] : todoFor(member.agency, todoChapters(session.manifestDoc, chapterDocs(handles)), workflow.history)),
    // `revision` stands for the chapter docs' content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [member, session, handles, workflow.history, revision],
  );

  // The member can change while the plan is open (the profile is saved); the watcher asks for the current one.
  const memberRef = useRef(member);
  memberRef.current = member;
  useEffect(() => {
    const watcher = new LateEditWatcher(
      session,
      () => memberRef.current,
      (chapterId) => announce(t('workflow.announce.lateEdit', { title: session.manifest.chapters.find((c) => c.id === chapterId)?.title || '—' })),
    );
    return () => watcher.destroy();
  }, [session, announce, t]);

  function go(place: WorkflowPlace): void {
    setOpen(null);
    onGo(place);
  }

  return (
    <>
      <button type="button" className="button" onClick={() => setOpen('overview')}>
        {t('workflow.overview.button')}
      </button>
      {member !== null && (
        <button type="button" className="button" onClick={() => setOpen('todo')}>
          {t('workflow.todo.button', { count: todo.length })}
        </button>
      )}
      <button type="button" className="button" onClick={() => setOpen('prepare')}>
        {t('workflow.prepare.button')}
      </button>
      {open === 'overview' && (
        <WorkflowOverview
          chapters={session.manifest.chapters}
          handles={handleMap}
          history={workflow.history}
          deadline={workflow.details.deadline}
          revision={revision}
          onOpenChapter={(chapterId) => go({ kind: 'chapter', chapterId })}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'todo' && member !== null && (
        <TodoDialog agency={member.agency} items={todo} chapters={session.manifest.chapters} onGo={go} onClose={() => setOpen(null)} />
      )}
      {open === 'prepare' && (
        <PrepareSubmission
          session={session}
          handles={handles}
          details={workflow.details}
          submission={workflow.submission}
          revision={revision}
          syncStatus={syncStatus}
          presence={presence}
          member={member}
          canEditDetails={canEditPlan && member?.role === 'coordinator'}
          onGo={go}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}
