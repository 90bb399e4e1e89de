/**
 * Our own small OOXML pass over a Word document: what mammoth does not keep.
 *
 * mammoth reads the body well (styles, numbering, tables, links) but takes
 * the text of tracked insertions as plain text, drops tracked deletions and
 * keeps of a comment only where its reference is. So before mammoth sees
 * document.xml, this pass rewrites it:
 *
 * - every comment range start and end, every tracked insertion and deletion
 *   (and moved text: from = deletion, to = insertion) and every tracked
 *   paragraph mark becomes a *sentinel*: a run of its own whose text is
 *   `SENTINEL_OPEN`, a letter, an index and `SENTINEL_CLOSE`, characters of
 *   Unicode's private use area that this pass first removes from the
 *   document's own text, so the file cannot forge one;
 * - a deletion's runs are unwrapped and its `w:delText` becomes `w:t`, so
 *   mammoth keeps the deleted words as text (they become suggested
 *   deletions, not lost words);
 * - a tracked paragraph-mark deletion and a tracked table-row insertion or
 *   deletion are taken off the properties, so mammoth neither joins the
 *   paragraphs nor drops the row (the text inside carries its own changes);
 * - tracked formatting changes (`w:rPrChange` and the like) are counted and
 *   removed: the text keeps its formatting as it stands.
 *
 * mammoth's document model then carries the sentinels in its text in
 * document order, and mammoth-body.ts turns them into comment and change
 * indexes on runs. The comments themselves (with their replies, from
 * commentsExtended.xml's `paraIdParent`) and the changes' authors and dates
 * are read here.
 */
import { FORMAT_MARKS, type FormatMark, type ImportedChange, type ImportedComment } from '../../shared/import/imported-document.ts';
import { childElements, firstChild, parseXml, wordText, writeXml, type XmlElement, type XmlNode } from './safe-xml.ts';

export const SENTINEL_OPEN = '\uE000';
export const SENTINEL_CLOSE = '\uE001';
const FORGED = /[\uE000\uE001]/g;

/** What a sentinel stands for: comment start/end, change start/end, paragraph mark changed. */
export type SentinelKind = 'comment-start' | 'comment-end' | 'change-start' | 'change-end' | 'paragraph-change' | 'format-start' | 'format-end';
const LETTERS: Record<SentinelKind, string> = {
  'comment-start': 'c',
  'comment-end': 'C',
  'change-start': 'i',
  'change-end': 'I',
  'paragraph-change': 'p',
  'format-start': 'f',
  'format-end': 'F',
};
const KINDS = new Map(Object.entries(LETTERS).map(([kind, letter]) => [letter, kind as SentinelKind]));
export const SENTINEL_PATTERN = new RegExp(`${SENTINEL_OPEN}([cCiIpfF])(\\d+)${SENTINEL_CLOSE}`, 'g');

export function sentinelKind(letter: string): SentinelKind | undefined {
  return KINDS.get(letter);
}

const FORMAT_CHANGES = new Set(['w:rPrChange', 'w:pPrChange', 'w:sectPrChange', 'w:tblPrChange', 'w:tblGridChange', 'w:trPrChange', 'w:tcPrChange', 'w:numberingChange']);
const INSERTIONS = new Set(['w:ins', 'w:moveTo']);
const DELETIONS = new Set(['w:del', 'w:moveFrom']);
/** Properties elements in which w:ins / w:del describe the element itself, not text. */
const PROPERTIES = new Set(['w:rPr', 'w:trPr', 'w:tcPr', 'w:pPr', 'w:tblPr']);

export interface AnnotatedDocument {
  /** document.xml with sentinels, for mammoth. */
  readonly documentXml: string;
  readonly comments: readonly ImportedComment[];
  /** Word comment id → index in `comments` (a reply's id maps to its thread). */
  readonly commentIndex: ReadonlyMap<string, number>;
  readonly changes: readonly ImportedChange[];
  readonly formatChanges: number;
  /** Footnote and endnote references in the body: the notes the import leaves out. */
  readonly notes: number;
}

export function annotateDocument(documentXml: string, commentsXml: string | null, commentsExtendedXml: string | null): AnnotatedDocument {
  const { comments, commentIndex } = readComments(commentsXml, commentsExtendedXml);
  const changes: ImportedChange[] = [];
  let formatChanges = 0;
  let notes = 0;
  const root = parseXml(documentXml, 'word/document.xml');

  const sentinel = (kind: SentinelKind, index: number): XmlElement => ({
    name: 'w:r',
    attributes: {},
    children: [{ name: 'w:t', attributes: { 'xml:space': 'preserve' }, children: [`${SENTINEL_OPEN}${LETTERS[kind]}${index}${SENTINEL_CLOSE}`] }],
  });
  const changeOf = (element: XmlElement, kind: ImportedChange['kind']): number => {
    changes.push({ kind, author: element.attributes['w:author']?.trim() || 'Okänd', date: element.attributes['w:date'] ?? null });
    return changes.length - 1;
  };
  // Comment ends met outside a paragraph go to the end of the last paragraph; starts, to the next one.
  let lastParagraph: XmlElement | null = null;
  let pendingStarts: XmlElement[] = [];

  /** The rewritten children of `element`; `inParagraph` says whether a run may be put here. */
  const rewrite = (element: XmlElement, inParagraph: boolean): XmlNode[] => {
    const out: XmlNode[] = [];
    for (const child of element.children) {
      if (typeof child === 'string') {
        out.push(element.name === 'w:t' || element.name === 'w:delText' ? child.replace(FORGED, '') : child);
        continue;
      }
      const name = child.name;
      // Counted from the body, not from whether a notes part exists: Word keeps footnotes.xml and
      // endnotes.xml, with only their separators, in documents that have no notes.
      if (name === 'w:footnoteReference' || name === 'w:endnoteReference') notes++;
      if (FORMAT_CHANGES.has(name)) {
        // A run's w:rPrChange is counted (or mapped) with its run, above.
        if (name !== 'w:rPrChange') formatChanges++;
        continue;
      }
      if (PROPERTIES.has(element.name) && (INSERTIONS.has(name) || DELETIONS.has(name))) continue; // handled by the paragraph, or dropped (rows)
      if (name === 'w:commentRangeStart' || name === 'w:commentRangeEnd') {
        const index = commentIndex.get(child.attributes['w:id'] ?? '');
        if (index === undefined) continue;
        const run = sentinel(name === 'w:commentRangeStart' ? 'comment-start' : 'comment-end', index);
        if (inParagraph) out.push(run);
        else if (name === 'w:commentRangeStart') pendingStarts.push(run);
        else lastParagraph?.children.push(run);
        continue;
      }
      if (inParagraph && (INSERTIONS.has(name) || DELETIONS.has(name))) {
        const deleted = DELETIONS.has(name);
        const index = changeOf(child, deleted ? 'delete' : 'insert');
        const inner = [sentinel('change-start', index), ...rewrite(child, true), sentinel('change-end', index)];
        // mammoth reads what is inside w:ins but drops w:del: a deletion's runs are unwrapped.
        if (deleted) out.push(...inner);
        else out.push({ name: child.name, attributes: child.attributes, children: inner });
        continue;
      }
      if (name === 'w:r' && inParagraph) {
        // A run whose formatting was changed with tracking on: its sentinels go around it.
        const format = runFormatChange(child);
        if (format !== null) {
          changes.push(format.change);
          const index = changes.length - 1;
          out.push(sentinel('format-start', index), { name, attributes: child.attributes, children: rewrite(child, inParagraph) }, sentinel('format-end', index));
          continue;
        }
        if (format === null && hasFormatChange(child)) formatChanges++;
      }
      if (name === 'w:delText') {
        out.push({ name: 'w:t', attributes: { 'xml:space': 'preserve' }, children: rewrite(child, inParagraph) });
        continue;
      }
      if (name === 'w:delInstrText') continue;
      if (name === 'w:p') {
        out.push(rewriteParagraph(child));
        continue;
      }
      out.push({ name, attributes: child.attributes, children: rewrite(child, inParagraph) });
    }
    return out;
  };

  const rewriteParagraph = (paragraph: XmlElement): XmlElement => {
    const markChange = paragraphMarkChange(paragraph);
    const children = rewrite(paragraph, true);
    if (pendingStarts.length > 0) {
      const at = children.findIndex((c) => typeof c !== 'string' && c.name !== 'w:pPr');
      children.splice(at === -1 ? children.length : at, 0, ...pendingStarts);
      pendingStarts = [];
    }
    if (markChange !== null) children.push(sentinel('paragraph-change', changeOf(markChange.element, markChange.kind)));
    const rewritten: XmlElement = { name: paragraph.name, attributes: paragraph.attributes, children };
    lastParagraph = rewritten;
    return rewritten;
  };

  const rewritten: XmlElement = { name: root.name, attributes: root.attributes, children: rewrite(root, false) };
  return { documentXml: writeXml(rewritten), comments, commentIndex, changes, formatChanges, notes };
}

const FLAGS: readonly { readonly element: string; readonly mark: FormatMark }[] = [
  { element: 'w:b', mark: 'bold' },
  { element: 'w:i', mark: 'italic' },
  { element: 'w:u', mark: 'underline' },
  { element: 'w:strike', mark: 'strike' },
];

/** The marks a `w:rPr` turns on (an element without `w:val`, or with a value other than off). */
function formatMarks(runProperties: XmlElement | undefined): Set<FormatMark> {
  const on = new Set<FormatMark>();
  if (runProperties === undefined) return on;
  for (const { element, mark } of FLAGS) {
    const found = firstChild(runProperties, element);
    const value = found?.attributes['w:val'];
    if (found !== undefined && !(value === 'false' || value === '0' || value === 'off' || value === 'none')) on.add(mark);
  }
  return on;
}

function hasFormatChange(run: XmlElement): boolean {
  const properties = firstChild(run, 'w:rPr');
  return properties !== undefined && firstChild(properties, 'w:rPrChange') !== undefined;
}

/**
 * A run's tracked formatting change (`w:rPr/w:rPrChange`, whose own `w:rPr`
 * is the formatting before) as a `format` change: the marks it added and
 * removed among bold, italic, underline and strike. Null when the run has no
 * such change, or one of other properties only (font, size: counted as lost).
 */
function runFormatChange(run: XmlElement): { change: ImportedChange } | null {
  const properties = firstChild(run, 'w:rPr');
  const change = properties === undefined ? undefined : firstChild(properties, 'w:rPrChange');
  if (properties === undefined || change === undefined) return null;
  const now = formatMarks(properties);
  const before = formatMarks(firstChild(change, 'w:rPr'));
  const add = FORMAT_MARKS.filter((mark) => now.has(mark) && !before.has(mark));
  const remove = FORMAT_MARKS.filter((mark) => before.has(mark) && !now.has(mark));
  if (add.length === 0 && remove.length === 0) return null;
  return { change: { kind: 'format', author: change.attributes['w:author']?.trim() || 'Okänd', date: change.attributes['w:date'] ?? null, add, remove } };
}

/** `w:pPr/w:rPr/w:ins|w:del`: the paragraph's end was inserted or deleted with change tracking on. */
function paragraphMarkChange(paragraph: XmlElement): { element: XmlElement; kind: ImportedChange['kind'] } | null {
  const runProperties = firstChild(firstChild(paragraph, 'w:pPr') ?? { name: '', attributes: {}, children: [] }, 'w:rPr');
  if (runProperties === undefined) return null;
  for (const child of childElements(runProperties)) {
    if (INSERTIONS.has(child.name)) return { element: child, kind: 'insert' };
    if (DELETIONS.has(child.name)) return { element: child, kind: 'delete' };
  }
  return null;
}

/**
 * Word's comments with their replies. A reply is a comment of its own in
 * comments.xml; commentsExtended.xml links it to its parent by the
 * `w14:paraId` of each comment's last paragraph (`w15:paraIdParent`).
 */
function readComments(commentsXml: string | null, extendedXml: string | null): { comments: ImportedComment[]; commentIndex: Map<string, number> } {
  const comments: ImportedComment[] = [];
  const commentIndex = new Map<string, number>();
  if (commentsXml === null) return { comments, commentIndex };
  const root = parseXml(commentsXml, 'word/comments.xml');
  const parentOfPara = new Map<string, string>();
  const donePara = new Set<string>();
  if (extendedXml !== null) {
    for (const entry of childElements(parseXml(extendedXml, 'word/commentsExtended.xml'))) {
      const para = entry.attributes['w15:paraId'];
      if (para === undefined) continue;
      const parent = entry.attributes['w15:paraIdParent'];
      if (parent !== undefined) parentOfPara.set(para, parent);
      if (entry.attributes['w15:done'] === '1') donePara.add(para);
    }
  }
  const byPara = new Map<string, number>();
  const replies: { id: string; parentPara: string; author: string; date: string | null; text: string }[] = [];
  for (const element of childElements(root, 'w:comment')) {
    const id = element.attributes['w:id'];
    if (id === undefined || commentIndex.has(id)) continue;
    const paragraphs = childElements(element, 'w:p');
    const para = paragraphs.at(-1)?.attributes['w14:paraId'];
    const author = element.attributes['w:author']?.trim() || 'Okänd';
    const date = element.attributes['w:date'] ?? null;
    const text = wordText(element).replace(FORGED, '').trim();
    const parentPara = para === undefined ? undefined : parentOfPara.get(para);
    if (parentPara !== undefined) {
      replies.push({ id, parentPara, author, date, text });
      continue;
    }
    comments.push({ author, date, text, replies: [], done: para !== undefined && donePara.has(para) });
    commentIndex.set(id, comments.length - 1);
    if (para !== undefined) byPara.set(para, comments.length - 1);
  }
  for (const reply of replies) {
    // A reply to a reply belongs to the same thread; one whose parent is missing becomes a thread of its own.
    let parentPara: string | undefined = reply.parentPara;
    let index: number | undefined;
    for (let hops = 0; parentPara !== undefined && hops < 100 && index === undefined; hops++) {
      index = byPara.get(parentPara);
      parentPara = parentOfPara.get(parentPara);
    }
    if (index === undefined) {
      comments.push({ author: reply.author, date: reply.date, text: reply.text, replies: [], done: false });
      index = comments.length - 1;
    } else {
      const thread = comments[index] as ImportedComment;
      comments[index] = { ...thread, replies: [...thread.replies, { author: reply.author, date: reply.date, text: reply.text }] };
    }
    commentIndex.set(reply.id, index);
  }
  return { comments, commentIndex };
}
