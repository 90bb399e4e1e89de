/**
 * How a drafter of another agency starts writing in a chapter, for the
 * benchmarks of the role guard (issue 13: server-load.ts --suggesters,
 * rule-guard.ts): in one transaction, the suggestion's record signed by her
 * and a new paragraph at the end of the text whose block marker carries the
 * suggestion, as the app writes a new paragraph in Föreslå. What she then
 * types goes after it, with the returned attributes: her suggested
 * insertion's mark.
 */
import type * as Y from 'yjs';
import { createMarker } from '../shared/chapter-text/block-marker.ts';
import { marksToAttributes, type TextAttributes } from '../shared/chapter-text/text-attributes.ts';
import type { Member } from '../shared/plan/member.ts';
import { schema } from '../shared/schema/schema.ts';
import { nextSuggestionId } from '../shared/suggestions/suggestion-ids.ts';
import { createSuggestion, noteWriting } from '../shared/suggestions/suggestions.ts';

export function startSuggestedParagraph(doc: Y.Doc, text: Y.Text, member: Member): TextAttributes {
  const id = nextSuggestionId(doc);
  doc.transact(() => {
    createSuggestion(doc, member, { id, kind: 'insert' });
    noteWriting(doc, id, false);
    text.insertEmbed(text.length, createMarker({ type: 'paragraph', attrs: { suggestion: { id, kind: 'insert' } }, path: [] }) as unknown as Y.AbstractType<unknown>);
  });
  return marksToAttributes([schema.marks.suggestion_insert.create({ id })]);
}
