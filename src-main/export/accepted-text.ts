/**
 * Which text of a chapter an export shows while suggestions are open: the
 * text as it stands accepted today. A suggested insertion is not part of it
 * yet, so it is left out; a suggested deletion has not happened yet, so its
 * text stays. Every exporter asks this one function, so changing the rule
 * (e.g. to "as if all were accepted") is a change here only.
 *
 * It looks at mark names, not at the schema, because the suggestion marks
 * (`suggestion_insert`, `suggestion_delete`, `suggestion_format`) are being
 * added to the schema beside this code (issue 12).
 */
import type { PmJsonMark } from '../../shared/sample/sample-plan.ts';

export const SUGGESTED_INSERTION = 'suggestion_insert';
export const SUGGESTED_DELETION = 'suggestion_delete';

/** Whether an inline node carrying `marks` belongs to the accepted text. */
export function inAcceptedText(marks: readonly PmJsonMark[] | undefined): boolean {
  return !(marks ?? []).some((mark) => mark.type === SUGGESTED_INSERTION);
}
