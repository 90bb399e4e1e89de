/**
 * A refused plan doc in the dialog "Ändringar som servern inte godtog":
 * the manifest (the plan's title, details and chapter list) or a source,
 * and what differs between her refused state and the server's copy now
 * (shared/refused/manifest-differences.ts). Neither can become a
 * suggestion; the dialog says what she can do instead (ask the
 * coordinator; the export holds what she changed).
 */
import { useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import * as Y from 'yjs';
import { manifestDifferences, type ManifestDifference } from '../../shared/refused/manifest-differences.ts';
import { refusedSourceText, type RefusedChange } from '../../shared/refused/refused-change.ts';
import { sourceText } from '../../shared/sources/source-doc.ts';
import { agencyName } from '../comments/comment-words.ts';
import type { PlanSession } from '../plan/plan-session.ts';

interface Props {
  readonly session: PlanSession;
  readonly record: RefusedChange;
}

/** What differs, as sentences; null while the server's copy has not arrived. */
export function RefusedPlanDoc({ session, record }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  // Recomputed as the server's copy arrives or changes.
  useSyncExternalStore(
    (listener) => {
      const stopManifest = session.subscribe(listener);
      const stopSources = session.sources.subscribe(listener);
      return () => {
        stopManifest();
        stopSources();
      };
    },
    () => session.manifest,
  );
  const lines = record.docKind === 'manifest' ? manifestLines(session, record, t, i18n.language) : sourceLines(session, record, t);
  return (
    <>
      <h4>{t('refusedChanges.differences')}</h4>
      {lines === null ? (
        <p>{t('refusedChanges.waitingPlan')}</p>
      ) : lines.length === 0 ? (
        <p>{t('refusedChanges.noDifferences')}</p>
      ) : (
        <ul className="refused-differences">
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {record.docKind === 'manifest' && <p className="refused-hint">{t('refusedChanges.differencesNote')}</p>}
      <p className="refused-hint">{t(record.docKind === 'manifest' ? 'refusedChanges.manifestNoSuggestion' : 'refusedChanges.sourceNoSuggestion')}</p>
    </>
  );
}

function manifestLines(session: PlanSession, record: RefusedChange, t: TFunction, language: string): string[] | null {
  // The rebuilt manifest is empty until the server's copy arrives.
  if (session.manifestDoc.getMap('meta').get('kind') !== 'manifest') return null;
  const refused = new Y.Doc();
  try {
    Y.applyUpdate(refused, record.update);
    return manifestDifferences(refused, session.manifestDoc).map((d) => differenceText(d, t, language));
  } catch {
    return [];
  } finally {
    refused.destroy();
  }
}

function sourceLines(session: PlanSession, record: RefusedChange, t: TFunction): string[] | null {
  // The rebuilt manifest is empty until the server's copy arrives.
  if (session.manifestDoc.getMap('meta').get('kind') !== 'manifest') return null;
  const entry = session.sources.entries.find((e) => e.id === record.docId);
  // The server never listed it: the plan doc that added it was refused (or never sent).
  if (entry === undefined) return [t('refusedChanges.sourceUnlisted')];
  // A removed source's doc on the server holds nothing new, perhaps nothing at all: there is no copy to wait for.
  if (entry.removedAt !== null) return [t('refusedChanges.sourceRemoved')];
  const doc = session.sources.doc(record.docId);
  if (doc === undefined || doc.getMap('meta').get('kind') !== 'source') return null;
  const lines: string[] = [];
  if (entry.title !== record.docTitle) lines.push(t('refusedChanges.diff.sourceTitle', { mine: record.docTitle, server: entry.title }));
  if (sourceText(doc).toString() !== refusedSourceText(record.update)) lines.push(t('refusedChanges.diff.sourceText'));
  return lines;
}

function differenceText(d: ManifestDifference, t: TFunction, language: string): string {
  const none = t('refusedChanges.diff.none');
  const agency = (code: string | null): string => (code === null ? none : agencyName(code, language) || code);
  const agencies = (codes: readonly string[]): string => (codes.length === 0 ? none : codes.map(agency).join(', '));
  const status = (s: string): string => t(`workflow.status.${s}`);
  switch (d.kind) {
    case 'plan-title':
      return t('refusedChanges.diff.planTitle', { mine: d.mine, server: d.server });
    case 'plan-detail':
      return t('refusedChanges.diff.detail', { field: t(`workflow.details.${d.field}`), mine: d.mine, server: d.server });
    case 'contact':
      return t('refusedChanges.diff.contact', { agency: agency(d.agency), mine: d.mine, server: d.server });
    case 'chapter-title':
      return t('refusedChanges.diff.chapterTitle', { mine: d.mine, server: d.server });
    case 'chapter-owner':
      return t('refusedChanges.diff.chapterOwner', { title: d.title, mine: agency(d.mine), server: agency(d.server) });
    case 'chapter-co-writers':
      return t('refusedChanges.diff.chapterCoWriters', { title: d.title, mine: agencies(d.mine), server: agencies(d.server) });
    case 'chapter-status':
      return t('refusedChanges.diff.chapterStatus', { title: d.title, mine: status(d.mine), server: status(d.server) });
    case 'chapter-order':
      return t('refusedChanges.diff.chapterOrder', { mine: d.mine.join(', '), server: d.server.join(', ') });
    case 'chapter-added':
      return t('refusedChanges.diff.chapterAdded', { title: d.title });
    case 'chapter-deleted':
      return t('refusedChanges.diff.chapterDeleted', { title: d.title });
  }
}
