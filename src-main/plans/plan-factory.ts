/**
 * Builds the Y.Docs of a new plan: the manifest and one doc per chapter, each
 * encoded as a single Yjs update ready for the store.
 *
 * Chapter content is converted from ProseMirror JSON by the same binding the
 * editor uses (shared/chapter-text/), so the text is exactly what it expects.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import { writeChapterDoc } from '../../shared/chapter-text/chapter-text.ts';
import { initChapterMeta } from '../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../shared/plan/doc-names.ts';
import { initManifest } from '../../shared/plan/manifest.ts';
import { schema } from '../../shared/schema/schema.ts';
import { writePlanDetails, type DetailsInput } from '../../shared/workflow/plan-details.ts';

export interface ChapterTemplate {
  readonly title: string;
  readonly owner: AgencyCode | null;
  /** ProseMirror JSON of the chapter's doc node. */
  readonly content: unknown;
}

export interface PlanTemplate {
  readonly title: string;
  readonly deadline: string | null;
  /** Recipient, reference number, contacts (shared/workflow/plan-details.ts); none for a new empty plan. */
  readonly details?: DetailsInput;
  readonly chapters: readonly ChapterTemplate[];
}

export interface BuiltDoc {
  readonly name: string;
  readonly update: Uint8Array;
}

export interface BuiltPlan {
  readonly planId: string;
  /** Chapters first, manifest last: see PlanService.createFromTemplate. */
  readonly docs: readonly BuiltDoc[];
}

export const EMPTY_CHAPTER_CONTENT = { type: 'doc', content: [{ type: 'paragraph' }] };

export function buildPlan(template: PlanTemplate, now: Date): BuiltPlan {
  const planId = randomUUID();
  const chapters = template.chapters.map((chapter) => ({ ...chapter, id: randomUUID() }));

  const docs: BuiltDoc[] = chapters.map((chapter) => {
    const doc = new Y.Doc();
    initChapterMeta(doc, planId, chapter.id);
    // Validate before converting: a broken template must fail loudly here,
    // not become a doc that shows something else later.
    const content = schema.nodeFromJSON(chapter.content);
    content.check();
    writeChapterDoc(doc, content);
    return { name: chapterDocName(planId, chapter.id), update: Y.encodeStateAsUpdate(doc) };
  });

  const manifest = new Y.Doc();
  initManifest(manifest, {
    planId,
    title: template.title,
    deadline: template.deadline,
    createdAt: now.toISOString(),
    chapters: chapters.map(({ id, title, owner }) => ({ id, title, owner })),
  });
  if (template.details !== undefined) {
    const problems = writePlanDetails(manifest, template.details);
    if (problems.length > 0) throw new Error(`The plan template's details are invalid: ${JSON.stringify(problems)}`);
  }
  docs.push({ name: manifestDocName(planId), update: Y.encodeStateAsUpdate(manifest) });

  return { planId, docs };
}
