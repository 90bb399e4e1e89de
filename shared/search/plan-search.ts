/**
 * Plan-wide search over what the session already holds (issue 16): every
 * chapter's text, read as a ProseMirror document (readChapterDoc), every
 * comment message and every reply on a suggestion. Pure: the renderer hands in the documents and threads,
 * so tests run it on Y.Docs without an editor.
 *
 * Text positions are ProseMirror positions in the chapter document, so the
 * editor can select a match as it is (the editor's document is built from
 * the same Y.Text the same way). Matches never cross a paragraph.
 *
 * Text marked as a suggested deletion (`suggestion_delete`) is searched: it
 * is still in the chapter, shown struck through, and whoever looks for every
 * place a term is discussed needs to see where someone proposes to remove
 * it. Such a match says so (`suggestedDeletion`).
 */
import type { Node as PmNode } from 'prosemirror-model';
import type { CommentThread } from '../comments/threads.ts';
import type { Suggestion } from '../suggestions/suggestions.ts';
import { findInText, type PlanQuery, type TextMatch } from './query.ts';

/** At most this many results; the rest is counted but not listed. */
export const MAX_RESULTS = 500;
/** Characters of context on each side of a match, before cutting at a word. */
const CONTEXT = 60;

export interface MatchContext {
  readonly before: string;
  readonly match: string;
  readonly after: string;
}

export type SearchResult =
  | {
      readonly kind: 'text';
      readonly chapterId: string;
      /** ProseMirror positions in the chapter document. */
      readonly from: number;
      readonly to: number;
      readonly context: MatchContext;
      readonly suggestedDeletion: boolean;
    }
  | {
      readonly kind: 'comment';
      readonly chapterId: string;
      readonly threadId: string;
      readonly messageId: string;
      readonly author: string;
      readonly context: MatchContext;
    }
  | {
      readonly kind: 'suggestion-reply';
      readonly chapterId: string;
      readonly suggestionId: string;
      readonly messageId: string;
      readonly author: string;
      readonly context: MatchContext;
    };

export interface SearchedChapter {
  readonly id: string;
  readonly doc: PmNode;
  readonly threads: ReadonlyMap<string, CommentThread>;
  readonly suggestions: readonly Pick<Suggestion, 'id' | 'messages'>[];
}

export interface PlanSearchResults {
  readonly results: readonly SearchResult[];
  /** All matches, including those past MAX_RESULTS. */
  readonly total: number;
}

/** The matches in each chapter, chapter by chapter in the given order: text first, then comments, then suggestion replies. */
export function searchPlan(query: PlanQuery, chapters: readonly SearchedChapter[], limit = MAX_RESULTS): PlanSearchResults {
  const results: SearchResult[] = [];
  let total = 0;
  const add = (result: SearchResult): void => {
    total++;
    if (results.length < limit) results.push(result);
  };
  for (const chapter of chapters) {
    for (const match of searchChapterDoc(query, chapter.doc)) add({ kind: 'text', chapterId: chapter.id, ...match });
    for (const thread of chapter.threads.values()) {
      const kept = thread.messages.filter((message) => message.deletedAt === null);
      for (const found of messageMatches(query, kept)) add({ kind: 'comment', chapterId: chapter.id, threadId: thread.id, ...found });
    }
    for (const suggestion of chapter.suggestions) {
      for (const found of messageMatches(query, suggestion.messages)) add({ kind: 'suggestion-reply', chapterId: chapter.id, suggestionId: suggestion.id, ...found });
    }
  }
  return { results, total };
}

interface Message {
  readonly id: string;
  readonly author: { readonly name: string };
  readonly text: string;
}

function messageMatches(query: PlanQuery, messages: readonly Message[]): { messageId: string; author: string; context: MatchContext }[] {
  return messages.flatMap((message) =>
    findInText(query, message.text).map((match) => ({ messageId: message.id, author: message.author.name, context: contextOf(message.text, match) })),
  );
}

export interface DocMatch {
  readonly from: number;
  readonly to: number;
  readonly context: MatchContext;
  readonly suggestedDeletion: boolean;
}

/** The matches in one chapter document, with ProseMirror positions. */
export function searchChapterDoc(query: PlanQuery, doc: PmNode): DocMatch[] {
  const matches: DocMatch[] = [];
  doc.descendants((block, pos) => {
    if (!block.isTextblock) return true;
    // One character per position: text as it is, any other inline node
    // (a line break) as one newline, so index i is position start + i.
    let text = '';
    block.forEach((child) => {
      text += child.isText ? child.text! : '\n';
    });
    const start = pos + 1;
    for (const match of findInText(query, text)) {
      let suggestedDeletion = false;
      doc.nodesBetween(start + match.from, start + match.to, (node) => {
        if (node.marks.some((mark) => mark.type.name === 'suggestion_delete')) suggestedDeletion = true;
      });
      matches.push({ from: start + match.from, to: start + match.to, context: contextOf(text, match), suggestedDeletion });
    }
    return false;
  });
  return matches;
}

/** The match with up to CONTEXT characters around it, cut at whole words. */
export function contextOf(text: string, match: TextMatch): MatchContext {
  let before = text.slice(Math.max(0, match.from - CONTEXT), match.from);
  if (match.from > CONTEXT) before = `…${before.replace(/^\S*\s/, '')}`;
  let after = text.slice(match.to, match.to + CONTEXT);
  if (match.to + CONTEXT < text.length) after = `${after.replace(/\s\S*$/, '')}…`;
  const flat = (s: string): string => s.replace(/\s+/g, ' ');
  return { before: flat(before), match: flat(text.slice(match.from, match.to)), after: flat(after) };
}
