/**
 * One comment thread in the sidebar.
 *
 * Compact unless it is the active thread (see chapter-comments.ts): the
 * quote, the state and assignee, and the messages, clamped, so the card fits
 * beside its text. The whole compact card is one button (a disclosure, with
 * aria-expanded) that expands it. The active card adds the reply field, the
 * actions the permission rule allows (`may`, shared/comments/comment-permissions.ts),
 * the edit and delete buttons of one's own messages and the history.
 *
 * Unsent words (a reply, an edit) live in the card, not in the form, so a
 * card that collapses keeps them; the compact card says that it has them.
 *
 * Memoised on its props: the ThreadStore keeps a thread's object while it is
 * unchanged, so typing or a reply in another thread renders no card, and a
 * card reads "am I active" through its own subscription, so a change of the
 * active thread renders two cards. The card never positions itself;
 * ChapterComments moves it with a transform.
 */
import { memo, useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore, type FocusEvent, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyByCode, isAgencyCode } from '../../shared/agencies/agencies.ts';
import { AgencyOptions } from '../app/AgencyOptions.tsx';
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

/** A message being edited: which one, and the words so far. */
interface EditDraft {
  readonly messageId: string;
  readonly text: string;
}

export const ThreadCard = memo(function ThreadCard({ thread, member, canWrite, anchored, comments }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const language = i18n.language;
  const cardRef = useRef<HTMLElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const assignId = useId();
  const bodyId = useId();
  const expanded = useSyncExternalStore(comments.subscribeActive, () => comments.activeThreadId === thread.id);
  const [reply, setReply] = useState('');
  const [edit, setEdit] = useState<EditDraft | null>(null);
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

  /** Resolve and reopen may take the card out of a filtered list; focus then goes to the next card. */
  function changeState(operation: (member: Member) => void, done: string): void {
    comments.keepFocusIfRemoved(thread.id);
    void act(operation, done);
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>): void {
    if (event.defaultPrevented) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      comments.returnToText(thread.id);
    }
  }

  function onFocus(event: FocusEvent<HTMLElement>): void {
    comments.highlighter.set('card-focus', [thread.id]);
    // Focus on the compact card's button does not expand it (Tab walks
    // through compact cards); Enter on it does. Focus anywhere else in the
    // card (the card itself after next/previous, a field) makes it active.
    if (event.target !== toggleRef.current) comments.setActive(thread.id);
  }

  function onBlur(event: FocusEvent<HTMLElement>): void {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) comments.highlighter.set('card-focus', []);
  }

  const resolvedAgency = thread.resolution ? agencyName(thread.resolution.by.agency, language) : '';
  const maySee = member !== null && canWrite;
  const hasDraft = reply.trim().length > 0 || edit !== null;
  const shownMessages: (CommentMessage | { readonly more: number })[] =
    expanded || thread.messages.length <= 2 ? [...thread.messages] : [thread.messages[0]!, { more: thread.messages.length - 2 }, thread.messages.at(-1)!];

  return (
    <article
      ref={cardRef}
      className={`thread-card thread-card--${thread.state}${anchored ? '' : ' thread-card--detached'}${expanded ? ' thread-card--expanded' : ' thread-card--compact'}`}
      data-thread-card={thread.id}
      data-layout-key={thread.id}
      data-state={thread.state}
      data-expanded={expanded}
      tabIndex={-1}
      aria-labelledby={headingId}
      onMouseEnter={() => comments.highlighter.set('card-hover', [thread.id])}
      onMouseLeave={() => comments.highlighter.set('card-hover', [])}
      onFocus={onFocus}
      onBlur={onBlur}
      onKeyDown={onKeyDown}
    >
      <div className="thread-meta">
        <h3 className="thread-heading">
          <button
            ref={toggleRef}
            id={headingId}
            type="button"
            className="thread-toggle"
            aria-expanded={expanded}
            aria-controls={expanded ? bodyId : undefined}
            title={expanded ? t('comments.collapse') : t('comments.expand')}
            onClick={() => comments.setActive(expanded ? null : thread.id)}
          >
            <span className="visually-hidden">{t('comments.threadLabel', { name: thread.author.name, quote: quoteShort })}</span>
            <span className="thread-toggle-icon" aria-hidden="true">
              {expanded ? '▴' : '▾'}
            </span>
          </button>
        </h3>
        <span className={`thread-state thread-state--${thread.state}`}>{thread.state === 'open' ? t('comments.open') : t('comments.resolved')}</span>
        {thread.assignedAgency && (
          <span className="thread-assigned">
            → <AgencyBadge agency={agencyByCode(thread.assignedAgency)} label={t('comments.assignedTo', { agency: agencyName(thread.assignedAgency, language) })} />
          </span>
        )}
      </div>
      {!anchored && <p className="thread-detached">{t('comments.detached')}</p>}
      {thread.quote && (
        <blockquote className="thread-quote" aria-label={t('comments.quoteLabel')}>
          {thread.quote}
        </blockquote>
      )}
      {thread.resolution && (
        <p className="thread-resolution">
          {t('comments.resolvedBy', { name: thread.resolution.by.name, agency: resolvedAgency, time: formatTime(thread.resolution.at, language) })}
        </p>
      )}
      {thread.reopenedByReply && <p className="thread-hint">{t('comments.reopenedByReply')}</p>}
      <ol className="thread-messages">
        {shownMessages.map((message) =>
          'more' in message ? (
            <li key="more" className="thread-more">
              {t('comments.moreReplies', { count: message.more })}
            </li>
          ) : (
            <MessageItem
              key={message.id}
              message={message}
              thread={thread}
              member={member}
              canWrite={canWrite}
              expanded={expanded}
              act={act}
              isFirst={message === first}
              doc={comments.store.doc}
              edit={edit?.messageId === message.id ? edit.text : null}
              onEdit={(text) => setEdit(text === null ? null : { messageId: message.id, text })}
            />
          ),
        )}
      </ol>
      {!expanded && hasDraft && <p className="thread-hint">{t('comments.draftKept')}</p>}
      {expanded && (
        <div id={bodyId} className="thread-body">
          {canWrite && (member === null || may(member, 'reply')) && <ReplyForm thread={thread} act={act} doc={comments.store.doc} text={reply} onText={setReply} />}
          <div className="thread-actions">
            {maySee && thread.state === 'open' && may(member, 'resolve', { thread }) && (
              <button type="button" className="button button--small" onClick={() => changeState((m) => resolveThread(comments.store.doc, m, thread.id), t('comments.announce.resolved'))}>
                {t('comments.resolve')}
              </button>
            )}
            {maySee && thread.state === 'resolved' && may(member, 'reopen', { thread }) && (
              <button type="button" className="button button--small" onClick={() => changeState((m) => reopenThread(comments.store.doc, m, thread.id), t('comments.announce.reopened'))}>
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
                  <AgencyOptions abbreviated />
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
        </div>
      )}
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
  expanded,
  act,
  isFirst,
  doc,
  edit,
  onEdit,
}: {
  readonly doc: Y.Doc;
  readonly message: CommentMessage;
  readonly thread: CommentThread;
  readonly member: Member | null;
  readonly canWrite: boolean;
  readonly expanded: boolean;
  readonly act: Act;
  readonly isFirst: boolean;
  /** The words of an edit in progress, or null when the message is not being edited. */
  readonly edit: string | null;
  readonly onEdit: (text: string | null) => void;
}): ReactElement {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const editId = useId();
  const agency = agencyByCode(message.author.agency);
  const agencyFull = i18n.language === 'en' ? agency.nameEn : agency.nameSv;
  const mayEdit = canWrite && member !== null && may(member, 'edit-message', { message });
  const mayDelete = canWrite && member !== null && may(member, 'delete-message', { message });
  const editing = expanded && edit !== null;

  function cancelOnEscape(event: KeyboardEvent, cancel: () => void): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
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
      ) : editing ? (
        <form
          className="message-edit"
          onSubmit={(event) => {
            event.preventDefault();
            void act((m) => editMessage(doc, m, thread.id, message.id, edit), t('comments.announce.edited')).then((ok) => ok && onEdit(null));
          }}
        >
          <label htmlFor={editId} className="visually-hidden">
            {t('comments.editLabel')}
          </label>
          <textarea id={editId} value={edit} autoFocus rows={3} onChange={(e) => onEdit(e.target.value)} onKeyDown={(e) => cancelOnEscape(e, () => onEdit(null))} />
          <div className="form-actions">
            <button type="submit" className="button button--small button--primary">
              {t('comments.save')}
            </button>
            <button type="button" className="button button--small" onClick={() => onEdit(null)}>
              {t('comments.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <MessageText text={message.text} expanded={expanded} />
      )}
      {expanded && confirming && (
        <div className="message-confirm" role="group" aria-label={t('comments.confirmDelete')} onKeyDown={(e) => cancelOnEscape(e, () => setConfirming(false))}>
          <p>{t('comments.confirmDelete')}</p>
          <button
            type="button"
            className="button button--small button--danger"
            autoFocus
            onClick={() => {
              void act((m) => deleteMessage(doc, m, thread.id, message.id), t('comments.announce.deleted'));
              setConfirming(false);
              onEdit(null);
            }}
          >
            {t('comments.confirmDeleteYes')}
          </button>
          <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
            {t('comments.cancel')}
          </button>
        </div>
      )}
      {expanded && !editing && !confirming && (mayEdit || mayDelete) && (
        <div className="message-actions">
          {mayEdit && (
            <button type="button" className="button button--small button--quiet" onClick={() => onEdit(message.text)}>
              {t('comments.edit')}
            </button>
          )}
          {mayDelete && (
            <button type="button" className="button button--small button--quiet" onClick={() => setConfirming(true)}>
              {t('comments.delete')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/**
 * A message's words, clamped to a few lines. In a compact card the clamp is
 * all there is (the card expands on a click); in the active card a message
 * that does not fit gets "Visa mer". Only the active card measures.
 */
function MessageText({ text, expanded }: { readonly text: string; readonly expanded: boolean }): ReactElement {
  const { t } = useTranslation();
  const ref = useRef<HTMLParagraphElement>(null);
  const id = useId();
  const [overflows, setOverflows] = useState(false);
  const [whole, setWhole] = useState(false);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!expanded) setWhole(false);
    if (!expanded || whole || el === null) return;
    setOverflows(el.scrollHeight > el.clientHeight + 1);
  }, [text, expanded, whole]);

  return (
    <>
      <p ref={ref} id={id} className={`message-text${whole ? '' : ' message-text--clamped'}`}>
        {text}
      </p>
      {expanded && overflows && (
        <button type="button" className="button button--small button--quiet message-more" aria-expanded={whole} aria-controls={id} onClick={() => setWhole(!whole)}>
          {whole ? t('comments.showLess') : t('comments.showMore')}
        </button>
      )}
    </>
  );
}

function ReplyForm({
  thread,
  act,
  doc,
  text,
  onText,
}: {
  readonly thread: CommentThread;
  readonly act: Act;
  readonly doc: Y.Doc;
  readonly text: string;
  readonly onText: (text: string) => void;
}): ReactElement {
  const { t } = useTranslation();
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
      onText('');
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
          onText(e.target.value);
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
