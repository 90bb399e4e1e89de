/**
 * An open plan: the outline on the left, the chapter editor in the centre and
 * the status bar below. Landmarks (banner, navigation, main, contentinfo) let
 * screen-reader users jump between them.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCY_CODES, type AgencyCode } from '../../shared/agencies/agencies.ts';
import { ChapterEditor } from '../editor/ChapterEditor.tsx';
import { Outline } from '../outline/Outline.tsx';
import { StatusBar } from '../status/StatusBar.tsx';
import { AppHeader } from '../app/AppHeader.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { ExchangeDialog } from '../exchange/ExchangeDialog.tsx';
import { ImportDialog } from '../import/ImportDialog.tsx';
import { importIntoPlan } from '../import/import-into-plan.ts';
import { CoWritersField } from './CoWritersField.tsx';
import { TitleField } from '../app/TitleField.tsx';
import type { ChapterHandle, PlanSession } from './plan-session.ts';
import { readingPlace, rememberReadingPlace } from './reading-place.ts';
import type { Member } from '../../shared/plan/member.ts';
import { SuggestionPanel, type SidebarShows } from '../suggestions/SuggestionPanel.tsx';
import { AgencyOptions } from '../app/AgencyOptions.tsx';
import { useSuggestionCounts } from '../suggestions/plan-suggestions.ts';
import { ChapterComments } from '../comments/chapter-comments.ts';
import { CommentSidebar } from '../comments/CommentSidebar.tsx';
import { CommentsOverview, type OverviewPlace } from '../comments/CommentsOverview.tsx';
import { openCount, usePlanThreads } from '../comments/plan-threads.ts';
import { DEFAULT_FILTER, matchesFilter, type ThreadFilter } from '../comments/thread-filters.ts';
import { useProfile } from '../profile/profile-context.tsx';
import { useChapterArrived, usePresence, useSyncStatus } from '../sync/sync-hooks.ts';
import { useRefusedChanges } from '../refused/RefusedChangesDialog.tsx';
import { hasUnsyncedChanges } from '../sync/sync-status.ts';
import { PresenceList } from '../sync/PresenceList.tsx';
import { PublishDialog } from '../sync/PublishDialog.tsx';
import { InviteDialog } from '../sync/InviteDialog.tsx';
import { MembersDialog } from '../sync/MembersDialog.tsx';
import { DeletedChapters } from '../outline/DeletedChapters.tsx';
import { useAnnounce } from '../app/announcer.tsx';
import { may } from '../../shared/comments/comment-permissions.ts';
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import { mayChangePlan } from '../../shared/rules/manifest-rules.ts';
import { PlanSearch, type SearchPlace } from '../search/PlanSearch.tsx';
import { useShowMatch } from '../search/show-match.ts';
import { usePlanSearchShortcut } from '../search/search-shortcut.ts';
import { SourcePanel, type SourcePlace } from '../sources/SourcePanel.tsx';
import { PlanSearchIndex } from '../search/plan-search-index.ts';
import { useBrokenCitationStyle, useCitationLinks } from '../sources/citation-links.ts';
import { citationsOf, subscribeToChapters } from '../sources/plan-citations.ts';
import { insertCitation, type CitationAttrs } from '../../shared/sources/citation.ts';
import { isChapterLocked } from '../../shared/workflow/chapter-status.ts';
import { parseQuery } from '../../shared/search/query.ts';
import { ChapterStatus } from '../workflow/ChapterStatus.tsx';
import { WorkflowControls } from '../workflow/WorkflowControls.tsx';
import { useManifestWorkflow } from '../workflow/plan-workflow.ts';
import { focusSuggestionCard, type WorkflowPlace } from '../workflow/workflow-place.ts';

interface Props {
  readonly session: PlanSession;
  readonly onBack: () => void;
  /** Opens the plan again (after it was published, to start its sync). */
  readonly onReopen: () => void;
}

type SyncDialogKind = 'publish' | 'invite' | 'members' | null;

export function PlanView({ session, onBack, onReopen }: Props): ReactElement {
  const { t } = useTranslation();
  const manifest = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.manifest,
  );
  // After a reload, the chapter (and scroll position) this window was at.
  const [initialPlace] = useState(() => readingPlace(session.planId));
  const [currentId, setCurrentId] = useState<string | null>(initialPlace?.chapterId ?? manifest.chapters[0]?.id ?? null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const pendingScroll = useRef(initialPlace?.scrollTop ?? 0);
  // A chapter just added: its title gets focus, selected, so the drafter types the real title at once.
  const [newChapterId, setNewChapterId] = useState<string | null>(null);
  const chapterTitleRef = useRef<HTMLTextAreaElement>(null);
  const planAccess = session.planAccess();
  const sync = session.sync;
  const serverMember = sync?.member ?? session.server?.member ?? null;
  // A reader sees everything live but changes nothing (the server refuses it anyway).
  const readerOnly = session.readOnlyMember;
  const canEdit = planAccess.kind === 'editable' && !readerOnly;
  // On a shared plan only the coordinator changes the plan itself: its title,
  // chapter list, chapter titles, owners and order; the server refuses the
  // rest (shared/rules/manifest-rules.ts, docs/rules.md).
  const canEditPlan = canEdit && (serverMember === null || mayChangePlan(serverMember));
  const syncStatus = useSyncStatus(sync);
  const refusedRecords = useRefusedChanges(session.refusedChanges);
  const refusedChapters = useMemo(() => new Set(refusedRecords.filter((r) => r.docKind === 'chapter').map((r) => r.docId)), [refusedRecords]);
  const presence = usePresence(sync);
  const [syncDialog, setSyncDialog] = useState<SyncDialogKind>(null);
  const current = manifest.chapters.find((c) => c.id === currentId) ?? manifest.chapters[0] ?? null;
  // The chapter on this screen was deleted by someone else: say so, rather than only showing another chapter.
  const deletedHere = manifest.deletedChapters.find((c) => c.id === currentId) ?? null;
  const chapter = current ? session.chapter(current.id) : undefined;
  const chapterArrived = useChapterArrived(chapter?.doc ?? null, sync !== null);
  const ownerId = useId();
  const { member, ensureMember } = useProfile();
  const announce = useAnnounce();
  // The coordinator changed this member's role (the server closed with 4409
  // and the sync came back with the new one): the controls change with it,
  // and a screen reader hears why.
  const role = serverMember?.role ?? null;
  const lastRole = useRef(role);
  useEffect(() => {
    if (lastRole.current !== null && role !== null && role !== lastRole.current) announce(t('sync.roleNow', { role: t(`sync.roles.${role}`) }));
    lastRole.current = role;
  }, [role, announce, t]);
  const deletedSummaryRef = useRef<HTMLElement>(null);
  const [filter, setFilter] = useState<ThreadFilter>(DEFAULT_FILTER);
  const [overviewOpen, setOverviewOpen] = useState(false);
  // Where "Visa" left the overview: reopening it goes back there, so the
  // coordinator works through the threads without starting over each time.
  // Closing the overview ("Stäng", Escape) forgets it.
  const [overviewPlace, setOverviewPlace] = useState<OverviewPlace | null>(null);
  const [reveal, setReveal] = useState<{ chapterId: string; threadId: string } | null>(null);
  // "Sök i planen", and where opening a result left it (as the overview's place).
  const [searchOpen, setSearchOpen] = useState(false);
  const [exchangeOpen, setExchangeOpen] = useState(false);
  // Who imports a Word file (the dialog is open while set): the writer, once known.
  const [importAs, setImportAs] = useState<Member | null>(null);
  const [searchPlace, setSearchPlace] = useState<SearchPlace | null>(null);
  usePlanSearchShortcut(setSearchOpen);
  // "Underlag" beside the chapter, in the comments' column (issue 16); a citation in the text opens its passage.
  const [sourcePlace, setSourcePlace] = useState<SourcePlace>(null);
  const [sourcesOpen, setSourcesOpen] = useState(false);
  const sourceEntries = useSyncExternalStore(
    (listener) => session.sources.subscribe(listener),
    () => session.sources.entries,
  );
  const liveSources = useMemo(() => new Set(sourceEntries.filter((e) => e.removedAt === null).map((e) => e.id)), [sourceEntries]);
  const openCitation = useCallback((citation: CitationAttrs) => {
    setSourcesOpen(true);
    setSourcePlace({ sourceId: citation.sourceId, citation });
  }, []);
  useCitationLinks(openCitation);
  // The plan-wide search index lives in a worker for as long as the plan is open, following every change.
  // Made in an effect, not in state, so StrictMode's second mount gets a worker of its own.
  const [searchIndex, setSearchIndex] = useState<PlanSearchIndex | null>(null);
  useEffect(() => {
    const index = new PlanSearchIndex(session);
    setSearchIndex(index);
    return () => index.destroy();
  }, [session]);
  useBrokenCitationStyle(liveSources);
  // One comments controller per chapter on screen; it lives as long as the chapter is shown.
  const comments = useMemo(() => (chapter ? new ChapterComments(chapter.threads) : null), [chapter]);
  useEffect(() => () => comments?.destroy(), [comments]);
  const showMatch = useShowMatch(comments, current?.id ?? null, () => announce(t('search.gone')));
  const handles = useMemo(() => {
    const map = new Map<string, ChapterHandle>();
    for (const entry of manifest.chapters) {
      const handle = session.chapter(entry.id);
      if (handle) map.set(entry.id, handle);
    }
    return map;
  }, [manifest.chapters, session]);
  const handleList = useMemo(() => [...handles.values()], [handles]);
  const subscribeCitations = useCallback((listener: () => void) => subscribeToChapters(handles, listener), [handles]);
  const planThreads = usePlanThreads(handleList);
  const openCounts = useMemo(() => new Map(handleList.map((h) => [h.id, openCount(planThreads.get(h.id))] as const)), [handleList, planThreads]);
  const suggestionCounts = useSuggestionCounts(handleList);
  // Who writes: on a shared plan the server's member (its agency and role
  // decide Redigera / Föreslå), signed with the profile's member id as
  // comments are; the local profile otherwise.
  const writer = useMemo<Member | null>(
    () =>
      serverMember === null
        ? member
        : { memberId: member?.memberId ?? serverMember.id, name: serverMember.name, agency: serverMember.agency, role: serverMember.role },
    [serverMember, member],
  );
  const [sidebarShows, setSidebarShows] = useState<SidebarShows>('both');
  // Issue 14: an approved chapter is locked (docs/decisions/submission.md).
  const { history } = useManifestWorkflow(session);
  const locked = current !== null && isChapterLocked(current);

  // "Visa" in the overview: once the chapter is on screen, go to the thread.
  useEffect(() => {
    if (reveal === null || comments === null || current?.id !== reveal.chapterId) return;
    comments.reveal(reveal.threadId);
    setReveal(null);
  }, [reveal, comments, current?.id]);

  useEffect(() => {
    if (newChapterId === null || current?.id !== newChapterId) return;
    chapterTitleRef.current?.focus();
    chapterTitleRef.current?.select();
    setNewChapterId(null);
  }, [newChapterId, current?.id]);

  // Remember where this window is, for a reload; put the scroll position
  // back once the remembered chapter is on screen.
  // Written when the chapter changes and when the page goes (a reload), not
  // on every scroll event.
  useEffect(() => {
    if (current === null) return;
    const remember = (): void => rememberReadingPlace(session.planId, { chapterId: current.id, scrollTop: scrollerRef.current?.scrollTop ?? 0 });
    remember();
    window.addEventListener('pagehide', remember);
    return () => window.removeEventListener('pagehide', remember);
  }, [session.planId, current]);
  // The server refused the plan's own doc or a source (src-renderer/refused/):
  // the plan opens again to rebuild it from the server's copy, at this place
  // (the chapter is remembered above; the scroll position here).
  const currentIdRef = useRef(current?.id ?? null);
  currentIdRef.current = current?.id ?? null;
  useEffect(
    () =>
      session.subscribeRebuild(() => {
        const chapterId = currentIdRef.current;
        if (chapterId !== null) rememberReadingPlace(session.planId, { chapterId, scrollTop: scrollerRef.current?.scrollTop ?? 0 });
        onReopen();
      }),
    [session, onReopen],
  );
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!chapterArrived || pendingScroll.current === 0 || scroller === null) return;
    if (current?.id !== initialPlace?.chapterId) return;
    const target = pendingScroll.current;
    pendingScroll.current = 0;
    // Once fonts and the first layout are done: set earlier, the browser's
    // scroll anchoring moves the position on as the text above takes its
    // final height.
    let frame = 0;
    void document.fonts.ready.then(() => {
      frame = requestAnimationFrame(() => {
        scroller.scrollTop = target;
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [chapterArrived, current?.id, initialPlace?.chapterId]);

  /** Opens a thread's chapter and its card; a thread the sidebar's filter hides is shown with all threads. */
  function showThread(chapterId: string, threadId: string): void {
    const thread = planThreads.get(chapterId)?.get(threadId);
    if (thread && !matchesFilter(thread, filter, member)) setFilter({ ...DEFAULT_FILTER, state: 'all' });
    setCurrentId(chapterId);
    setReveal({ chapterId, threadId });
  }

  function showSuggestions(chapterId: string): void {
    setCurrentId(chapterId);
    setSidebarShows('suggestions');
  }

  /** A to-do item's or a blocker's place: its chapter, thread, suggestions or words. */
  function goTo(place: WorkflowPlace): void {
    if (place.kind === 'thread') showThread(place.chapterId, place.threadId);
    else if (place.kind === 'suggestion') {
      showSuggestions(place.chapterId);
      focusSuggestionCard(place.suggestionId);
    }
    else {
      setCurrentId(place.chapterId);
      // The words of a placeholder, found again near where the check saw them (as a search result is).
      const query = place.kind === 'text' ? parseQuery(place.text) : null;
      if (place.kind === 'text' && query !== null) showMatch({ chapterId: place.chapterId, query, from: place.from, to: place.to, text: place.text });
    }
  }

  function moveCurrent(entry: ChapterEntry, delta: number): void {
    const index = manifest.chapters.findIndex((c) => c.id === entry.id);
    if (!session.moveChapter(entry.id, index + delta)) return;
    announce(t('chapterActions.moved', { title: entry.title || '—', position: index + delta + 1, count: manifest.chapters.length }));
  }

  async function deleteCurrent(entry: ChapterEntry): Promise<void> {
    const who = await ensureMember();
    if (who === null || !session.deleteChapter(entry, who)) return;
    const index = manifest.chapters.findIndex((c) => c.id === entry.id);
    setCurrentId(manifest.chapters[index + 1]?.id ?? manifest.chapters[index - 1]?.id ?? null);
    announce(t('chapterActions.deleted', { title: entry.title || '—' }));
    // Where it can be restored; the chapter's own controls are gone.
    requestAnimationFrame(() => deletedSummaryRef.current?.focus());
  }

  async function openImport(): Promise<void> {
    const who = writer ?? (await ensureMember());
    if (who !== null) setImportAs(who);
  }

  async function restore(entry: ChapterEntry): Promise<void> {
    const who = await ensureMember();
    if (who === null || !session.restoreChapter(entry, who)) return;
    announce(t('chapterActions.restored', { title: entry.title || '—' }));
    setCurrentId(entry.id);
    setNewChapterId(entry.id);
  }

  // Tell the others which chapter is on this screen.
  useEffect(() => sync?.setCurrentChapter(current?.id ?? null), [sync, current?.id]);

  useEffect(() => {
    // Warn before closing the window while changes are still on their way to
    // disk, or (a shared plan) not yet held by the server.
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      if (session.saveState.kind !== 'saved') event.preventDefault();
      else if (session.sync !== null && hasUnsyncedChanges(session.sync.status)) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [session]);

  return (
    <div className="plan-view">
      <AppHeader
        start={
          <>
            <button type="button" className="button" onClick={onBack}>
              ← {t('plan.backToPlans')}
            </button>
            <TitleField
              label={t('plan.title')}
              className="plan-title-input"
              value={manifest.title}
              readOnly={!canEditPlan}
              onChange={(title) => session.setPlanTitle(title)}
            />
          </>
        }
      >
        <button type="button" className="button" aria-keyshortcuts="Control+Shift+F Meta+Shift+F" onClick={() => setSearchOpen(true)}>
          {t('search.button')}
        </button>
        <button type="button" className="button" onClick={() => setOverviewOpen(true)}>
          {overviewPlace === null ? t('comments.overview.button') : t('comments.overview.back')}
        </button>
        <button type="button" className="button" aria-pressed={sourcesOpen} onClick={() => setSourcesOpen(!sourcesOpen)}>
          {t('sources.button')}
        </button>
        <WorkflowControls
          session={session}
          handles={handleList}
          member={readerOnly ? null : writer}
          canEditPlan={canEditPlan}
          syncStatus={syncStatus}
          presence={presence}
          onGo={goTo}
        />
        <ExportMenu planId={session.planId} />
        <button type="button" className="button" onClick={() => setExchangeOpen(true)}>
          {t('exchange.button')}
        </button>
        {canEdit && (
          <button type="button" className="button" onClick={() => void openImport()}>
            {t('importWord.button')}
          </button>
        )}
        {sync === null && canEdit && (
          <button type="button" className="button" onClick={() => setSyncDialog('publish')}>
            {t('sync.publish.button')}
          </button>
        )}
        {sync !== null && serverMember?.role === 'coordinator' && (
          <button type="button" className="button" onClick={() => setSyncDialog('invite')}>
            {t('sync.invite.button')}
          </button>
        )}
        {sync !== null && serverMember !== null && (
          <button type="button" className="button" onClick={() => setSyncDialog('members')}>
            {t('sync.members.button')}
          </button>
        )}
        {sync !== null && <PresenceList presence={presence} chapters={manifest.chapters} />}
      </AppHeader>
      {syncDialog === 'publish' && (
        <PublishDialog
          planId={session.planId}
          onClose={() => setSyncDialog(null)}
          onPublished={() => {
            setSyncDialog(null);
            onReopen();
          }}
        />
      )}
      {syncDialog === 'invite' && session.server && (
        <InviteDialog planId={session.planId} serverUrl={session.server.serverUrl} onClose={() => setSyncDialog(null)} />
      )}
      {syncDialog === 'members' && serverMember && <MembersDialog planId={session.planId} me={serverMember} onClose={() => setSyncDialog(null)} />}
      {importAs !== null && (
        <ImportDialog
          currentChapter={
            current && chapter && chapter.problem === null && chapter.access().kind === 'editable' && may(importAs, 'edit-directly', { chapter: current })
              ? { id: current.id, title: current.title || '—' }
              : null
          }
          canAddChapter={canEditPlan}
          onImport={(document, target) => {
            const imported = importIntoPlan(session, document, target, importAs);
            setCurrentId(imported.chapterId);
            announce(t('importWord.done', { fileName: document.fileName }));
            return imported;
          }}
          onClose={() => setImportAs(null)}
        />
      )}
      {overviewOpen && (
        <CommentsOverview
          chapters={manifest.chapters}
          handles={handles}
          threads={planThreads}
          canWrite={canEdit}
          place={overviewPlace}
          onClose={() => {
            setOverviewOpen(false);
            setOverviewPlace(null);
          }}
          onShowSuggestion={(chapterId) => {
            setOverviewOpen(false);
            setOverviewPlace(null);
            showSuggestions(chapterId);
          }}
          onShow={(chapterId, thread, place) => {
            setOverviewPlace(place);
            setOverviewOpen(false);
            showThread(chapterId, thread.id);
          }}
        />
      )}
      {exchangeOpen && <ExchangeDialog session={session} onClose={() => setExchangeOpen(false)} />}
      {searchOpen && searchIndex && (
        <PlanSearch
          chapters={manifest.chapters}
          sources={sourceEntries}
          index={searchIndex}
          place={searchPlace}
          onClose={() => {
            setSearchOpen(false);
            setSearchPlace(null);
          }}
          onOpen={(result, query, place) => {
            setSearchPlace(place);
            setSearchOpen(false);
            if (result.kind === 'comment') {
              showThread(result.chapterId, result.threadId);
              return;
            }
            if (result.kind === 'suggestion-reply') {
              showSuggestions(result.chapterId);
              return;
            }
            if (result.kind === 'source') {
              setSourcesOpen(true);
              setSourcePlace({ sourceId: result.sourceId, citation: null, passage: { from: result.from, to: result.to } });
              return;
            }
            setCurrentId(result.chapterId);
            showMatch({ chapterId: result.chapterId, query, from: result.from, to: result.to, text: result.context.match });
          }}
        />
      )}

      {readerOnly && (
        <p className="notice notice--info" role="note">
          {t('sync.readerNotice')}
        </p>
      )}
      {planAccess.kind === 'read-only-newer-schema' && (
        <p className="notice notice--warning" role="note">
          {t('plan.readOnlyNewer', { docVersion: planAccess.docVersion ?? '?', appVersion: planAccess.appVersion })}
        </p>
      )}

      <div className="plan-body">
        <Outline
          chapters={manifest.chapters}
          currentId={current?.id ?? null}
          canEdit={canEditPlan}
          openCounts={openCounts}
          suggestionCounts={suggestionCounts}
          presence={presence}
          unsynced={syncStatus?.chapters}
          refused={refusedChapters}
          onSelect={setCurrentId}
          onAddChapter={() => {
            const id = session.addChapter(t('outline.newChapterTitle'), null);
            setCurrentId(id);
            setNewChapterId(id);
          }}
          onMove={(chapterId, toIndex) => session.moveChapter(chapterId, toIndex)}
        >
          <DeletedChapters
            ref={deletedSummaryRef}
            chapters={manifest.deletedChapters}
            canEdit={canEdit}
            member={member}
            onRestore={(entry) => void restore(entry)}
          />
        </Outline>
        <div className={sourcesOpen ? 'chapter-scroller chapter-scroller--sources' : 'chapter-scroller'} ref={scrollerRef}>
        <main className="chapter-pane" id="main">
          {deletedHere && (
            <p className="notice notice--warning" role="status">
              {deletedHere.deletedBy === null
                ? t('chapterActions.deletedHereUnknown', { title: deletedHere.title || '—' })
                : t('chapterActions.deletedHere', { title: deletedHere.title || '—', name: deletedHere.deletedBy.name })}
            </p>
          )}
          {current && chapter ? (
            <>
              <div className="chapter-header">
                <TitleField
                  ref={chapterTitleRef}
                  label={t('chapter.title')}
                  className="chapter-title-input"
                  value={current.title}
                  readOnly={!canEditPlan}
                  onChange={(title) => session.updateChapter(current.id, { title })}
                />
                <label className="chapter-owner">
                  <span>{t('chapter.owner')}</span>
                  <select
                    id={ownerId}
                    value={current.owner ?? ''}
                    disabled={!canEditPlan}
                    onChange={(e) =>
                      session.updateChapter(current.id, {
                        owner: (AGENCY_CODES as readonly string[]).includes(e.target.value) ? (e.target.value as AgencyCode) : null,
                      })
                    }
                  >
                    <option value="">{t('chapter.noOwner')}</option>
                    <AgencyOptions />
                  </select>
                </label>
                <CoWritersField chapter={current} manifestDoc={session.manifestDoc} member={canEdit ? writer : null} />
                <ChapterStatus
                  entry={current}
                  manifestDoc={session.manifestDoc}
                  chapterDoc={chapter.doc}
                  history={history}
                  member={canEdit ? writer : null}
                  onIdentify={canEdit && writer === null ? () => void ensureMember() : undefined}
                />
                {canEdit && (
                  <div className="chapter-actions">
                    {canEditPlan && (
                      <>
                        <button type="button" className="button button--small" onClick={() => moveCurrent(current, -1)}>
                          ↑ {t('chapterActions.moveUp')}
                        </button>
                        <button type="button" className="button button--small" onClick={() => moveCurrent(current, 1)}>
                          ↓ {t('chapterActions.moveDown')}
                        </button>
                      </>
                    )}
                    {(member === null || may(member, 'delete-chapter', { chapter: current })) && (
                      <button type="button" className="button button--small" onClick={() => void deleteCurrent(current)}>
                        {t('chapterActions.delete')}
                      </button>
                    )}
                  </div>
                )}
              </div>
              {locked && (
                <p className="notice notice--info" role="note">
                  {t('workflow.locked')}
                </p>
              )}
              {comments && chapterArrived && (
                <ChapterEditor
                  locked={locked}
                  key={current.id}
                  chapter={chapter}
                  title={current.title}
                  planEditable={planAccess.kind === 'editable'}
                  readerOnly={readerOnly}
                  comments={comments}
                  awareness={syncStatus === null ? null : (sync?.chapterAwareness(current.id) ?? null)}
                  member={writer}
                  owner={current.owner}
                  coWriters={current.coWriters}
                />
              )}
              {!chapterArrived && <p className="empty-state">{t('sync.waitingForChapter')}</p>}
            </>
          ) : (
            <p className="empty-state">{t('chapter.noChapter')}</p>
          )}
        </main>
        {sourcesOpen && (
          <SourcePanel
            shelf={session.sources}
            member={writer}
            canWrite={canEdit}
            place={sourcePlace}
            onPlaceChange={setSourcePlace}
            cite={
              comments && chapter && canEdit && chapter.problem === null && chapter.access().kind === 'editable'
                ? (attrs) => {
                    const view = comments.state.view;
                    // Not where the editor is read-only (an approved chapter's lock, a newer schema).
                    if (view === null || !view.editable || !insertCitation(attrs)(view.state, view.dispatch, view)) return false;
                    view.focus();
                    return true;
                  }
                : null
            }
            citations={(sourceId) => citationsOf(sourceId, manifest.chapters, handles)}
            subscribeToChapters={subscribeCitations}
            onShowCitation={(citation) => {
              setCurrentId(citation.chapterId);
              const query = parseQuery(citation.place.text);
              if (query !== null) showMatch({ chapterId: citation.chapterId, query, from: citation.place.from, to: citation.place.to, text: citation.place.text });
            }}
            ensureMember={ensureMember}
            onClose={() => setSourcesOpen(false)}
          />
        )}
        {current && comments && !sourcesOpen && (
          <CommentSidebar
            key={current.id}
            comments={comments}
            owner={current.owner}
            filter={filter}
            onFilterChange={setFilter}
            showThreads={sidebarShows !== 'suggestions'}
            threadsWritable={canEdit && locked}
            suggestions={
              chapter && (
                <SuggestionPanel
                  doc={chapter.doc}
                  member={writer}
                  owner={current.owner}
                  canWrite={canEdit && !locked && chapter.problem === null && chapter.access().kind === 'editable'}
                  editorView={() => comments.state.view}
                  shows={sidebarShows}
                  onShowsChange={setSidebarShows}
                />
              )
            }
          />
        )}
        </div>
      </div>
      <StatusBar session={session} />
    </div>
  );
}
