/**
 * Which text of a chapter an export shows while suggestions are open: the
 * text as it stands accepted today. A suggested insertion is not part of it
 * yet, so it is left out; a suggested deletion has not happened yet, so its
 * text stays; a suggested formatting change has not happened either, so the
 * text has its formatting from before (the mark's `add` taken off, its
 * `remove` put back). Every exporter asks these functions, so changing the
 * rule (e.g. to "as if all were accepted") is a change here only.
 *
 * They look at mark names and JSON, not at the schema, so an export never
 * depends on a mark this version cannot build.
 *
 * Not handled yet: block-level suggestions (a textblock's `suggestion`
 * attribute: a boundary suggested in or out, a changed block type) are
 * exported as the blocks now stand.
 */
import type { PmJsonMark } from '../../shared/sample/sample-plan.ts';

export const SUGGESTED_INSERTION = 'suggestion_insert';
export const SUGGESTED_DELETION = 'suggestion_delete';
export const SUGGESTED_FORMAT = 'suggestion_format';

/** Whether an inline node carrying `marks` belongs to the accepted text. */
export function inAcceptedText(marks: readonly PmJsonMark[] | undefined): boolean {
  return !(marks ?? []).some((mark) => mark.type === SUGGESTED_INSERTION);
}

/** The marks text carrying `marks` has in the accepted text. */
export function acceptedMarks(marks: readonly PmJsonMark[] | undefined): readonly PmJsonMark[] {
  let out = [...(marks ?? [])];
  for (const format of out.filter((mark) => mark.type === SUGGESTED_FORMAT)) {
    const added = markList(format.attrs?.['add']);
    const removed = markList(format.attrs?.['remove']);
    out = out.filter((mark) => !added.some((a) => sameMark(a, mark)));
    for (const mark of removed) if (!out.some((m) => sameMark(m, mark))) out.push(mark);
  }
  return out;
}

function markList(value: unknown): PmJsonMark[] {
  if (!Array.isArray(value)) return [];
  return value.filter((m): m is PmJsonMark => typeof m === 'object' && m !== null && typeof (m as PmJsonMark).type === 'string');
}

function sameMark(a: PmJsonMark, b: PmJsonMark): boolean {
  return a.type === b.type && JSON.stringify(a.attrs ?? {}) === JSON.stringify(b.attrs ?? {});
}
