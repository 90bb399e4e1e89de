/**
 * The chapter's suggestions, in the sidebar beside the comment threads: a
 * card per suggestion in document order, with who suggested what and when,
 * the replies, and Godta / Avvisa (the owner agency and the coordinator) or
 * Dra tillbaka (the author), as `may()` decides. Above the cards: what the
 * sidebar shows (comments, suggestions, both), which agency's suggestions,
 * pending or decided ones, next / previous, and accept or reject all shown.
 *
 * Every decision goes through decideSuggestions (shared/suggestions/
 * decide.ts) with the undo history's origin, so Ctrl+Z in the text takes it
 * back; the outcome is announced to screen readers.
 */
import { useEffect, useId, useRef, useState, type CSSProperties, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { agencyByCode, isAgencyCode, type AgencyCode } from '../../shared/agencies/agencies.ts';
import { AgencyOptions } from '../app/AgencyOptions.tsx';
import { PreviousNext } from '../app/PreviousNext.tsx';
import { may } from '../../shared/comments/comment-permissions.ts';
import { chapterText } from '../../shared/chapter-text/chapter-text.ts';
import type { Member } from '../../shared/plan/member.ts';
import { decideSuggestions, type DecisionAction } from '../../shared/suggestions/decide.ts';
import { replyToSuggestion, SuggestionError } from '../../shared/suggestions/suggestions.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { formatTime } from '../comments/comment-words.ts';
import { AgencyBadge } from '../outline/AgencyBadge.tsx';
import { useChapterSuggestions, type SuggestionView } from './chapter-suggestions.ts';
import { suggestionRange } from './suggestion-range.ts';

export type SidebarShows = 'both' | 'comments' | 'suggestions';

interface Props {
  readonly doc: Y.Doc;
  readonly member: Member | null;
  readonly owner: AgencyCode | null;
  /** False when the chapter cannot be changed (a reader, a newer schema). */
  readonly canWrite: boolean;
  /** The chapter's editor, to show a suggestion's text. */
  readonly editorView: () => EditorView | null;
  readonly shows: SidebarShows;
  readonly onShowsChange: (shows: SidebarShows) => void;
}

const EXCERPT = 80;

export function SuggestionPanel({ doc, member, owner, canWrite, editorView, shows, onShowsChange }: Props): ReactElement | null {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const all = useChapterSuggestions(doc);
  const [agency, setAgency] = useState<AgencyCode | null>(null);
  const [decided, setDecided] = useState(false);
  const headingId = useId();
  const showsName = useId();
  const agencyId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const chapter = { owner };

  useAgencyColours(all);
  const list = all.filter((v) => v.pending !== decided && (agency === null || v.suggestion.author.agency === agency));
  const pendingCount = all.filter((v) => v.pending).length;
  const mayDecide = canWrite && member !== null && may(member, 'accept', { chapter });

  function decide(ids: readonly string[], action: DecisionAction): void {
    if (member === null || ids.length === 0) return;
    const outcome = decideSuggestions(doc, chapterText(doc), member, chapter, ids, action);
    if (outcome.decided.length > 0) announce(t(`suggestions.announce.${action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : 'withdrawn'}`, { count: outcome.decided.length }));
    const [refused] = outcome.refused;
    if (refused) announce(t('suggestions.announce.refusedSome', { count: outcome.refused.length, reason: t(`suggestions.error.${refused.error.code}`) }));
  }

  function goTo(id: string): void {
    const view = editorView();
    if (view === null) return;
    const range = suggestionRange(view.state.doc, id);
    if (range === null) return;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)).scrollIntoView());
    view.focus();
  }

  function move(direction: 1 | -1): void {
    const cards = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-suggestion-card]') ?? [])];
    if (cards.length === 0) {
      announce(t('suggestions.announce.none'));
      return;
    }
    const current = cards.findIndex((card) => card.contains(document.activeElement));
    const next = current < 0 ? (direction === 1 ? 0 : cards.length - 1) : current + direction;
    const card = cards[next];
    if (card === undefined) {
      announce(t('suggestions.announce.none'));
      return;
    }
    card.focus();
    const id = card.getAttribute('data-suggestion-card');
    if (id !== null) goTo(id);
    card.focus();
  }

  // A chapter without any suggestion shows no panel: the comment cards sit
  // beside their text from the top of the sidebar (card-layout.ts places
  // them relative to their container, which the panel would push down).
  if (all.length === 0 && shows !== 'suggestions') return null;

  return (
    <section className="suggestions-panel" aria-labelledby={headingId}>
      <div className="comments-title-row">
        <h2 id={headingId} className="comments-heading">
          {t('suggestions.heading')}
        </h2>
        <span className="comments-count">{t('suggestions.count', { count: pendingCount })}</span>
        <PreviousNext previous={{ label: t('suggestions.previous'), onClick: () => move(-1) }} next={{ label: t('suggestions.next'), onClick: () => move(1) }} />
      </div>
      <fieldset className="comments-filters">
        <legend className="visually-hidden">{t('suggestions.show')}</legend>
        <div className="segmented" role="radiogroup" aria-label={t('suggestions.show')}>
          {(['both', 'comments', 'suggestions'] as const).map((value) => (
            <label key={value} className="segment">
              <input type="radio" name={showsName} value={value} checked={shows === value} onChange={() => onShowsChange(value)} />
              <span>{t(value === 'both' ? 'suggestions.showBoth' : value === 'comments' ? 'suggestions.showComments' : 'suggestions.showSuggestions')}</span>
            </label>
          ))}
        </div>
        {shows !== 'comments' && (
          <>
            <div className="segmented" role="radiogroup" aria-label={t('suggestions.heading')}>
              {[false, true].map((value) => (
                <label key={String(value)} className="segment">
                  <input type="radio" name={`${showsName}-state`} checked={decided === value} onChange={() => setDecided(value)} />
                  <span>{t(value ? 'suggestions.decided' : 'suggestions.pending')}</span>
                </label>
              ))}
            </div>
            <span className="filter-agency">
              <label htmlFor={agencyId}>{t('suggestions.agencyFilter')}</label>
              <select id={agencyId} value={agency ?? ''} onChange={(e) => setAgency(isAgencyCode(e.target.value) ? e.target.value : null)}>
                <option value="">{t('suggestions.anyAgency')}</option>
                <AgencyOptions />
              </select>
            </span>
            {mayDecide && !decided && list.length > 1 && (
              <span className="suggestion-bulk">
                <button type="button" className="button button--small" onClick={() => decide(list.map((v) => v.suggestion.id), 'accept')}>
                  {t('suggestions.acceptAll')}
                </button>
                <button type="button" className="button button--small" onClick={() => decide(list.map((v) => v.suggestion.id), 'reject')}>
                  {t('suggestions.rejectAll')}
                </button>
              </span>
            )}
          </>
        )}
      </fieldset>
      {shows !== 'comments' && (
        <>
          <ol className="suggestion-cards" ref={listRef}>
            {list.map((view) => (
              <SuggestionCard
                key={view.suggestion.id}
                view={view}
                member={member}
                canWrite={canWrite}
                mayDecide={mayDecide}
                onDecide={(action) => decide([view.suggestion.id], action)}
                onGoTo={() => goTo(view.suggestion.id)}
                onReply={(text) => {
                  if (member === null) return;
                  replyToSuggestion(doc, member, view.suggestion.id, { id: crypto.randomUUID(), text });
                }}
              />
            ))}
          </ol>
          {list.length === 0 && <p className="comments-empty">{t(decided ? 'suggestions.emptyDecided' : 'suggestions.empty')}</p>}
        </>
      )}
    </section>
  );
}

interface CardProps {
  readonly view: SuggestionView;
  readonly member: Member | null;
  readonly canWrite: boolean;
  readonly mayDecide: boolean;
  readonly onDecide: (action: DecisionAction) => void;
  readonly onGoTo: () => void;
  readonly onReply: (text: string) => void;
}

function SuggestionCard({ view, member, canWrite, mayDecide, onDecide, onGoTo, onReply }: CardProps): ReactElement {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);
  const replyId = useId();
  const { suggestion } = view;
  const agency = agencyByCode(suggestion.author.agency);
  const agencyLabel = language === 'en' ? agency.nameEn : agency.nameSv;
  const author = t('suggestions.author', { name: suggestion.author.name, agency: agency.abbreviation });
  const summary = summaryOf(view, t);
  const mayWithdraw = canWrite && member !== null && view.pending && may(member, 'withdraw', { suggestion });

  return (
    <li
      className={`suggestion-card suggestion-card--${suggestion.kind}`}
      data-suggestion-card={suggestion.id}
      tabIndex={-1}
      style={{ '--agency-colour': agency.colour } as CSSProperties}
      aria-label={t('suggestions.cardLabel', { author, summary: summary.join('; ') })}
    >
      <div className="suggestion-card-head">
        <AgencyBadge agency={agency} label={agencyLabel} />
        <span className="suggestion-author">{suggestion.author.name}</span>
        <time dateTime={suggestion.createdAt}>{formatTime(suggestion.createdAt, language)}</time>
      </div>
      <ul className="suggestion-summary">
        {summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {view.detached && <p className="suggestion-note">{t('suggestions.detached')}</p>}
      {view.pending && suggestion.state !== 'open' && <p className="suggestion-note">{t('suggestions.reopened')}</p>}
      {suggestion.decision !== null && !view.pending && (
        <p className="suggestion-note">
          {t(`suggestions.${suggestion.state as 'accepted' | 'rejected' | 'withdrawn'}`, { name: suggestion.decision.by.name, time: formatTime(suggestion.decision.at, language) })}
          {suggestion.contested && ` ${t('suggestions.contested')}`}
        </p>
      )}
      {suggestion.messages.length > 0 && (
        <ul className="suggestion-replies">
          {suggestion.messages.map((message) => (
            <li key={message.id}>
              <strong>{message.author.name}</strong> <time dateTime={message.createdAt}>{formatTime(message.createdAt, language)}</time>
              <p>{message.text}</p>
            </li>
          ))}
        </ul>
      )}
      <div className="suggestion-actions">
        {view.extent !== null && (
          <button type="button" className="button button--small" onClick={onGoTo}>
            {t('suggestions.goTo')}
          </button>
        )}
        {mayDecide && view.pending && (
          <>
            <button type="button" className="button button--small button--primary" onClick={() => onDecide('accept')}>
              {t('suggestions.accept')}
            </button>
            <button type="button" className="button button--small" onClick={() => onDecide('reject')}>
              {t('suggestions.reject')}
            </button>
          </>
        )}
        {mayWithdraw && (
          <button type="button" className="button button--small" onClick={() => onDecide('withdraw')}>
            {t('suggestions.withdraw')}
          </button>
        )}
      </div>
      {canWrite && member !== null && member.role !== 'reader' && (
        <form
          className="suggestion-reply"
          onSubmit={(event) => {
            event.preventDefault();
            try {
              onReply(reply);
              setReply('');
              setError(null);
            } catch (caught) {
              setError(caught instanceof SuggestionError ? t(`suggestions.error.${caught.code}`) : t('suggestions.error.unknown', { message: String(caught) }));
            }
          }}
        >
          <label htmlFor={replyId} className="visually-hidden">
            {t('suggestions.replyLabel')}
          </label>
          <textarea id={replyId} rows={1} value={reply} placeholder={t('suggestions.replyLabel')} onChange={(e) => setReply(e.target.value)} />
          <button type="submit" className="button button--small">
            {t('suggestions.send')}
          </button>
          {error !== null && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </li>
  );
}

type Translate = ReturnType<typeof useTranslation>['t'];

/** What a suggestion does, in words, one line per part. */
export function summaryOf(view: SuggestionView, t: Translate): string[] {
  const lines: string[] = [];
  const extent = view.extent;
  if (extent === null) return lines;
  if (extent.inserted.length > 0) lines.push(t('suggestions.inserts', { text: excerpt(extent.inserted) }));
  if (extent.deleted.length > 0) lines.push(t('suggestions.deletes', { text: excerpt(extent.deleted) }));
  if (extent.formatted.length > 0) lines.push(t('suggestions.formats', { text: excerpt(extent.formatted) }));
  if (extent.newBlocks > 0) lines.push(t('suggestions.newBlocks', { count: extent.newBlocks }));
  if (extent.removedBlocks > 0) lines.push(t('suggestions.removedBlocks', { count: extent.removedBlocks }));
  if (extent.changedBlocks > 0) lines.push(t('suggestions.changedBlocks', { count: extent.changedBlocks }));
  return lines;
}

/**
 * The agency colour of each suggestion in the text, as CSS custom
 * properties on the elements that carry its id (schema.ts renders
 * `data-suggestion-id`), in a constructed style sheet: the app's Content
 * Security Policy (style-src 'self') refuses a <style> element, not the
 * CSSOM. Ids are checked to be `[0-9a-z.]` when read (suggestion-ids.ts),
 * so they are safe inside the selector.
 */
function useAgencyColours(views: readonly SuggestionView[]): void {
  const rules = colourRules(views);
  useEffect(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(rules);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [rules]);
}

function colourRules(views: readonly SuggestionView[]): string {
  return views
    .filter((v) => v.extent !== null)
    .map((v) => `[data-suggestion-id="${v.suggestion.id}"]{--suggestion-colour:${agencyByCode(v.suggestion.author.agency).colour}}`)
    .join('\n');
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > EXCERPT ? `${oneLine.slice(0, EXCERPT)}…` : oneLine;
}

