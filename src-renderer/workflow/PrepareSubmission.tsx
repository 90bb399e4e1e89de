/**
 * "Förbered inlämning" and "Lämna in": the plan's details, everything that
 * still stands in the way (shared/workflow/blockers.ts), each a button to
 * the place to fix it, and the submission itself.
 *
 * Only the coordinator edits the details and submits; everyone may look.
 * "Lämna in" first waits until every change is saved on this computer,
 * then asks the host to store the edition, which checks the role and the
 * blockers again on what is stored; the manifest then records who
 * submitted it and when, so every member sees it.
 *
 * About other members' unsynced changes the view says honestly what it
 * cannot know: a computer that is offline has told the server nothing.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCIES, type AgencyCode } from '../../shared/agencies/agencies.ts';
import type { SubmittedEdition } from '../../shared/host-api/host-api.ts';
import type { Member } from '../../shared/plan/member.ts';
import { maySubmit, type Blocker } from '../../shared/workflow/blockers.ts';
import { writePlanDetails, writeSubmissionMark, type DetailsError, type DetailsInput, type PlanDetails, type SubmissionMark } from '../../shared/workflow/plan-details.ts';
import { ALL_SYNCED, planBlockers, type UnsyncedHere } from '../../shared/workflow/readiness.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { useHost } from '../app/host-context.ts';
import { WorkflowDialog } from './WorkflowDialog.tsx';
import { agencyName, formatTime } from '../comments/comment-words.ts';
import { hostErrorText } from '../host/host-error-text.ts';
import type { ChapterHandle, PlanSession } from '../plan/plan-session.ts';
import type { Presence } from '../sync/presence.ts';
import type { SyncStatus } from '../sync/sync-status.ts';
import { chapterDocs } from './plan-workflow.ts';
import { placeOfBlocker, type WorkflowPlace } from './workflow-place.ts';

interface Props {
  readonly session: PlanSession;
  readonly handles: readonly ChapterHandle[];
  readonly details: PlanDetails;
  readonly submission: SubmissionMark | null;
  readonly revision: number;
  /** Null for a plan only on this computer. */
  readonly syncStatus: SyncStatus | null;
  readonly presence: readonly Presence[];
  /** Who acts; null: no profile yet. */
  readonly member: Member | null;
  readonly canEditDetails: boolean;
  readonly onGo: (place: WorkflowPlace) => void;
  readonly onClose: () => void;
}

type FieldKey = 'recipient' | 'referenceNumber' | 'decisionDate' | 'deadline' | `contact.${AgencyCode}`;

export function PrepareSubmission({ session, handles, details, submission, revision, syncStatus, presence, member, canEditDetails, onGo, onClose }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const host = useHost();
  const announce = useAnnounce();
  const formId = useId();
  const fieldRefs = useRef(new Map<FieldKey, HTMLInputElement>());
  const [form, setForm] = useState<DetailsInput>(() => detailsForm(details));
  const [errors, setErrors] = useState<readonly DetailsError[]>([]);
  const [editions, setEditions] = useState<readonly SubmittedEdition[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const unsynced = useMemo(() => unsyncedOf(syncStatus), [syncStatus]);
  const blockers = useMemo(
    () => planBlockers(session.manifestDoc, chapterDocs(handles), unsynced),
    // `revision` stands for the docs' content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [session, handles, unsynced, revision],
  );
  const titleOf = (chapterId: string | null): string => (chapterId === null ? '—' : session.manifest.chapters.find((c) => c.id === chapterId)?.title || '—');
  const canSubmit = member !== null && maySubmit(member, blockers) && !busy;

  useEffect(() => {
    let live = true;
    host
      .listSubmissions({ planId: session.planId })
      .then((list) => live && setEditions(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [host, session.planId, submission]);

  function fieldLabel(field: string): string {
    return field === 'contact' ? t('workflow.details.contactAny') : t(`workflow.details.${field}`);
  }

  function describe(blocker: Blocker): string {
    switch (blocker.kind) {
      case 'not-approved':
        return t('workflow.blockers.not-approved', { title: titleOf(blocker.chapterId), status: t(`workflow.status.${blocker.status}`) });
      case 'changed-after-approval':
      case 'open-suggestion':
        return t(`workflow.blockers.${blocker.kind}`, { title: titleOf(blocker.chapterId) });
      case 'open-thread':
      case 'detached-thread':
        return t(`workflow.blockers.${blocker.kind}`, { title: titleOf(blocker.chapterId), quote: blocker.quote });
      case 'unsynced-here':
        return blocker.chapterId === null ? t('workflow.blockers.unsynced-plan') : t('workflow.blockers.unsynced-here', { title: titleOf(blocker.chapterId) });
      case 'placeholder':
        return t('workflow.blockers.placeholder', { title: titleOf(blocker.chapterId), text: blocker.text });
      case 'detail-placeholder':
        return t('workflow.blockers.detail-placeholder', { field: fieldLabel(blocker.field), text: blocker.text });
      case 'detail-missing':
        return t('workflow.blockers.detail-missing', { field: fieldLabel(blocker.field) });
    }
  }

  function go(blocker: Blocker): void {
    const place = placeOfBlocker(blocker);
    if (place !== null) {
      onGo(place);
      return;
    }
    if (blocker.kind === 'detail-missing' || blocker.kind === 'detail-placeholder') {
      const key: FieldKey =
        blocker.field === 'contact' ? (`contact.${AGENCIES.find((a) => (form.contacts?.[a.code] ?? '').includes(blocker.text))?.code ?? 'af'}` as FieldKey) : blocker.field;
      const input = fieldRefs.current.get(key);
      input?.focus();
      input?.select();
    }
  }

  function saveDetails(event: FormEvent): void {
    event.preventDefault();
    const found = writePlanDetails(session.manifestDoc, form);
    setErrors(found);
    if (found.length === 0) announce(t('workflow.details.saved'));
    else fieldRefs.current.get(found[0]!.field as FieldKey)?.focus();
  }

  async function submit(): Promise<void> {
    if (member === null) return;
    setBusy(true);
    setProblem(null);
    try {
      await session.whenSaved();
      const edition = await host.submitPlan({ planId: session.planId, by: { memberId: member.memberId, name: member.name, agency: member.agency } });
      writeSubmissionMark(session.manifestDoc, { submissionId: edition.id, submittedAt: edition.submittedAt, submittedBy: edition.submittedBy });
      announce(t('workflow.submit.done', { time: formatTime(edition.submittedAt, language), name: edition.submittedBy.name }));
    } catch (error) {
      setProblem(hostErrorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  const others = presence.map((p) => `${p.member.name} (${agencyName(p.member.agency, language)})`);
  const input = (key: FieldKey, label: string, value: string, onChange: (value: string) => void, type: 'text' | 'date' = 'text'): ReactElement => {
    const error = errors.find((e) => e.field === key);
    const errorId = `${formId}-${key}-error`;
    return (
      <div className="details-field" key={key}>
        <label htmlFor={`${formId}-${key}`}>{label}</label>
        <input
          id={`${formId}-${key}`}
          ref={(element) => {
            if (element) fieldRefs.current.set(key, element);
            else fieldRefs.current.delete(key);
          }}
          type={type}
          value={value}
          readOnly={!canEditDetails}
          aria-invalid={error !== undefined}
          aria-describedby={error !== undefined ? errorId : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {error !== undefined && (
          <p id={errorId} className="field-error">
            {t(`workflow.details.errors.${error.problem}`, { field: label })}
          </p>
        )}
      </div>
    );
  };

  return (
    <WorkflowDialog
      title={t('workflow.prepare.title')}
      status={
        <p className="comments-count" role="status">
          {blockers.length === 0 ? t('workflow.prepare.none') : t('workflow.prepare.count', { count: blockers.length })}
        </p>
      }
      onClose={onClose}
    >
      {submission !== null && (
        <p className="notice notice--info" role="note">
          {t('workflow.submit.submitted', { time: formatTime(submission.submittedAt, language), name: submission.submittedBy.name })}
        </p>
      )}
      <section aria-labelledby={`${formId}-submit`} className="submit-section">
        <h3 id={`${formId}-submit`}>{t('workflow.submit.heading')}</h3>
        {member?.role !== 'coordinator' && <p className="workflow-note">{t('workflow.submit.onlyCoordinator')}</p>}
        {member?.role === 'coordinator' && blockers.length > 0 && <p className="workflow-note">{t('workflow.submit.notYet')}</p>}
        {member?.role === 'coordinator' && (
          <button type="button" className="button button--primary" disabled={!canSubmit} onClick={() => void submit()}>
            {busy ? t('workflow.submit.busy') : t('workflow.submit.button')}
          </button>
        )}
        {problem !== null && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        {editions.length > 0 && (
          <ul className="editions">
            {editions.map((edition) => (
              <li key={edition.id}>
                {t('workflow.submit.edition', {
                  time: formatTime(edition.submittedAt, language),
                  name: edition.submittedBy.name,
                  count: edition.docCount,
                  hash: edition.sha256.slice(0, 12),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby={`${formId}-blockers`}>
        <h3 id={`${formId}-blockers`}>{t('workflow.prepare.blockersHeading')}</h3>
        {blockers.length === 0 ? (
          <p className="comments-empty">{t('workflow.prepare.empty')}</p>
        ) : (
          <ul className="overview-list blocker-list">
            {blockers.map((blocker, index) => (
              <li key={`${blocker.kind}-${index}`} className="overview-item">
                <p className="overview-item-text">{describe(blocker)}</p>
                <div className="overview-actions">
                  <button type="button" className="button button--small" aria-label={t('workflow.showLabel', { what: describe(blocker) })} onClick={() => go(blocker)}>
                    {t('workflow.show')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
        {syncStatus !== null && (
          <p className="workflow-note">{others.length === 0 ? t('workflow.prepare.othersNone') : t('workflow.prepare.others', { names: others.join(', ') })}</p>
        )}
      </section>
      <section aria-labelledby={`${formId}-details`}>
        <h3 id={`${formId}-details`}>{t('workflow.details.heading')}</h3>
        <form className="details-form" onSubmit={saveDetails} noValidate>
          {input('recipient', t('workflow.details.recipient'), form.recipient ?? '', (v) => setForm({ ...form, recipient: v }))}
          {input('referenceNumber', t('workflow.details.referenceNumber'), form.referenceNumber ?? '', (v) => setForm({ ...form, referenceNumber: v }))}
          {input('decisionDate', t('workflow.details.decisionDate'), form.decisionDate ?? '', (v) => setForm({ ...form, decisionDate: v }), 'date')}
          {input('deadline', t('workflow.details.deadline'), form.deadline ?? '', (v) => setForm({ ...form, deadline: v }), 'date')}
          <fieldset className="details-contacts">
            <legend>{t('workflow.details.contacts')}</legend>
            {AGENCIES.map((agency) =>
              input(`contact.${agency.code}`, t('workflow.details.contact', { agency: agencyName(agency.code, language) }), form.contacts?.[agency.code] ?? '', (v) =>
                setForm({ ...form, contacts: { ...form.contacts, [agency.code]: v } }),
              ),
            )}
          </fieldset>
          {canEditDetails && (
            <button type="submit" className="button">
              {t('workflow.details.save')}
            </button>
          )}
        </form>
      </section>
    </WorkflowDialog>
  );
}

function detailsForm(details: PlanDetails): DetailsInput {
  return { recipient: details.recipient, referenceNumber: details.referenceNumber, decisionDate: details.decisionDate ?? '', deadline: details.deadline ?? '', contacts: { ...details.contacts } };
}

/** This computer's changes the server does not hold, from the sync state; nothing for a plan without a server. */
function unsyncedOf(status: SyncStatus | null): UnsyncedHere {
  if (status === null) return ALL_SYNCED;
  let inChapters: number | null = 0;
  for (const n of status.chapters.values()) inChapters = inChapters === null || n === null ? null : inChapters + n;
  const manifest = status.pending === null || inChapters === null ? null : status.pending - inChapters;
  return { manifest, chapters: status.chapters };
}
