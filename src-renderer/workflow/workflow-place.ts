/**
 * Where a to-do item or a blocker leads: a chapter, a thread's card, the
 * chapter's suggestions, or a place in the text. PlanView goes there
 * (it owns the current chapter, the sidebar and the editor).
 */
import type { Blocker } from '../../shared/workflow/blockers.ts';
import type { TodoItem } from '../../shared/workflow/todo.ts';

export type WorkflowPlace =
  | { readonly kind: 'chapter'; readonly chapterId: string }
  | { readonly kind: 'thread'; readonly chapterId: string; readonly threadId: string }
  | { readonly kind: 'suggestions'; readonly chapterId: string }
  | { readonly kind: 'text'; readonly chapterId: string; readonly from: number; readonly to: number; readonly text: string };

/** Where a blocker is fixed; null for the plan's details (in the dialog itself) and the plan's own unsynced changes. */
export function placeOfBlocker(blocker: Blocker): WorkflowPlace | null {
  switch (blocker.kind) {
    case 'not-approved':
    case 'changed-after-approval':
      return { kind: 'chapter', chapterId: blocker.chapterId };
    case 'open-thread':
    case 'detached-thread':
      return { kind: 'thread', chapterId: blocker.chapterId, threadId: blocker.threadId };
    case 'open-suggestion':
      return { kind: 'suggestions', chapterId: blocker.chapterId };
    case 'placeholder':
      return { kind: 'text', chapterId: blocker.chapterId, from: blocker.from, to: blocker.to, text: blocker.text };
    case 'unsynced-here':
      return blocker.chapterId === null ? null : { kind: 'chapter', chapterId: blocker.chapterId };
    case 'detail-placeholder':
    case 'detail-missing':
      return null;
  }
}

export function placeOfTodo(item: TodoItem): WorkflowPlace {
  switch (item.kind) {
    case 'assigned-thread':
    case 'reply':
      return { kind: 'thread', chapterId: item.chapterId, threadId: item.threadId };
    case 'sent-back':
      return item.threadId === null ? { kind: 'chapter', chapterId: item.chapterId } : { kind: 'thread', chapterId: item.chapterId, threadId: item.threadId };
    case 'suggestion':
      return { kind: 'suggestions', chapterId: item.chapterId };
    case 'to-review':
      return { kind: 'chapter', chapterId: item.chapterId };
  }
}
