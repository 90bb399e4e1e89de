/**
 * The plan-wide search index (issue 16): every paragraph of every chapter,
 * every comment message, every reply on a suggestion and every paragraph
 * of every source, as *passages* whose words are tokenised once
 * (search-words.ts) and kept, plus a vocabulary: each distinct word (in its
 * compared form) and the documents that hold it.
 *
 * Incremental: `setChapter`/`setSource` take a document's passages as they
 * are now and change only what differs from last time. Passages are
 * compared by their text, so typing in one paragraph of a 100-page chapter
 * tokenises that one paragraph again and moves only the words it gained or
 * lost in the vocabulary; an inserted paragraph is one new text, however
 * many positions it shifts. Rebuilding from nothing gives the same index
 * (tests/unit/search/search-index.test.ts checks it after random edits).
 *
 * A query (query.ts) is matched against the vocabulary first: only the
 * documents holding a word that some query word finds are searched, and in
 * them only the cached words, never the text again. The results are the
 * ones `searchPlan` (plan-search.ts) gives by scanning, in the same order,
 * plus the sources' matches after the chapters'.
 */
import type { Node as PmNode } from 'prosemirror-model';
import type { CommentThread } from '../comments/threads.ts';
import type { Suggestion } from '../suggestions/suggestions.ts';
import { contextOf, MAX_RESULTS, type MatchContext, type PlanSearchResults, type SearchResult } from './plan-search.ts';
import { wordMatches, type PlanQuery, type QueryWord } from './query.ts';
import { wordsOf, type TextWord } from './search-words.ts';

/** A match in a source's text: offsets in the text as the source doc stores it. */
export interface SourceSearchResult {
  readonly kind: 'source';
  readonly sourceId: string;
  readonly from: number;
  readonly to: number;
  readonly context: MatchContext;
}

export type IndexResult = SearchResult | SourceSearchResult;

export interface IndexResults {
  readonly results: readonly IndexResult[];
  readonly total: number;
}

type PassageMeta =
  | { readonly kind: 'text'; readonly start: number; readonly deleted: readonly (readonly [number, number])[] }
  | { readonly kind: 'comment'; readonly threadId: string; readonly messageId: string; readonly author: string }
  | { readonly kind: 'suggestion-reply'; readonly suggestionId: string; readonly messageId: string; readonly author: string }
  | { readonly kind: 'source'; readonly start: number };

interface Passage {
  readonly text: string;
  readonly meta: PassageMeta;
}

interface Tokens {
  readonly words: readonly TextWord[];
  /** How often each compared form occurs. */
  readonly counts: ReadonlyMap<string, number>;
}

interface IndexedDoc {
  readonly passages: readonly Passage[];
  /** How many passages of this doc have each text. */
  readonly texts: ReadonlyMap<string, number>;
  /** How often each word occurs in the doc. */
  readonly words: Map<string, number>;
}

const docKey = (kind: 'chapter' | 'source', id: string): string => `${kind}:${id}`;

export class SearchIndex {
  readonly #docs = new Map<string, IndexedDoc>();
  /** Word → the docs that hold it. */
  readonly #vocabulary = new Map<string, Set<string>>();
  /** Text → its words, shared by every passage with that text, counted so unused texts are dropped. */
  readonly #tokens = new Map<string, Tokens & { refs: number }>();

  /** A chapter as it is now: its document, its comment threads and its suggestions' replies. */
  setChapter(chapterId: string, doc: PmNode, threads: Iterable<CommentThread>, suggestions: readonly Pick<Suggestion, 'id' | 'messages'>[]): void {
    const passages: Passage[] = [];
    doc.descendants((block, pos) => {
      if (!block.isTextblock) return true;
      // One character per position, as searchChapterDoc reads it.
      let text = '';
      const deleted: [number, number][] = [];
      block.forEach((child) => {
        const from = text.length;
        text += child.isText ? child.text! : '\n';
        if (child.marks.some((mark) => mark.type.name === 'suggestion_delete')) deleted.push([from, text.length]);
      });
      passages.push({ text, meta: { kind: 'text', start: pos + 1, deleted } });
      return false;
    });
    for (const thread of threads) {
      for (const message of thread.messages) {
        if (message.deletedAt === null) passages.push({ text: message.text, meta: { kind: 'comment', threadId: thread.id, messageId: message.id, author: message.author.name } });
      }
    }
    for (const suggestion of suggestions) {
      for (const message of suggestion.messages) passages.push({ text: message.text, meta: { kind: 'suggestion-reply', suggestionId: suggestion.id, messageId: message.id, author: message.author.name } });
    }
    this.#set(docKey('chapter', chapterId), passages);
  }

  /** A source's text as it is now (paragraphs joined by '\n'; empty once removed). */
  setSource(sourceId: string, text: string): void {
    const passages: Passage[] = [];
    let start = 0;
    for (const paragraph of text.split('\n')) {
      if (paragraph.length > 0) passages.push({ text: paragraph, meta: { kind: 'source', start } });
      start += paragraph.length + 1;
    }
    this.#set(docKey('source', sourceId), passages);
  }

  removeChapter(chapterId: string): void {
    this.#set(docKey('chapter', chapterId), []);
    this.#docs.delete(docKey('chapter', chapterId));
  }

  removeSource(sourceId: string): void {
    this.#set(docKey('source', sourceId), []);
    this.#docs.delete(docKey('source', sourceId));
  }

  /**
   * The matches of `query`: chapters in `chapterOrder` (text, comments,
   * suggestion replies, as searchPlan lists them), then sources in
   * `sourceOrder`. Documents not named are not searched.
   */
  search(query: PlanQuery, chapterOrder: readonly string[], sourceOrder: readonly string[] = [], limit = MAX_RESULTS): IndexResults {
    // The vocabulary's words each query word finds: per passage, a set lookup per word instead of matching it again.
    const found = query.words.map((word) => this.#found(word));
    const candidates = this.#candidates(found);
    const results: IndexResult[] = [];
    let total = 0;
    for (const [kind, order] of [['chapter', chapterOrder], ['source', sourceOrder]] as const) {
      for (const id of order) {
        const key = docKey(kind, id);
        const doc = this.#docs.get(key);
        if (doc === undefined || !candidates.has(key)) continue;
        for (const passage of doc.passages) {
          const tokens = this.#tokens.get(passage.text)!;
          if (!holdsAny(tokens.counts, found[0]!)) continue;
          // Past the limit a match is only counted: its context is never cut.
          for (const match of findWithSets(found, tokens.words)) {
            total++;
            if (results.length < limit) results.push(resultOf(id, passage, match, contextOf(passage.text, match)));
          }
        }
      }
    }
    return { results, total };
  }

  /** What the index holds, for tests: each doc's word counts and the vocabulary. */
  snapshot(): { docs: Record<string, Record<string, number>>; vocabulary: Record<string, string[]>; texts: number } {
    const docs: Record<string, Record<string, number>> = {};
    for (const [key, doc] of [...this.#docs].sort(([a], [b]) => (a < b ? -1 : 1))) docs[key] = Object.fromEntries([...doc.words].sort(([a], [b]) => (a < b ? -1 : 1)));
    const vocabulary: Record<string, string[]> = {};
    for (const [word, holders] of [...this.#vocabulary].sort(([a], [b]) => (a < b ? -1 : 1))) vocabulary[word] = [...holders].sort();
    return { docs, vocabulary, texts: this.#tokens.size };
  }

  /** The words of the vocabulary that `word` finds. */
  #found(word: QueryWord): Set<string> {
    const found = new Set<string>();
    for (const norm of this.#vocabulary.keys()) if (matchesCached(word, norm)) found.add(norm);
    return found;
  }

  /** The docs that hold, for every query word, some word it finds. */
  #candidates(found: readonly Set<string>[]): Set<string> {
    let candidates: Set<string> | undefined;
    for (const words of found) {
      const holders = new Set<string>();
      for (const norm of words) for (const doc of this.#vocabulary.get(norm) ?? []) holders.add(doc);
      const before: Set<string> | undefined = candidates;
      candidates = before === undefined ? holders : new Set([...before].filter((d) => holders.has(d)));
      if (candidates.size === 0) break;
    }
    return candidates ?? new Set<string>();
  }

  #set(key: string, passages: readonly Passage[]): void {
    const old = this.#docs.get(key);
    const texts = new Map<string, number>();
    for (const passage of passages) texts.set(passage.text, (texts.get(passage.text) ?? 0) + 1);
    const words = old?.words ?? new Map<string, number>();
    const change = (text: string, times: number): void => {
      let tokens = this.#tokens.get(text);
      if (tokens === undefined) {
        const textWords = wordsOf(text);
        const counts = new Map<string, number>();
        for (const w of textWords) counts.set(w.norm, (counts.get(w.norm) ?? 0) + 1);
        tokens = { words: textWords, counts, refs: 0 };
        this.#tokens.set(text, tokens);
      }
      tokens.refs += times;
      for (const [norm, count] of tokens.counts) {
        const before = words.get(norm) ?? 0;
        const after = before + count * times;
        if (after === 0) words.delete(norm);
        else words.set(norm, after);
        if (before === 0 && after > 0) this.#holders(norm).add(key);
        else if (before > 0 && after === 0) this.#dropHolder(norm, key);
      }
      if (tokens.refs === 0) this.#tokens.delete(text);
    };
    // Gained texts first, so a text that moves between passages is never dropped from the cache in between.
    for (const [text, count] of texts) {
      const delta = count - (old?.texts.get(text) ?? 0);
      if (delta > 0) change(text, delta);
    }
    if (old !== undefined) {
      for (const [text, count] of old.texts) {
        const delta = (texts.get(text) ?? 0) - count;
        if (delta < 0) change(text, delta);
      }
    }
    this.#docs.set(key, { passages, texts, words });
  }

  #holders(norm: string): Set<string> {
    let holders = this.#vocabulary.get(norm);
    if (holders === undefined) {
      holders = new Set();
      this.#vocabulary.set(norm, holders);
    }
    return holders;
  }

  #dropHolder(norm: string, key: string): void {
    const holders = this.#vocabulary.get(norm);
    holders?.delete(key);
    if (holders?.size === 0) this.#vocabulary.delete(norm);
  }
}

// A query word is matched against every word of the vocabulary; remember the answers for the last few query words.
const matchCache = new Map<string, Map<string, boolean>>();
function matchesCached(word: QueryWord, norm: string): boolean {
  const id = `${word.norm}\u0000${word.key ?? ''}`;
  let answers = matchCache.get(id);
  if (answers === undefined) {
    if (matchCache.size > 16) matchCache.clear();
    answers = new Map();
    matchCache.set(id, answers);
  }
  let answer = answers.get(norm);
  if (answer === undefined) {
    answer = wordMatches(word, norm);
    answers.set(norm, answer);
  }
  return answer;
}

/** Whether a passage's words include one of `found`. */
function holdsAny(counts: ReadonlyMap<string, number>, found: ReadonlySet<string>): boolean {
  if (found.size < counts.size) {
    for (const norm of found) if (counts.has(norm)) return true;
    return false;
  }
  for (const norm of counts.keys()) if (found.has(norm)) return true;
  return false;
}

/** findInWords (query.ts) with each query word's matches known: consecutive words, not overlapping. */
function findWithSets(found: readonly ReadonlySet<string>[], words: readonly TextWord[]): { from: number; to: number }[] {
  const matches: { from: number; to: number }[] = [];
  const n = found.length;
  for (let i = 0; i + n <= words.length; i++) {
    let all = true;
    for (let k = 0; k < n && all; k++) all = found[k]!.has(words[i + k]!.norm);
    if (!all) continue;
    matches.push({ from: words[i]!.start, to: words[i + n - 1]!.end });
    i += n - 1;
  }
  return matches;
}

function resultOf(id: string, passage: Passage, match: { from: number; to: number }, context: MatchContext): IndexResult {
  const meta = passage.meta;
  switch (meta.kind) {
    case 'text':
      return {
        kind: 'text',
        chapterId: id,
        from: meta.start + match.from,
        to: meta.start + match.to,
        context,
        suggestedDeletion: meta.deleted.some(([from, to]) => from < match.to && to > match.from),
      };
    case 'comment':
      return { kind: 'comment', chapterId: id, threadId: meta.threadId, messageId: meta.messageId, author: meta.author, context };
    case 'suggestion-reply':
      return { kind: 'suggestion-reply', chapterId: id, suggestionId: meta.suggestionId, messageId: meta.messageId, author: meta.author, context };
    case 'source':
      return { kind: 'source', sourceId: id, from: meta.start + match.from, to: meta.start + match.to, context };
  }
}

export type { PlanSearchResults };
