/**
 * The new-thread composer, shown in the sidebar beside the selected text:
 * "Kommentar", "Tilldela" (the chapter's owning agency by default) and
 * "Skicka". Ctrl+Enter posts, Escape cancels and puts focus back in the text.
 */
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { isAgencyCode, type AgencyCode } from '../../shared/agencies/agencies.ts';
import { AgencyOptions } from '../app/AgencyOptions.tsx';
import { useAnnounce } from '../app/announcer.tsx';
import type { ChapterComments } from './chapter-comments.ts';
import type { ComposerState } from './new-thread.ts';
import { errorInWords } from './comment-words.ts';

interface Props {
  readonly comments: ChapterComments;
  readonly composer: ComposerState;
  readonly defaultAssignee: AgencyCode | null;
}

export function NewThreadComposer({ comments, composer, defaultAssignee }: Props): ReactElement {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const [assignee, setAssignee] = useState<string>(defaultAssignee ?? '');
  const [error, setError] = useState<string | null>(null);
  const textId = useId();
  const assignId = useId();
  const errorId = useId();
  const headingId = useId();
  const hintId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const section = sectionRef.current;
    const unobserve = section ? comments.observeCard(section) : undefined;
    // Focus once the composer has been placed beside the text, so the page
    // does not jump to where it was first rendered.
    comments.layoutNow();
    textRef.current?.focus({ preventScroll: false });
    return unobserve;
  }, [comments]);

  async function post(): Promise<void> {
    if (text.trim().length === 0) {
      setError(t('comments.error.invalid-text'));
      textRef.current?.focus();
      return;
    }
    const member = await comments.requestMember();
    if (member === null) return;
    try {
      comments.postNewThread(member, text, isAgencyCode(assignee) ? assignee : null);
      announce(t('comments.announce.sent'));
      comments.state.view?.focus();
    } catch (e) {
      const words = errorInWords(e, t);
      setError(words);
      announce(words);
    }
  }

  return (
    <section ref={sectionRef} className="thread-card composer" data-layout-key="composer" aria-labelledby={headingId}>
      <h3 id={headingId} className="composer-heading">
        {t('comments.newThread')}
      </h3>
      <blockquote className="thread-quote" aria-label={t('comments.quoteLabel')}>
        {composer.quote}
      </blockquote>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void post();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            announce(t('comments.announce.cancelled'));
            comments.cancelComposer();
          } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void post();
          }
        }}
      >
        <label htmlFor={textId} className="field-label">
          {t('comments.comment')}
        </label>
        <textarea
          ref={textRef}
          id={textId}
          rows={3}
          value={text}
          aria-invalid={error !== null}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          aria-keyshortcuts="Control+Enter Escape"
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
        />
        <p id={hintId} className="field-hint">
          {t('comments.sendHint')}
        </p>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <label htmlFor={assignId} className="field-label">
          {t('comments.assign')}
        </label>
        <select id={assignId} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">{t('comments.unassigned')}</option>
          <AgencyOptions abbreviated />
        </select>
        <div className="form-actions">
          <button type="submit" className="button button--small button--primary">
            {t('comments.send')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              announce(t('comments.announce.cancelled'));
              comments.cancelComposer();
            }}
          >
            {t('comments.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
