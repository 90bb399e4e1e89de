/**
 * One comment thread in the sidebar: the quoted text, the messages, a reply
 * field and the actions the permission rule allows (`may`, the one rule in
 * shared/comments/comment-permissions.ts).
 *
 * Memoised on its props: the ThreadStore keeps a thread's object while it is
 * unchanged, so typing or a reply in another thread renders no card. The
 * card never positions itself; ChapterComments moves it with a transform.
 */
import { memo, useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCIES, agencyByCode, isAgencyCode } from '../../shared/agencies/agencies.ts';
import { may } from '../../shared/comments/comment-permissions.ts';
import {
  assignThread,
  deleteMessage,
  editMessage,
  reopenThread,
  replyToThread,
  resolveThread,
  type CommentMessage,
  type CommentThread,
  type ThreadEvent,
} from '../../shared/comments/threads.ts';
import type * as Y from 'yjs';
import type { Member } from '../../shared/plan/member.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { AgencyBadge } from '../outline/AgencyBadge.tsx';
import type { ChapterComments } from './chapter-comments.ts';
import { agencyName, errorInWords, formatTime } from './comment-words.ts';

interface Props {
  readonly thread: CommentThread;
  readonly member: Member | null;
  /** False in a read-only chapter: threads are shown, never changed. */
  readonly canWrite: boolean;
  /** Whether the thread's text is still in the chapter. */
  readonly anchored: boolean;
  readonly comments: ChapterComments;
}

const QUOTE_IN_LABEL = 60;

export const ThreadCard = memo(function ThreadCard({ thread, member, canWrite, anchored, comments }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const language = i18n.language;
  const cardRef = useRef<HTMLElement>(null);
  const headingId = useId();
  const assignId = useId();
  const first = thread.messages[0];
  const quoteShort = thread.quote.length > QUOTE_IN_LABEL ? `${thread.quote.slice(0, QUOTE_IN_LABEL)}…` : thread.quote;

  useEffect(() => {
    const card = cardRef.current;
    const unobserve = card ? comments.observeCard(card) : undefined;
    return () => {
      unobserve?.();
      comments.highlighter.forgetCard(thread.id);
    };
  }, [comments, thread.id]);

  /** Runs an operation that needs a signed-in member; errors are said in words. */
  async function act(operation: (member: Member) => void, done: string): Promise<boolean> {
    const who = member ?? (await comments.requestMember());
    if (who === null) return false;
    try {
      operation(who);
      announce(done);
      return true;
    } catch (error) {
      announce(errorInWords(error, t));
      return false;
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>): void {
    if (event.defaultPrevented) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      comments.returnToText(thread.id);
    }
  }

  function onBlur(event: FocusEvent<HTMLElement>): void {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) comments.highlighter.set('card-focus', []);
  }

  const resolvedAgency = thread.resolution ? agencyName(thread.resolution.by.agency, language) : '';
  const maySee = member !== null && canWrite;

  return (
    <article
      ref={cardRef}
      className={`thread-card thread-card--${thread.state}${anchored ? '' : ' thread-card--detached'}`}
      data-thread-card={thread.id}
      data-layout-key={thread.id}
      data-state={thread.state}
      tabIndex={-1}
      aria-labelledby={headingId}
      onMouseEnter={() => comments.highlighter.set('card-hover', [thread.id])}
      onMouseLeave={() => comments.highlighter.set('card-hover', [])}
      onFocus={() => comments.highlighter.set('card-focus', [thread.id])}
      onBlur={onBlur}
      onKeyDown={onKeyDown}
    >
      <h3 id={headingId} className="visually-hidden">
        {t('comments.threadLabel', { name: thread.author.name, quote: quoteShort })}
      </h3>
      {!anchored && <p className="thread-detached">{t('comments.detached')}</p>}
      {thread.quote && (
        <blockquote className="thread-quote" aria-label={t('comments.quoteLabel')}>
          {thread.quote}
        </blockquote>
      )}
      <div className="thread-meta">
        <span className={`thread-state thread-state--${thread.state}`}>{thread.state === 'open' ? t('comments.open') : t('comments.resolved')}</span>
        {thread.assignedAgency && (
          <span className="thread-assigned">
            → <AgencyBadge agency={agencyByCode(thread.assignedAgency)} label={`${t('comments.assign')}: ${agencyName(thread.assignedAgency, language)}`} />
          </span>
        )}
      </div>
      {thread.resolution && (
        <p className="thread-resolution">
          {t('comments.resolvedBy', { name: thread.resolution.by.name, agency: resolvedAgency, time: formatTime(thread.resolution.at, language) })}
        </p>
      )}
      {thread.reopenedByReply && <p className="thread-hint">{t('comments.reopenedByReply')}</p>}
      <ol className="thread-messages">
        {thread.messages.map((message) => (
          <MessageItem key={message.id} message={message} thread={thread} member={member} canWrite={canWrite} act={act} isFirst={message === first} doc={comments.store.doc} />
        ))}
      </ol>
      {canWrite && (member === null || may(member, 'reply')) && <ReplyForm thread={thread} act={act} doc={comments.store.doc} />}
      <div className="thread-actions">
        {maySee && thread.state === 'open' && may(member, 'resolve', { thread }) && (
          <button type="button" className="button button--small" onClick={() => void act((m) => resolveThread(comments.store.doc, m, thread.id), t('comments.announce.resolved'))}>
            {t('comments.resolve')}
          </button>
        )}
        {maySee && thread.state === 'resolved' && may(member, 'reopen', { thread }) && (
          <button type="button" className="button button--small" onClick={() => void act((m) => reopenThread(comments.store.doc, m, thread.id), t('comments.announce.reopened'))}>
            {t('comments.reopen')}
          </button>
        )}
        {anchored && (
          <button
            type="button"
            className="button button--small button--quiet"
            aria-keyshortcuts="Escape"
            title={`${t('comments.toText')} (Esc)`}
            onClick={() => comments.returnToText(thread.id)}
          >
            {t('comments.toText')}
          </button>
        )}
        {canWrite && (member === null || may(member, 'assign')) && (
          <span className="thread-assign">
            <label htmlFor={assignId}>{t('comments.assign')}</label>
            <select
              id={assignId}
              value={thread.assignedAgency ?? ''}
              onChange={(e) => {
                const agency = isAgencyCode(e.target.value) ? e.target.value : null;
                void act(
                  (m) => assignThread(comments.store.doc, m, thread.id, agency),
                  t('comments.announce.assigned', { agency: agency ? agencyName(agency, language) : t('comments.unassigned') }),
                );
              }}
            >
              <option value="">{t('comments.unassigned')}</option>
              {AGENCIES.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.abbreviation} – {language === 'en' ? a.nameEn : a.nameSv}
                </option>
              ))}
            </select>
          </span>
        )}
      </div>
      <details className="thread-history">
        <summary>{t('comments.history')}</summary>
        <ol>
          {thread.events.map((event, i) => (
            <li key={i}>{eventInWords(event, t, language)}</li>
          ))}
        </ol>
      </details>
    </article>
  );
});

function eventInWords(event: ThreadEvent, t: ReturnType<typeof useTranslation>['t'], language: string): string {
  const by = `${event.by.name} (${agencyByCode(event.by.agency).abbreviation})`;
  const time = formatTime(event.at, language);
  if (event.type === 'assigned') {
    return t('comments.event.assigned', { name: by, time, agency: event.agency ? agencyName(event.agency, language) : t('comments.unassigned') });
  }
  return t(`comments.event.${event.type}`, { name: by, time });
}

type Act = (operation: (member: Member) => void, done: string) => Promise<boolean>;

function MessageItem({
  message,
  thread,
  member,
  canWrite,
  act,
  isFirst,
  doc,
}: {
  readonly doc: Y.Doc;
  readonly message: CommentMessage;
  readonly thread: CommentThread;
  readonly member: Member | null;
  readonly canWrite: boolean;
  readonly act: Act;
  readonly isFirst: boolean;
}): ReactElement {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'show' | 'edit' | 'confirm-delete'>('show');
  const [draft, setDraft] = useState(message.text);
  const editId = useId();
  const agency = agencyByCode(message.author.agency);
  const agencyFull = i18n.language === 'en' ? agency.nameEn : agency.nameSv;
  const mayEdit = canWrite && member !== null && may(member, 'edit-message', { message });
  const mayDelete = canWrite && member !== null && may(member, 'delete-message', { message });

  function cancelOnEscape(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      setMode('show');
    }
  }

  return (
    <li className={`thread-message${isFirst ? ' thread-message--first' : ''}`}>
      <div className="message-head">
        <span className="message-author">{message.author.name}</span>
        <AgencyBadge agency={agency} label={agencyFull} />
        <time className="message-time" dateTime={message.createdAt}>
          {formatTime(message.createdAt, i18n.language)}
        </time>
        {message.editedAt !== null && message.deletedAt === null && <span className="message-edited">{t('comments.edited')}</span>}
      </div>
      {message.deletedAt !== null ? (
        <p className="message-text message-text--deleted">{t('comments.deletedMessage')}</p>
      ) : mode === 'edit' ? (
        <form
          className="message-edit"
          onSubmit={(event) => {
            event.preventDefault();
            void act((m) => editMessage(doc, m, thread.id, message.id, draft), t('comments.announce.edited')).then((ok) => ok && setMode('show'));
          }}
        >
          <label htmlFor={editId} className="visually-hidden">
            {t('comments.editLabel')}
          </label>
          <textarea id={editId} value={draft} autoFocus rows={3} onChange={(e) => setDraft(e.target.value)} onKeyDown={cancelOnEscape} />
          <div className="form-actions">
            <button type="submit" className="button button--small button--primary">
              {t('comments.save')}
            </button>
            <button type="button" className="button button--small" onClick={() => setMode('show')}>
              {t('comments.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <p className="message-text">{message.text}</p>
      )}
      {mode === 'confirm-delete' && (
        <div className="message-confirm" role="group" aria-label={t('comments.confirmDelete')} onKeyDown={cancelOnEscape}>
          <p>{t('comments.confirmDelete')}</p>
          <button
            type="button"
            className="button button--small button--danger"
            autoFocus
            onClick={() => {
              void act((m) => deleteMessage(doc, m, thread.id, message.id), t('comments.announce.deleted'));
              setMode('show');
            }}
          >
            {t('comments.confirmDeleteYes')}
          </button>
          <button type="button" className="button button--small" onClick={() => setMode('show')}>
            {t('comments.cancel')}
          </button>
        </div>
      )}
      {mode === 'show' && (mayEdit || mayDelete) && (
        <div className="message-actions">
          {mayEdit && (
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => {
                setDraft(message.text);
                setMode('edit');
              }}
            >
              {t('comments.edit')}
            </button>
          )}
          {mayDelete && (
            <button type="button" className="button button--small button--quiet" onClick={() => setMode('confirm-delete')}>
              {t('comments.delete')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function ReplyForm({ thread, act, doc }: { readonly thread: CommentThread; readonly act: Act; readonly doc: Y.Doc }): ReactElement {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const replyId = useId();
  const errorId = useId();

  async function send(): Promise<void> {
    if (text.trim().length === 0) {
      setError(t('comments.error.invalid-text'));
      return;
    }
    const ok = await act((m) => replyToThread(doc, m, thread.id, { id: crypto.randomUUID(), text }), t('comments.announce.replied'));
    if (ok) {
      setText('');
      setError(null);
    }
  }

  return (
    <form
      className="thread-reply"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label htmlFor={replyId} className="field-label">
        {t('comments.reply')}
      </label>
      <textarea
        id={replyId}
        value={text}
        rows={1}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        aria-keyshortcuts="Control+Enter"
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send();
          }
        }}
      />
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--small">
        {t('comments.sendReply')}
      </button>
    </form>
  );
}
