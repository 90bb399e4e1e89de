/**
 * Where a to-do item or a blocker leads: a chapter, a thread's card, a
 * suggestion's card, or a place in the text. PlanView goes there (it owns
 * the current chapter, the sidebar and the editor).
 */
import type { Blocker } from '../../shared/workflow/blockers.ts';
import type { TodoItem } from '../../shared/workflow/todo.ts';

export type WorkflowPlace =
  | { readonly kind: 'chapter'; readonly chapterId: string }
  | { readonly kind: 'thread'; readonly chapterId: string; readonly threadId: string }
  | { readonly kind: 'suggestion'; readonly chapterId: string; readonly suggestionId: string }
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
      return { kind: 'suggestion', chapterId: blocker.chapterId, suggestionId: blocker.suggestionId };
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
      return { kind: 'suggestion', chapterId: item.chapterId, suggestionId: item.suggestionId };
    case 'to-review':
      return { kind: 'chapter', chapterId: item.chapterId };
  }
}

/**
 * Focuses a suggestion's card once the sidebar shows it (the chapter may
 * have to open first): tried once per frame for about a second, then left.
 */
export function focusSuggestionCard(suggestionId: string): void {
  let frames = 60;
  const attempt = (): void => {
    const card = document.querySelector<HTMLElement>(`[data-suggestion-card="${CSS.escape(suggestionId)}"]`);
    if (card !== null) {
      card.scrollIntoView({ block: 'nearest' });
      card.focus();
    } else if (--frames > 0) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
