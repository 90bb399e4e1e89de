/**
 * Computers that exchange only by file: each a real HostService on its own
 * data folder with a local profile, editing a plan the way the renderer does
 * (an update built on the stored state, sent through saveUpdate), and
 * handing files to each other through the HostApi as a user would.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { AgencyCode } from '../../../shared/agencies/agencies.ts';
import { readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { createThread, readThreads } from '../../../shared/comments/threads.ts';
import type { ExchangeFileChoice, HostApi, ImportOutcome } from '../../../shared/host-api/host-api.ts';
import { chapterDocName } from '../../../shared/plan/doc-names.ts';
import { localRole, type Member } from '../../../shared/plan/member.ts';
import { initSourceDoc, sourceDocName } from '../../../shared/sources/source-doc.ts';
import { addSourceEntry } from '../../../shared/sources/source-list.ts';
import type { HostService } from '../../../src-main/host/host-service.ts';
import { docFrom, editChapter, editChapterWith, manifestOf, paragraphs } from '../host/chapter-doc.ts';

export interface Peer {
  readonly host: HostService;
  readonly member: Member;
}

export async function peer(host: HostService, name: string, agency: AgencyCode): Promise<Peer> {
  const preferences = await host.setPreferences({ name, agency });
  return { host, member: { memberId: preferences.memberId, name, agency, role: localRole(agency) } };
}

/** The chapter at `index` of the plan as stored on this computer. */
export async function chapterDoc(host: HostApi, planId: string, index = 0): Promise<{ doc: Y.Doc; name: string }> {
  const plan = await host.loadPlan({ planId });
  const entry = manifestOf(plan).chapters[index];
  if (entry === undefined) throw new Error(`no chapter at ${index}`);
  const name = chapterDocName(planId, entry.id);
  const stored = plan.chapters.find((c) => c.name === name);
  return { doc: stored === undefined ? new Y.Doc() : docFrom(stored.update), name };
}

/**
 * Deletes the paragraph whose text is `text`, as a writer who selects that
 * paragraph and deletes it: its own block boundary goes with it, never a
 * neighbour's. (A diff of the whole chapter can pick the neighbour's:
 * "Björn skriver 2 …" and "Anna skriver 1 …" end alike, so the differing
 * range runs from Björn's words into Anna's paragraph start, and Anna's
 * text would join whatever block a colleague wrote before it meanwhile.)
 */
export async function deleteParagraph(host: HostApi, planId: string, text: string, index = 0): Promise<void> {
  const { doc, name } = await chapterDoc(host, planId, index);
  await host.saveUpdate({
    docName: name,
    update: editChapterWith(doc, (tr) => {
      let at = -1;
      tr.doc.forEach((node, offset) => {
        if (at < 0 && node.isTextblock && node.textContent === text) at = offset;
      });
      if (at < 0) throw new Error(`no paragraph "${text}" in the chapter`);
      tr.delete(at, at + (tr.doc.nodeAt(at)?.nodeSize ?? 0));
    }),
  });
}

/** Writes `texts` as the chapter's paragraphs, as the editor would, and saves it. */
export async function writeChapter(host: HostApi, planId: string, texts: string[], index = 0): Promise<void> {
  const { doc, name } = await chapterDoc(host, planId, index);
  await host.saveUpdate({ docName: name, update: editChapter(doc, paragraphs(...texts)) });
}

export async function comment(p: Peer, planId: string, text: string, index = 0): Promise<void> {
  const { doc, name } = await chapterDoc(p.host, planId, index);
  const before = Y.encodeStateVector(doc);
  createThread(doc, p.member, { id: randomUUID(), messageId: randomUUID(), text, quote: '', assignedAgency: null });
  await p.host.saveUpdate({ docName: name, update: Y.encodeStateAsUpdate(doc, before) });
}

/** The chapter's paragraphs as plain text. */
export async function paragraphsOf(host: HostApi, planId: string, index = 0): Promise<string[]> {
  const { doc } = await chapterDoc(host, planId, index);
  const texts: string[] = [];
  readChapterDoc(doc).forEach((block) => texts.push(block.textContent));
  return texts;
}

export async function commentsOf(host: HostApi, planId: string, index = 0): Promise<string[]> {
  const { doc } = await chapterDoc(host, planId, index);
  return readThreads(doc)
    .map((t) => `${t.author.name}: ${t.messages[0]?.text ?? ''}`)
    .sort();
}

/** The file `from` writes for `to` (null: everything), or null when there is nothing new. */
export async function changesFile(from: Peer, planId: string, to: Peer | null): Promise<Uint8Array | null> {
  const result = await from.host.exportChanges({ planId, recipientId: to === null ? null : to.member.memberId });
  if (result.outcome === 'nothing-new') return null;
  if (result.outcome !== 'download') throw new Error(`expected a download, got ${result.outcome}`);
  return result.data;
}

export async function planFile(from: Peer, planId: string): Promise<Uint8Array> {
  const result = await from.host.exportPlanFile({ planId });
  if (result.outcome !== 'download') throw new Error(`expected a download, got ${result.outcome}`);
  return result.data;
}

export type Ready = Extract<ExchangeFileChoice, { outcome: 'ready' }>;

export async function inspect(to: Peer, planId: string | null, data: Uint8Array): Promise<ExchangeFileChoice> {
  return to.host.inspectExchangeFile({ planId, data });
}

/** Inspects and imports; fails the test if the file is refused. */
export async function importFile(to: Peer, planId: string | null, data: Uint8Array): Promise<{ ready: Ready; outcome: ImportOutcome }> {
  const choice = await inspect(to, planId, data);
  if (choice.outcome !== 'ready') throw new Error(`the file was not accepted: ${JSON.stringify(choice)}`);
  const outcome = await to.host.importExchangeFile({ fileId: choice.fileId });
  if (outcome.outcome !== 'imported') throw new Error(`the file was not imported: ${JSON.stringify(outcome)}`);
  return { ready: choice, outcome };
}

/** Every stored doc of the plan as `name → encoded state`, to compare two computers or a before and after. */
export async function planState(host: HostApi, planId: string): Promise<Map<string, string>> {
  const plan = await host.loadPlan({ planId });
  const state = new Map<string, string>();
  for (const stored of [plan.manifest, ...plan.chapters]) {
    const doc = docFrom(stored.update);
    state.set(stored.name, JSON.stringify({ json: stored.name === plan.manifest.name ? doc.getMap('chapters').toJSON() : readChapterDoc(doc).toJSON(), threads: doc.getMap('threads').toJSON(), sv: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort() }));
  }
  return state;
}

/** Adds a source (Underlag) as the app does: its doc with text and file, then its entry in the manifest. */
export async function addSource(p: Peer, planId: string, title: string, text: string): Promise<void> {
  const sourceId = randomUUID();
  const source = new Y.Doc();
  initSourceDoc(source, { planId, sourceId, text, file: { name: `${title}.txt`, format: 'text', data: new TextEncoder().encode(text) } });
  await p.host.saveUpdate({ docName: sourceDocName(planId, sourceId), update: Y.encodeStateAsUpdate(source) });
  const manifest = docFrom((await p.host.loadPlan({ planId })).manifest.update);
  const before = Y.encodeStateVector(manifest);
  if (!addSourceEntry(manifest, { id: sourceId, title, issuer: 'Migrationsverket', date: null, format: 'text', fileName: `${title}.txt` }, p.member, new Date().toISOString())) throw new Error('the source was not added');
  await p.host.saveUpdate({ docName: `plan/${planId}`, update: Y.encodeStateAsUpdate(manifest, before) });
}
