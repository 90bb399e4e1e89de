/**
 * A small plan with everything the export must carry: two chapters, headings
 * of two levels, bold, italic, a web link and an unsafe one, nested bullet
 * lists, two numbered lists, a table with a header row, and comment threads
 * (open with a reply and a deleted message, resolved, and open with its text gone).
 */
import { createThread, deleteMessage, replyToThread, resolveThread } from '../../../shared/comments/threads.ts';
import { a, b, doc, em, h, li, ol, p, table, ul, type PmJsonNode } from '../../../shared/sample/content-builders.ts';
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
