/**
 * The chapter's status in its header, with the buttons the status machine
 * gives this member (shared/workflow/chapter-status.ts): "Klar för
 * granskning", "Godkänn", "Skicka tillbaka" (with a reason, which becomes a
 * comment thread) and "Öppna igen" (with an optional reason), and the
 * chapter's status history.
 *
 * The reason is asked in a small inline form, not a dialog: the chapter
 * stays in view while the coordinator writes why it goes back.
 */
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import type { Member } from '../../shared/plan/member.ts';
import { availableActions, changeStatus, StatusError, TRANSITIONS, type StatusAction } from '../../shared/workflow/chapter-status.ts';
import { approvalMark } from '../../shared/workflow/late-edit.ts';
import { sendBackChapter } from '../../shared/workflow/send-back.ts';
import { chapterHistory, MAX_REASON_LENGTH, type StatusHistoryEntry } from '../../shared/workflow/status-history.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { agencyName, formatTime } from '../comments/comment-words.ts';

interface Props {
  readonly entry: ChapterEntry;
  readonly manifestDoc: Y.Doc;
  readonly chapterDoc: Y.Doc;
  readonly history: readonly StatusHistoryEntry[];
  /** Who acts; null: read only (a reader, or no profile yet). */
  readonly member: Member | null;
  /**
   * On a plan only on this computer without a profile yet: asks who the user
   * is (the status buttons depend on the agency), then shows the buttons.
   */
  readonly onIdentify?: () => void;
}

type Asking = 'send-back' | 'reopen' | null;

export function ChapterStatus({ entry, manifestDoc, chapterDoc, history, member, onIdentify }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const [asking, setAsking] = useState<Asking>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();
  const errorId = useId();
  const actions = member === null ? [] : availableActions(member, entry);
  const own = chapterHistory(history, entry.id);

  function act(action: StatusAction, why?: string): void {
    if (member === null) return;
    const at = new Date().toISOString();
    try {
      if (action === 'send-back') {
        sendBackChapter(manifestDoc, chapterDoc, entry.id, member, { reason: why ?? '', at, threadId: crypto.randomUUID(), messageId: crypto.randomUUID() });
      } else {
        changeStatus(manifestDoc, entry.id, member, {
          action,
          at,
          ...(why !== undefined && why.trim() !== '' ? { reason: why } : {}),
          ...(action === 'approve' ? { approval: approvalMark(chapterDoc) } : {}),
        });
      }
      setAsking(null);
      setReason('');
      setError(null);
      announce(t('workflow.announce.changed', { title: entry.title || '—', status: t(`workflow.status.${TRANSITIONS[action].to}`) }));
    } catch (caught) {
      setError(caught instanceof StatusError ? t(`workflow.errors.${caught.code}`) : t('hostErrors.internal'));
    }
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (asking === null) return;
    if (asking === 'send-back' && reason.trim() === '') {
      setError(t('workflow.errors.reason-required'));
      return;
    }
    act(asking, reason);
  }

  return (
    <div className="chapter-status">
      <span className={`status-badge status-badge--${entry.status}`}>
        <span className="visually-hidden">{t('workflow.statusLabel')}: </span>
        {t(`workflow.status.${entry.status}`)}
      </span>
      {member === null && onIdentify !== undefined && (
        <button type="button" className="button button--small" onClick={onIdentify}>
          {t('workflow.identify')}
        </button>
      )}
      {asking === null &&
        actions.map((action) => (
          <button
            key={action}
            type="button"
            className={`button button--small${action === 'approve' ? ' button--primary' : ''}`}
            onClick={() => (action === 'send-back' || action === 'reopen' ? setAsking(action) : act(action))}
          >
            {t(`workflow.actions.${action}`)}
          </button>
        ))}
      {asking !== null && (
        <form className="status-reason" onSubmit={submit} noValidate>
          <label htmlFor={reasonId}>{asking === 'send-back' ? t('workflow.reason.sendBack') : t('workflow.reason.reopen')}</label>
          <textarea
            id={reasonId}
            value={reason}
            maxLength={MAX_REASON_LENGTH}
            rows={3}
            required={asking === 'send-back'}
            aria-invalid={error !== null}
            aria-describedby={error !== null ? errorId : undefined}
            autoFocus
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setAsking(null);
                setError(null);
              }
            }}
          />
          <div className="status-reason-buttons">
            <button type="submit" className="button button--small button--primary">
              {t(`workflow.actions.${asking}`)}
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                setAsking(null);
                setError(null);
              }}
            >
              {t('workflow.cancel')}
            </button>
          </div>
        </form>
      )}
      {error !== null && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      {own.length > 0 && (
        <details className="status-history">
          <summary>{t('workflow.history.heading', { count: own.length })}</summary>
          <ol>
            {own.map((item, index) => (
              <li key={`${item.at}-${index}`}>
                {t('workflow.history.entry', {
                  time: formatTime(item.at, i18n.language),
                  name: item.by.name,
                  agency: agencyName(item.by.agency, i18n.language),
                  from: t(`workflow.status.${item.from}`),
                  to: t(`workflow.status.${item.to}`),
                })}
                {item.kind === 'late-edit' && ` — ${t('workflow.history.lateEdit', { name: item.by.name })}`}
                {item.kind !== 'late-edit' && item.reason !== undefined && ` — ${t('workflow.history.reason', { reason: item.reason })}`}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}

