/**
 * A small plan with everything the export must carry: two chapters, headings
 * of two levels, bold, italic, a web link and an unsafe one, nested bullet
 * lists, two numbered lists, a table with a header row, and comment threads
 * (open with a reply and a deleted message, resolved, and open with its text gone).
 */
import { createThread, deleteMessage, replyToThread, resolveThread } from '../../../shared/comments/threads.ts';
import * as Y from 'yjs';
import type { LoadedPlan } from '../../../shared/host-api/host-api.ts';
import { a, b, doc, em, h, li, ol, p, table, ul, type PmJsonNode } from '../../../shared/sample/content-builders.ts';
import type { PmJsonMark } from '../../../shared/sample/sample-plan.ts';
import { addSourceEntry, markSourceRemoved, readSources, type NewSource } from '../../../shared/sources/source-list.ts';
import type { Member } from '../../../shared/plan/member.ts';
import type { Suggestion } from '../../../shared/suggestions/suggestions.ts';
import { readExportPlan, type ExportPlan } from '../../../src-main/export/export-plan.ts';
import { ANNA, loadedPlan, OMAR } from './export-fixture.ts';

export const TITLE = 'Myndighetsgemensam plan för att öka utrikes födda kvinnors inträde på arbetsmarknaden';

function commented(text: string, threadId: string): PmJsonNode {
  return { type: 'text', text, marks: [{ type: 'comment', attrs: { threadId } }] };
}

export const PLAN = loadedPlan(TITLE, [
  {
    id: '0a0a0a0a-0000-4000-8000-000000000001',
    title: 'Inledning',
    owner: 'af',
    content: doc(
      h(1, 'Syfte'),
      p('Planen är ', b('fet'), ' och ', em('kursiv'), ', se ', a('https://www.regeringen.se/', 'regeringen.se'), '.'),
      ul('första punkten', li(['andra punkten'], ul('underpunkt'))),
      ol('steg ett', 'steg två'),
      h(2, 'Delmål'),
      p('Här finns ', commented('kommenterad text', 't-open'), ' och ', commented('löst text', 't-resolved'), '.'),
    ),
    threads: (d) => {
      createThread(d, OMAR, { id: 't-open', messageId: 'm1', text: 'Ska vi ange källa?', quote: 'kommenterad text', assignedAgency: 'af', at: '2026-12-02T08:00:00.000Z' });
      replyToThread(d, ANNA, 't-open', { id: 'm2', text: 'Ja, SCB.', at: '2026-12-02T09:00:00.000Z' });
      replyToThread(d, OMAR, 't-open', { id: 'm3', text: 'Fel tråd, strunta i detta', at: '2026-12-02T09:30:00.000Z' });
      deleteMessage(d, OMAR, 't-open', 'm3');
      createThread(d, OMAR, { id: 't-resolved', messageId: 'm4', text: 'Klart redan', quote: 'löst text', assignedAgency: null, at: '2026-12-02T10:00:00.000Z' });
      resolveThread(d, ANNA, 't-resolved');
      createThread(d, ANNA, { id: 't-detached', messageId: 'm5', text: 'Varför togs detta bort?', quote: 'borttagen mening', assignedAgency: null, at: '2026-12-03T10:00:00.000Z' });
    },
  },
  {
    id: '0a0a0a0a-0000-4000-8000-000000000002',
    title: 'Åtgärder',
    owner: 'migr',
    content: doc(
      ol('åtgärd A', 'åtgärd B'),
      table(['Åtgärd', 'Ansvarig myndighet'], ['Språkkurs', 'Migrationsverket']),
      p(a('javascript:alert(1)', 'farlig länk')),
    ),
  },
]);

/** The plan as an export reads it, with its first chapter's text replaced by `content` (ProseMirror JSON). */
export function planWithChapter(content: readonly PmJsonNode[], suggestions: readonly Suggestion[] = []): ExportPlan {
  const plan = readExportPlan(PLAN);
  return { ...plan, chapters: [{ ...plan.chapters[0]!, content: { type: 'doc', content }, threads: [], suggestions }] };
}

/** Text with a suggestion mark, as the schema's suggestion marks store it. */
export function suggested(text: string, kind: 'insert' | 'delete', id: string): PmJsonNode {
  return { type: 'text', text, marks: [{ type: `suggestion_${kind}`, attrs: { id } }] };
}

/** "Kvar " + a suggested insertion (s1, Omar) + a suggested deletion (s2, Anna). */
export const SUGGESTED_TEXT: readonly PmJsonNode[] = [
  { type: 'text', text: 'Kvar ' },
  suggested('föreslaget tillägg ', 'insert', 's1'),
  suggested('föreslagen strykning', 'delete', 's2'),
];

export const SUGGESTIONS: readonly Suggestion[] = [openSuggestion('s1', 'insert', OMAR, '2026-12-04T08:00:00.000Z'), openSuggestion('s2', 'delete', ANNA, '2026-12-05T08:00:00.000Z')];

function openSuggestion(id: string, kind: 'insert' | 'delete', member: Member, createdAt: string): Suggestion {
  const author = { memberId: member.memberId, name: member.name, agency: member.agency };
  return { id, kind, createdAt, author, messages: [], events: [], state: 'open', decision: null, contested: false };
}

/** A citation's text as the editor inserts it (shared/sources/citation.ts): the quote in ”…”, carrying the mark. */
export function cited(text: string, id: string, sourceId: string, quote: string, extra: readonly PmJsonMark[] = []): PmJsonNode {
  return { type: 'text', text, marks: [...extra, { type: 'citation', attrs: { id, sourceId, start: 'AA==', end: 'AA==', quote } }] };
}

export const SAMRAD: NewSource = {
  id: 'src-samrad',
  title: 'Samråd med civilsamhället 7 december 2022',
  issuer: 'Migrationsverket och NOD',
  date: '2022-12-07',
  format: 'pdf',
  fileName: 'samrad.pdf',
};
const REMOVED_CITED: NewSource = { id: 'src-remissvar', title: 'Remissvar från Arbetsförmedlingen', issuer: 'Arbetsförmedlingen', date: null, format: 'docx', fileName: 'remissvar.docx' };
const REMOVED_UNCITED: NewSource = { id: 'src-utkast', title: 'Gammalt utkast', issuer: '', date: null, format: 'text', fileName: 'utkast.txt' };
const UNCITED: NewSource = { id: 'src-statistik', title: 'Statistik om etablering', issuer: 'SCB', date: '2025-03-01', format: 'pdf', fileName: 'scb.pdf' };

/** The footnotes' and the source list's wording for the cited plan's sources (source-reference.ts). */
export const SAMRAD_REFERENCE = 'Samråd med civilsamhället 7 december 2022. Migrationsverket och NOD, 2022-12-07.';
export const REMOVED_REFERENCE = 'Remissvar från Arbetsförmedlingen. Arbetsförmedlingen.';
export const UNCITED_REFERENCE = 'Statistik om etablering. SCB, 2025-03-01.';

/**
 * A plan whose chapters cite its sources: in the first chapter a citation
 * whose words are split by formatting (c1, Samråd), one of a source removed
 * since (c2), one of a source the plan does not list (c3), one in a
 * suggested insertion (c4) and one in a suggested deletion (c5); in the second chapter a citation with the same
 * id as the first chapter's (copied across with its mark). The plan also
 * has an uncited source and an uncited removed one.
 */
export const CITED_PLAN = withSources(
  loadedPlan(TITLE, [
    {
      id: '0a0a0a0a-0000-4000-8000-000000000011',
      title: 'Inledning',
      owner: 'af',
      content: doc(
        p(
          'Myndigheterna ska ',
          cited('”tidigt nå ut ', 'c1', SAMRAD.id, 'tidigt nå ut med information'),
          cited('med information”', 'c1', SAMRAD.id, 'tidigt nå ut med information', [{ type: 'bold' }]),
          ' och ',
          cited('”svar på remissen”', 'c2', REMOVED_CITED.id, 'svar på remissen'),
          ' samt ',
          cited('”okänd källa”', 'c3', 'src-finns-inte', 'okänd källa'),
          '.',
        ),
        p(
          'Kvar ',
          cited('”föreslaget citat”', 'c4', SAMRAD.id, 'föreslaget citat', [{ type: 'suggestion_insert', attrs: { id: 's1' } }]),
          cited('”struket citat”', 'c5', SAMRAD.id, 'struket citat', [{ type: 'suggestion_delete', attrs: { id: 's2' } }]),
        ),
      ),
    },
    {
      id: '0a0a0a0a-0000-4000-8000-000000000012',
      title: 'Åtgärder',
      owner: 'migr',
      content: doc(p('Se ', cited('”tidigt nå ut med information”', 'c1', SAMRAD.id, 'tidigt nå ut med information'), '.')),
    },
  ]),
);

function withSources(plan: LoadedPlan): LoadedPlan {
  const manifest = new Y.Doc();
  Y.applyUpdate(manifest, plan.manifest.update);
  const at = '2026-12-02T08:00:00.000Z';
  for (const source of [SAMRAD, REMOVED_CITED, REMOVED_UNCITED, UNCITED]) {
    if (!addSourceEntry(manifest, source, ANNA, at)) throw new Error(`could not add ${source.id}`);
  }
  for (const source of readSources(manifest).filter((s) => s.id === REMOVED_CITED.id || s.id === REMOVED_UNCITED.id)) {
    if (!markSourceRemoved(manifest, source, ANNA, '2026-12-03T08:00:00.000Z')) throw new Error(`could not remove ${source.id}`);
  }
  return { ...plan, manifest: { ...plan.manifest, update: Y.encodeStateAsUpdate(manifest) } };
}
