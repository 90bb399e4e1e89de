/**
 * The workflow's live view of an open plan, for the header count, the
 * overview, the to-do list and the readiness check.
 *
 * What they show depends on every chapter's threads, suggestions and text,
 * so they are recomputed when any doc of the plan changes — but at most
 * once per `SETTLE_MS`, not per keystroke: a count that lags typing by a
 * moment is fine, a table rebuilt at every key is not.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { ChapterHandle, PlanSession } from '../plan/plan-session.ts';
import { readStatusHistory, type StatusHistoryEntry } from '../../shared/workflow/status-history.ts';
import { readPlanDetails, readSubmissionMark, type PlanDetails, type SubmissionMark } from '../../shared/workflow/plan-details.ts';

const SETTLE_MS = 300;

/** A number that changes (at most every SETTLE_MS) whenever the manifest or a chapter doc changes. */
export function usePlanRevision(session: PlanSession, handles: readonly ChapterHandle[]): number {
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const changed = (): void => {
      timer ??= setTimeout(() => {
        timer = null;
        setRevision((r) => r + 1);
      }, SETTLE_MS);
    };
    const docs: Y.Doc[] = [session.manifestDoc, ...handles.map((h) => h.doc)];
    docs.forEach((doc) => doc.on('update', changed));
    return () => {
      docs.forEach((doc) => doc.off('update', changed));
      if (timer !== null) clearTimeout(timer);
    };
  }, [session, handles]);
  return revision;
}

export interface ManifestWorkflow {
  readonly history: readonly StatusHistoryEntry[];
  readonly details: PlanDetails;
  readonly submission: SubmissionMark | null;
}

/** The status history, the details and the submission mark, live from the manifest. */
export function useManifestWorkflow(session: PlanSession): ManifestWorkflow {
  const manifest = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.manifest,
  );
  return useMemo(
    () => ({ history: readStatusHistory(session.manifestDoc), details: readPlanDetails(session.manifestDoc), submission: readSubmissionMark(session.manifestDoc) }),
    // A new manifest object is read on every manifest update.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [session, manifest],
  );
}

/** Chapter docs by id, as the shared readiness functions take them. */
export function chapterDocs(handles: readonly ChapterHandle[]): Map<string, Y.Doc> {
  return new Map(handles.filter((h) => h.problem === null).map((h) => [h.id, h.doc] as const));
}

/** Today's date (YYYY-MM-DD) in the user's time zone, for days left to the deadline. */
export function today(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
