/**
 * "Ändringar som servern inte godtog": each change the sync server refused
 * (refused-changes.ts), with its chapter (or the plan's details, or a
 * source: RefusedPlanDoc.tsx), when, why, and the words themselves, and what
 * the user can do with them: turn a chapter's into a suggestion
 * (refused-to-suggestion.ts), export them as a text file to send to the
 * owner agency or the coordinator, or discard them after confirming. A modal dialog;
 * every action is a button, so it is all keyboard-usable, and what happened
 * is said in a polite live region.
 */
import { useId, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Member } from '../../shared/plan/member.ts';
import { refusedChapterText, refusedSourceText, type RefusedChange } from '../../shared/refused/refused-change.ts';
import { useModalDialog } from '../app/use-modal-dialog.ts';
import { downloadFile } from '../exchange/download-file.ts';
import { hostErrorText } from '../host/host-error-text.ts';
import type { PlanSession } from '../plan/plan-session.ts';
import { InlineConfirm } from '../sync/InlineConfirm.tsx';
import { useSyncStatus } from '../sync/sync-hooks.ts';
import type { RefusedChanges } from './refused-changes.ts';
import { suggestRefusedChange } from './refused-to-suggestion.ts';
import { RefusedPlanDoc } from './RefusedPlanDoc.tsx';

interface Props {
  readonly session: PlanSession;
  readonly refused: RefusedChanges;
  readonly onClose: () => void;
}

export function useRefusedChanges(refused: RefusedChanges | null): readonly RefusedChange[] {
  return useSyncExternalStore(
    (listener) => (refused === null ? () => undefined : refused.subscribe(listener)),
    () => refused?.records ?? NONE,
  );
}

const NONE: readonly RefusedChange[] = [];

export function RefusedChangesDialog({ session, refused, onClose }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const dialogRef = useModalDialog({ restoreFocus: true });
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const records = useRefusedChanges(refused);
  // Re-rendered as the sync goes on: a rebuilt chapter's copy from the server arrives.
  useSyncStatus(session.sync);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const failed = (error: unknown): void => setMessage(t('refusedChanges.failed', { reason: hostErrorText(t, error) }));
  /** After a record leaves the list, focus must not fall out of the dialog. */
  const refocus = (): void => void requestAnimationFrame(() => headingRef.current?.focus());

  const toSuggestion = async (record: RefusedChange, title: string): Promise<void> => {
    const chapter = session.chapter(record.docId);
    const entry = session.manifest.chapters.find((c) => c.id === record.docId);
    const server = session.sync?.member;
    if (chapter === undefined || entry === undefined || server === undefined) return setMessage(t('refusedChanges.chapterGone'));
    const member: Member = { memberId: server.id, name: server.name, agency: server.agency, role: server.role };
    setBusy(record.id);
    try {
      const result = suggestRefusedChange(chapter, record.update, member, { owner: entry.owner, coWriters: entry.coWriters });
      if (result.notSuggestible.length > 0) return setMessage(t('refusedChanges.partly', { reason: result.notSuggestible.join(' ') }));
      if (result.suggested === 0) return setMessage(t('refusedChanges.nothingToSuggest'));
      // The suggestion is in the chapter and saved here before the record goes.
      await session.whenSaved();
      await refused.discard(record.id);
      setMessage(t('refusedChanges.suggested', { title }));
      refocus();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  const exportText = async (record: RefusedChange): Promise<void> => {
    setBusy(record.id);
    try {
      const result = await refused.exportFile(record.id);
      if (result.outcome === 'download') downloadFile(result);
      if (result.outcome === 'saved') setMessage(t('refusedChanges.exported', { path: result.path }));
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  const discard = async (record: RefusedChange, title: string): Promise<void> => {
    setConfirming(null);
    setBusy(record.id);
    try {
      await refused.discard(record.id);
      setMessage(t('refusedChanges.discarded', { title }));
      refocus();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <dialog ref={dialogRef} className="overview-dialog refused-dialog" aria-labelledby={titleId} onCancel={onClose} onClose={onClose}>
      <div className="overview-head">
        <h2 id={titleId} ref={headingRef} tabIndex={-1}>
          {t('refusedChanges.title')}
        </h2>
        <div className="overview-controls">
          <button type="button" className="button" onClick={onClose}>
            {t('refusedChanges.close')}
          </button>
        </div>
      </div>
      <div className="overview-body">
        {records.some((r) => r.docKind === 'chapter') && <p>{t('refusedChanges.intro')}</p>}
        {records.some((r) => r.docKind !== 'chapter') && <p>{t('refusedChanges.introPlan')}</p>}
        <p role="status" className="refused-message">
          {message}
        </p>
        <ul className="refused-list">
          {records.map((record) => {
            const isChapter = record.docKind === 'chapter';
            const entry = isChapter ? session.manifest.chapters.find((c) => c.id === record.docId) : undefined;
            const title = recordTitle(session, record, t);
            const chapter = isChapter ? session.chapter(record.docId) : undefined;
            const arrived = chapter !== undefined && chapter.doc.getMap('meta').get('kind') === 'chapter';
            const headingId = `refused-${record.id}`;
            const heading =
              record.docKind === 'manifest' ? t('refusedChanges.headingManifest') : record.docKind === 'source' ? t('refusedChanges.headingSource', { title }) : t('refusedChanges.heading', { title });
            return (
              <li key={record.id} className="refused-item" data-refused-kind={record.docKind} data-refused-chapter={isChapter ? record.docId : undefined}>
                <section aria-labelledby={headingId}>
                  <h3 id={headingId}>{heading}</h3>
                  <p>{t('refusedChanges.meta', { name: record.by.name, at: new Date(record.refusedAt).toLocaleString(i18n.language) })}</p>
                  <p>{whyText(record, t)}</p>
                  {record.docKind !== 'manifest' && (
                    <>
                      <h4>{t('refusedChanges.text')}</h4>
                      {record.docKind === 'source' && textOf(record) === '' ? (
                        // Removing a source empties its doc: an empty box would look like lost words.
                        <p>{t('refusedChanges.sourceNoText')}</p>
                      ) : (
                        /* Scrollable, so it takes focus for keyboard scrolling. */
                        <div className="refused-text" role="region" aria-label={t('refusedChanges.text')} tabIndex={0}>
                          <pre>{textOf(record)}</pre>
                        </div>
                      )}
                    </>
                  )}
                  {!isChapter && <RefusedPlanDoc session={session} record={record} />}
                  {isChapter && <p className="refused-hint">{t('refusedChanges.notCarried')}</p>}
                  {isChapter && entry === undefined && <p>{t('refusedChanges.chapterGone')}</p>}
                  {isChapter && entry !== undefined && !arrived && <p>{t('refusedChanges.waiting')}</p>}
                  <div className="dialog-actions">
                    {isChapter && (
                      <button type="button" className="button button--primary" disabled={busy !== null || entry === undefined || !arrived} onClick={() => void toSuggestion(record, title)}>
                        {t('refusedChanges.toSuggestion')}
                      </button>
                    )}
                    <button type="button" className="button" disabled={busy !== null} onClick={() => void exportText(record)}>
                      {t('refusedChanges.export')}
                    </button>
                    <button type="button" className="button button--danger" disabled={busy !== null} onClick={() => setConfirming(record.id)}>
                      {t('refusedChanges.discard')}
                    </button>
                  </div>
                  {confirming === record.id && (
                    <InlineConfirm
                      question={t('refusedChanges.discardQuestion', { title })}
                      confirm={t('refusedChanges.discardConfirm')}
                      onConfirm={() => void discard(record, title)}
                      onCancel={() => setConfirming(null)}
                    />
                  )}
                </section>
              </li>
            );
          })}
        </ul>
      </div>
    </dialog>
  );
}

/** Why the server refused it, in the user's words; a source's own rule, since the role sentence speaks of the plan's chapter list. */
function whyText(record: RefusedChange, t: TFunction): string {
  if (record.rule === null) return t('refusedChanges.whyUnknown', { detail: record.detail });
  const why = record.docKind === 'source' && record.rule === 'plan-not-permitted' ? t('refusedChanges.whySource') : t(`sync.status.ruleWhy.${record.rule}`);
  return t('refusedChanges.why', { why });
}

/** What the record is about, in the user's words: the chapter's or source's title now (or when refused), the plan's details. */
export function recordTitle(session: PlanSession, record: RefusedChange, t: TFunction): string {
  switch (record.docKind) {
    case 'chapter':
      return session.manifest.chapters.find((c) => c.id === record.docId)?.title || record.docTitle || '—';
    case 'source':
      return session.sources.entries.find((e) => e.id === record.docId)?.title || record.docTitle || '—';
    case 'manifest':
      // In a sentence: "Kasta ändringarna i planens uppgifter?"
      return t('refusedChanges.manifestInSentence');
  }
}

const texts = new WeakMap<RefusedChange, string>();

/** The refused chapter's or source's words, read once per record. */
function textOf(record: RefusedChange): string {
  let text = texts.get(record);
  if (text === undefined) {
    try {
      text = record.docKind === 'source' ? refusedSourceText(record.update) : refusedChapterText(record.update);
    } catch {
      text = '';
    }
    texts.set(record, text);
  }
  return text;
}
