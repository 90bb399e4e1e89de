/**
 * "Underlag": the plan's sources beside the chapter, in the column where the
 * comments are (the chapter stays on screen while its writer reads and
 * cites). The list, and one source at a time: its text, "Citera i
 * kapitlet", the original for download, removal for the member who added
 * it and the coordinator, and where in the plan it is cited.
 *
 * The text is a read-only textarea: its selection is in the same offsets as
 * the source's Y.Text (paragraphs joined by '\n'), and a keyboard user
 * selects a passage with Shift and the arrow keys like any text.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import type { Member } from '../../shared/plan/member.ts';
import { citePassage, MAX_QUOTE_LENGTH, resolveCitation, type CitationAttrs } from '../../shared/sources/citation.ts';
import { readSourceFile, sourceText } from '../../shared/sources/source-doc.ts';
import type { SourceEntry } from '../../shared/sources/source-list.ts';
import { mayAddSource, mayRemoveSource } from '../../shared/sources/source-permissions.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { downloadFile } from '../exchange/download-file.ts';
import { AddSourceDialog } from './AddSourceDialog.tsx';
import type { PlanCitation } from './plan-citations.ts';
import type { SourceShelf } from './source-shelf.ts';

/** What the panel shows: the list, or one source (with the passage a citation points at). */
export type SourcePlace = {
  readonly sourceId: string;
  readonly citation: CitationAttrs | null;
  /** A passage to select (a search result), as offsets in the source's text. */
  readonly passage?: { readonly from: number; readonly to: number };
} | null;

interface Props {
  readonly shelf: SourceShelf;
  readonly member: Member | null;
  /** False for readers and plans of a newer schema. */
  readonly canWrite: boolean;
  readonly place: SourcePlace;
  readonly onPlaceChange: (place: SourcePlace) => void;
  /** Cites into the chapter on screen at its cursor; false when that chapter cannot be written here. */
  readonly cite: ((attrs: CitationAttrs) => boolean) | null;
  readonly citations: (sourceId: string) => readonly PlanCitation[];
  /** Notifies when a chapter changed, so the list of citations is read again. */
  readonly subscribeToChapters: (listener: () => void) => () => void;
  readonly onShowCitation: (citation: PlanCitation) => void;
  readonly ensureMember: () => Promise<Member | null>;
  readonly onClose: () => void;
}

export function SourcePanel(props: Props): ReactElement {
  const { t } = useTranslation();
  const { shelf, place } = props;
  const headingId = useId();
  const entries = useSyncExternalStore(
    (listener) => shelf.subscribe(listener),
    () => shelf.entries,
  );
  const [adding, setAdding] = useState(false);
  const announce = useAnnounce();
  const listed = entries.filter((e) => e.removedAt === null);
  const open = place === null ? null : (entries.find((e) => e.id === place.sourceId) ?? null);

  return (
    <aside className="source-panel" aria-labelledby={headingId}>
      <div className="source-panel-header">
        <h2 id={headingId}>{t('sources.heading')}</h2>
        <button type="button" className="button button--small" onClick={props.onClose}>
          {t('sources.close')}
        </button>
      </div>
      {place === null ? (
        <>
          {props.canWrite && (props.member === null || mayAddSource(props.member)) && (
            <button type="button" className="button" onClick={() => setAdding(true)}>
              {t('sources.add.button')}
            </button>
          )}
          {listed.length === 0 ? (
            <p className="empty-state">{t('sources.none')}</p>
          ) : (
            <ul className="source-list">
              {listed.map((entry) => (
                <li key={entry.id}>
                  <button type="button" className="source-list-item" onClick={() => props.onPlaceChange({ sourceId: entry.id, citation: null })}>
                    <span className="source-list-title">{entry.title || t('sources.untitled')}</span>
                    <span className="source-list-meta">{describe(t, entry)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <SourceView {...props} entry={open} citation={place.citation} passage={place.passage ?? null} sourceId={place.sourceId} />
      )}
      {adding && (
        <AddSourceDialog
          onClose={() => setAdding(false)}
          onAdd={(input) => {
            void props.ensureMember().then((who) => {
              if (who === null) return;
              const id = shelf.add(input, who);
              setAdding(false);
              if (id === null) return;
              announce(t('sources.added', { title: input.title }));
              props.onPlaceChange({ sourceId: id, citation: null });
            });
          }}
        />
      )}
    </aside>
  );
}

function describe(t: ReturnType<typeof useTranslation>['t'], entry: SourceEntry): string {
  return [entry.issuer, entry.date, t(`sources.format.${entry.format}`)].filter((part) => part !== null && part !== '').join(' · ');
}

function SourceView(props: Props & { readonly entry: SourceEntry | null; readonly citation: CitationAttrs | null; readonly passage: { readonly from: number; readonly to: number } | null; readonly sourceId: string }): ReactElement {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const { shelf, entry, citation, sourceId } = props;
  const doc = shelf.doc(sourceId);
  // Re-read when the source's doc changes (it arrives, or is emptied by a removal).
  useSyncExternalStore(
    (listener) => shelf.subscribe(listener),
    () => (doc === undefined ? 0 : sourceText(doc).length),
  );
  const text = doc === undefined ? '' : sourceText(doc).toString();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const textId = useId();
  const [message, setMessage] = useState<string | null>(null);
  // Resolved again on every render: the doc may arrive or be emptied while the passage is open.
  const resolved = doc === undefined || text.length === 0 ? null : citation !== null ? resolveCitation(doc, citation) : props.passage;
  const passageFrom = resolved?.from ?? -1;
  const passageTo = resolved?.to ?? -1;
  const removed = entry === null || entry.removedAt !== null;
  const [, setChapterChanges] = useState(0);
  const { subscribeToChapters } = props;
  useEffect(() => subscribeToChapters(() => setChapterChanges((n) => n + 1)), [subscribeToChapters]);
  const citedAt = props.citations(sourceId);

  // Opened from a citation: select its passage and bring it into view.
  useEffect(() => {
    const area = textRef.current;
    if (area === null || passageFrom < 0) return;
    area.focus();
    area.setSelectionRange(passageFrom, passageTo);
    // Chromium scrolls a textarea to its caret on focus only; put the passage's start near the top.
    const before = area.value.slice(0, passageFrom).split('\n').length;
    area.scrollTop = Math.max(0, (before / Math.max(1, area.value.split('\n').length)) * area.scrollHeight - 40);
  }, [passageFrom, passageTo]);

  const cite = (): void => {
    const area = textRef.current;
    if (area === null || doc === undefined || props.cite === null) return;
    const { selectionStart: from, selectionEnd: to } = area;
    if (from === to) return setMessage(t('sources.cite.selectFirst'));
    if (to - from > MAX_QUOTE_LENGTH) return setMessage(t('sources.cite.tooLong', { max: MAX_QUOTE_LENGTH }));
    const trimmedFrom = from + (text.slice(from, to).length - text.slice(from, to).trimStart().length);
    const trimmedTo = to - (text.slice(from, to).length - text.slice(from, to).trimEnd().length);
    const attrs = citePassage(doc, sourceId, trimmedFrom, trimmedTo, crypto.randomUUID());
    if (!props.cite(attrs)) return setMessage(t('sources.cite.noChapter'));
    setMessage(null);
    announce(t('sources.cite.done'));
  };

  const remove = async (): Promise<void> => {
    if (entry === null || !window.confirm(t('sources.remove.confirm', { title: entry.title }))) return;
    const who = await props.ensureMember();
    if (who === null || !shelf.remove(entry, who)) return;
    announce(t('sources.remove.done', { title: entry.title }));
  };

  const file = doc === undefined ? null : readSourceFile(doc);
  const by = entry?.addedBy ?? null;
  return (
    <div className="source-view">
      <button type="button" className="button button--small" onClick={() => props.onPlaceChange(null)}>
        ← {t('sources.back')}
      </button>
      <h3 className="source-title">{entry === null ? t('sources.unknown') : entry.title || t('sources.untitled')}</h3>
      {entry !== null && <p className="source-meta">{describe(t, entry)}</p>}
      {by !== null && <p className="source-meta">{t('sources.addedBy', { name: by.name, agency: agencyByCode(by.agency).abbreviation })}</p>}
      {removed ? (
        <div className="notice notice--warning" role="note">
          <p>
            {entry?.removedBy
              ? t('sources.removedBy', { name: entry.removedBy.name })
              : entry === null
                ? t('sources.notListed')
                : t('sources.removed')}
          </p>
          {citation !== null && (
            <p>
              {t('sources.quoteKept')} <q>{citation.quote}</q>
            </p>
          )}
        </div>
      ) : text.length === 0 ? (
        <div className="empty-state">
          <p>{t('sources.notArrived')}</p>
          {citation !== null && (
            <p>
              {t('sources.quote')} <q>{citation.quote}</q>
            </p>
          )}
        </div>
      ) : (
        <>
          {citation !== null && resolved === null && (
            <p className="notice notice--warning" role="note">
              {t('sources.passageGone')} <q>{citation.quote}</q>
            </p>
          )}
          <div className="source-actions">
            {props.canWrite && props.cite !== null && (
              <button type="button" className="button button--primary" onClick={cite} aria-describedby={textId}>
                {t('sources.cite.button')}
              </button>
            )}
            {file !== null && (
              <button type="button" className="button" onClick={() => downloadFile({ fileName: file.name, mediaType: file.mediaType, data: file.data })}>
                {t('sources.download')}
              </button>
            )}
            {props.canWrite && entry !== null && props.member !== null && mayRemoveSource(props.member, entry) && (
              <button type="button" className="button" onClick={() => void remove()}>
                {t('sources.remove.button')}
              </button>
            )}
          </div>
          {message !== null && (
            <p className="field-error" role="alert">
              {message}
            </p>
          )}
          <label htmlFor={textId} className="source-text-label">
            {t('sources.text')}
          </label>
          <textarea id={textId} ref={textRef} className="source-text" readOnly value={text} />
        </>
      )}
      <h4 className="source-cited-heading">{t('sources.citedAt', { count: citedAt.length })}</h4>
      {citedAt.length > 0 && (
        <ul className="source-cited-list">
          {citedAt.map((c) => (
            <li key={`${c.chapterId}:${c.place.id}`}>
              <button type="button" className="link-button" onClick={() => props.onShowCitation(c)}>
                {c.chapterTitle || t('sources.untitledChapter')}: <q>{c.place.quote.length > 80 ? `${c.place.quote.slice(0, 80)}…` : c.place.quote}</q>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
