/**
 * The plan as a Word document (.docx), the form in which it goes to the
 * Government Offices (issue 15): a title page, a table of contents with page
 * numbers, the chapters in the manifest's order, the plan's title in the
 * header and "Sida X av Y" in the footer, all in Swedish (sv-SE).
 *
 * Two variants:
 * - `clean`: the submission; no comments.
 * - `review` (granskningsversion): the open comment threads as Word comments
 *   with their replies, on the text they are anchored to (a thread whose text
 *   is gone is put on its chapter's title, with its quote), and suggested
 *   insertions and deletions as tracked changes (tracked-changes.ts).
 * The submission shows the accepted text (accepted-text.ts).
 * Both carry the citations as footnotes and, after the last chapter, the
 * plan's sources under "Underlag" (citation-footnotes.ts).
 *
 * Page numbers: a table of contents is a field that Word fills in when it
 * updates fields, and LibreOffice never does on opening; so the pages are laid
 * out here with docx's `estimatePageNumbers`, which writes the numbers into
 * the table. It measures text with the widths of known fonts, hence Arial,
 * which LibreOffice draws with the metric-compatible Liberation Sans.
 */
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TableOfContents,
  TextRun,
  type FileChild,
  type PageNumberEstimator,
} from 'docx';
import { estimatePageNumbers } from 'docx/layout';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import { anchoredThreadIds, chapterBlocks, ListNumbering } from './chapter-blocks.ts';
import { CitationFootnotes } from './citation-footnotes.ts';
import type { ExportPlan } from './export-plan.ts';
import { TrackedChanges } from './tracked-changes.ts';
import { WordComments } from './word-comments.ts';

export type ExportVariant = 'clean' | 'review';

export interface PlanDocxOptions {
  readonly variant: ExportVariant;
  /** The date on the title page. */
  readonly date: Date;
  /** The page layout for the table of contents; `tocPageNumbers` unless a test compares it with another. */
  readonly pageNumbers?: PageNumberEstimator;
  /** Told when the building, the page layout and the writing of the file start (the export's progress). */
  readonly onPhase?: (phase: 'building' | 'page-layout' | 'writing') => void;
}

const FONT = 'Arial';
const LANGUAGE = 'sv-SE';
/** Sizes in half-points. */
const BODY_SIZE = 22;

/** Text the document itself carries; it is the Swedish submission whatever the UI language. */
export const DOCUMENT_TEXT = {
  contents: 'Innehåll',
  reviewCopy: 'Granskningsversion',
  reviewNote: 'Öppna kommentarer visas som kommentarer i marginalen. Dokumentet är inte den slutliga redovisningen.',
  reference: 'Diarienummer',
  recipient: 'Till',
  page: 'Sida',
  of: 'av',
  detachedComment: (quote: string) => `Gällde texten ”${quote}”, som inte längre finns i kapitlet. `,
  untitledChapter: 'Kapitel utan rubrik',
} as const;

export function planDocument(plan: ExportPlan, options: PlanDocxOptions): Document {
  const numbering = new ListNumbering();
  const comments = new WordComments();
  const tracked = options.variant === 'review' ? new TrackedChanges(options.date) : null;
  const footnotes = new CitationFootnotes(plan.sources);
  const body: FileChild[] = [];
  for (const chapter of plan.chapters) {
    let onTitle = new Map<string, number[]>();
    let inText = new Map<string, number[]>();
    if (options.variant === 'review') {
      // The review copy shows suggested insertions (as tracked changes), so their text can carry anchors.
      const anchored = anchoredThreadIds(chapter.content, () => true);
      onTitle = comments.add(chapter.threads, (t) => !anchored.has(t.id), (t) => (t.quote === '' ? '' : DOCUMENT_TEXT.detachedComment(t.quote)));
      inText = comments.add(chapter.threads, (t) => anchored.has(t.id));
    }
    body.push(chapterTitle(chapter.title, [...onTitle.values()].flat()));
    body.push(...chapterBlocks(chapter.content, numbering, inText, tracked?.forChapter(chapter.suggestions) ?? null, footnotes));
  }
  body.push(...footnotes.sourceList());

  return new Document({
    title: plan.title,
    creator: 'Samskriv',
    description: options.variant === 'review' ? DOCUMENT_TEXT.reviewCopy : '',
    pageNumbers: reportingLayout(options.pageNumbers ?? tocPageNumbers, options.onPhase),
    // In the review copy, reviewers' own edits in Word are tracked too.
    ...(tracked !== null ? { features: { trackRevisions: true } } : {}),
    numbering: numbering.options(),
    comments: comments.options(),
    footnotes: footnotes.options(),
    styles: styles(),
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1417, bottom: 1417, left: 1417, right: 1417 } },
        },
        // The title page's header and footer are empty, but hold an empty paragraph:
        // docx/layout 9.15 throws on a header with no children at all.
        headers: { first: new Header({ children: [new Paragraph({})] }), default: pageHeader(plan.title) },
        footers: { first: new Footer({ children: [new Paragraph({})] }), default: pageFooter() },
        children: [...titlePage(plan, options), ...contents(), ...body],
      },
    ],
  });
}

/**
 * docx's page layout, without its `listNumbers`: those are the list numbers
 * of numbered headings, which a table of contents starts their entries with,
 * and no heading here is numbered (a heading inside a list is written as a
 * list paragraph, not a heading, so it has no entry). Working them out read
 * the whole body a second time, about 0.4 s of a 300-page export; the file is
 * the same without them (tests/unit/export/toc-page-numbers.test.ts).
 */
export const tocPageNumbers: PageNumberEstimator = (body, context) => estimatePageNumbers(body, context);

/**
 * The estimator, saying when the layout starts and ends. docx calls it once
 * the body is written as XML and before the rest of the file is, so what
 * follows it is writing the file.
 */
function reportingLayout(estimator: PageNumberEstimator, onPhase: PlanDocxOptions['onPhase']): PageNumberEstimator {
  if (onPhase === undefined) return estimator;
  const reporting = (body: Parameters<PageNumberEstimator>[0], context: Parameters<PageNumberEstimator>[1]): ReturnType<PageNumberEstimator> => {
    onPhase('page-layout');
    const estimate = estimator(body, context);
    onPhase('writing');
    return estimate;
  };
  return estimator.listNumbers === undefined ? reporting : Object.assign(reporting, { listNumbers: estimator.listNumbers });
}

/** The document as .docx bytes. */
export async function planDocx(plan: ExportPlan, options: PlanDocxOptions): Promise<Uint8Array> {
  options.onPhase?.('building');
  return new Uint8Array(await Packer.toBuffer(planDocument(plan, options)));
}

function titlePage(plan: ExportPlan, options: PlanDocxOptions): Paragraph[] {
  const out: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, spacing: { before: 2400, after: 480 }, children: [new TextRun(plan.title)] }),
  ];
  if (options.variant === 'review') {
    out.push(
      new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: DOCUMENT_TEXT.reviewCopy, bold: true, size: 32, color: 'B0003A' })] }),
      new Paragraph({ spacing: { after: 480 }, children: [new TextRun({ text: DOCUMENT_TEXT.reviewNote, italics: true })] }),
    );
  }
  for (const code of plan.agencies) out.push(new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: agencyByCode(code).nameSv, size: 26 })] }));
  // Recipient, reference number and date as a covering letter to the Government Offices has them.
  const lines = [
    ...(plan.recipient !== null ? [`${DOCUMENT_TEXT.recipient}: ${plan.recipient}`] : []),
    ...(plan.reference !== null ? [`${DOCUMENT_TEXT.reference}: ${plan.reference}`] : []),
    swedishDate(options.date),
  ];
  lines.forEach((line, index) => out.push(new Paragraph({ spacing: { before: index === 0 ? 480 : 120 }, children: [new TextRun(line)] })));
  return out;
}

export function swedishDate(date: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

function contents(): FileChild[] {
  return [
    new Paragraph({ pageBreakBefore: true, style: 'ContentsTitle', children: [new TextRun(DOCUMENT_TEXT.contents)] }),
    new TableOfContents(DOCUMENT_TEXT.contents, { hyperlink: true, headingStyleRange: '1-3' }),
  ];
}

/** A chapter's title, enclosing the comments of threads whose text is gone. */
function chapterTitle(title: string, commentIds: readonly number[]): Paragraph {
  const text = title.trim() === '' ? DOCUMENT_TEXT.untitledChapter : title;
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    pageBreakBefore: true,
    children: [
      ...commentIds.map((id) => new CommentRangeStart(id)),
      new TextRun(text),
      ...commentIds.flatMap((id) => [new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })]),
    ],
  });
}

function pageHeader(title: string): Header {
  return new Header({
    children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: title, size: 18, color: '595959' })] })],
  });
}

function pageFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ size: 18, children: [`${DOCUMENT_TEXT.page} `, PageNumber.CURRENT, ` ${DOCUMENT_TEXT.of} `, PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

function styles(): ConstructorParameters<typeof Document>[0]['styles'] {
  // The outline level is what LibreOffice makes the PDF's bookmarks from (and Word its navigation pane):
  // docx's heading styles have none of their own.
  const heading = (size: number, before: number, outlineLevel: number) => ({
    run: { font: FONT, size, bold: true, color: '1F3864' },
    paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true, outlineLevel },
  });
  return {
    default: {
      document: { run: { font: FONT, size: BODY_SIZE, language: { value: LANGUAGE } }, paragraph: { spacing: { after: 120, line: 276 } } },
      // An exact line height of docx's own Title style would draw a wrapped title's lines over each other.
      title: { run: { font: FONT, size: 48, bold: true, color: '1F3864' }, paragraph: { spacing: { line: 264, lineRule: LineRuleType.AUTO } } },
      heading1: heading(36, 0, 0),
      heading2: heading(30, 360, 1),
      heading3: heading(26, 240, 2),
      heading4: heading(BODY_SIZE, 240, 3),
    },
    paragraphStyles: [
      { id: 'ContentsTitle', name: 'Contents title', run: { font: FONT, size: 36, bold: true, color: '1F3864' }, paragraph: { spacing: { after: 240 } } },
    ],
  };
}
