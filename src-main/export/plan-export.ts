/**
 * One export, from the stored docs of a plan to a named file: the Word
 * submission; the print view of the submission (`pdf`: an HTML document the
 * host prints to the PDF named `fileName`, print-view.ts); the Word
 * submission converted to PDF by LibreOffice (`pdf-libreoffice`, with page
 * numbers in its table of contents); or the review copy (granskningsversion)
 * in Word. Where the file goes — printed, a save dialog, a download — is the
 * caller's business (HostService).
 */
import type { ExportKind, LoadedPlan } from '../../shared/host-api/host-api.ts';
import { readExportPlan } from './export-plan.ts';
import { ConversionError, convertWithLibreOffice, type ConversionOptions } from './libreoffice.ts';
import type { PmJsonNode } from '../../shared/sample/sample-plan.ts';
import type { TaskPhase } from '../../shared/progress/task-progress.ts';
import { planDocx } from './plan-docx.ts';
import { PRINT_VIEW_MEDIA_TYPE, printView } from './print-view.ts';

export interface ExportedFile {
  readonly fileName: string;
  readonly mediaType: string;
  readonly data: Uint8Array;
}

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MEDIA_TYPE = 'application/pdf';

/**
 * A tagged PDF (structure for screen readers, DOS-lagen), through the filter
 * options LibreOffice 7.4 and later take as JSON on the command line.
 */
const TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}';

/** Characters Windows, macOS or Linux refuse in a file name, and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_FILE_NAME = /[\u0000-\u001f\u007f<>:"/\\|?*]+/g;
const MAX_BASE_NAME = 120;

export async function exportPlanFile(
  loaded: LoadedPlan,
  kind: ExportKind,
  options: { now: Date; libreOffice?: ConversionOptions; onPhase?: (phase: TaskPhase) => void },
): Promise<ExportedFile> {
  options.onPhase?.('reading-plan');
  const plan = readExportPlan(loaded);
  // The submission shows each chapter as its owner decided it: an undecided
  // suggestion would be neither in nor out of the text the government gets.
  // The review copy is for exactly those (issue 15).
  if (kind !== 'review') {
    const undecided = plan.chapters.filter((chapter) => hasSuggestions(chapter.content));
    if (undecided.length > 0) {
      throw new ConversionError('open-suggestions', `Undecided suggestions in ${undecided.length} chapter(s): ${undecided.map((c) => c.title || c.id).join(', ')}`);
    }
  }
  const fileName = exportFileName(plan.title, kind);
  if (kind === 'pdf') {
    options.onPhase?.('building');
    return { fileName, mediaType: PRINT_VIEW_MEDIA_TYPE, data: new TextEncoder().encode(printView(plan, { date: options.now })) };
  }
  const docx = await planDocx(plan, { variant: kind === 'review' ? 'review' : 'clean', date: options.now, ...(options.onPhase !== undefined ? { onPhase: options.onPhase } : {}) });
  if (kind !== 'pdf-libreoffice') return { fileName, mediaType: DOCX_MEDIA_TYPE, data: docx };
  options.onPhase?.('converting');
  const pdf = await convertWithLibreOffice(docx, 'plan.docx', TAGGED_PDF, options.libreOffice);
  return { fileName, mediaType: PDF_MEDIA_TYPE, data: pdf };
}

/** "Planens titel.docx", "Planens titel – granskningsversion.docx", "Planens titel.pdf". */
export function exportFileName(title: string, kind: ExportKind): string {
  const cleaned = title.replace(UNSAFE_IN_FILE_NAME, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const base = (cleaned === '' ? 'Plan' : cleaned).slice(0, MAX_BASE_NAME).trim();
  if (kind === 'review') return `${base} – granskningsversion.docx`;
  return `${base}.${kind === 'pdf' || kind === 'pdf-libreoffice' ? 'pdf' : 'docx'}`;
}

/**
 * Whether a chapter's text still holds a suggestion: a suggestion mark on
 * its words or a block suggestion on a paragraph. Deciding one takes it out
 * of the text (shared/suggestions/decide.ts), so what is left is undecided
 * (or reopened by its author's later words, which count as undecided too).
 */
function hasSuggestions(node: PmJsonNode): boolean {
  if (node.marks?.some((mark) => mark.type.startsWith('suggestion_')) === true) return true;
  const block = node.attrs?.['suggestion'];
  if (block !== null && block !== undefined) return true;
  return node.content?.some(hasSuggestions) === true;
}
