/** Suggestion ids (shared/suggestions/suggestion-ids.ts): unique across offline peers. */
import { describe, expect, it } from 'vitest';
import { createSuggestion, readSuggestions } from '../../../shared/suggestions/suggestions.ts';
import { isSuggestionId, nextSuggestionId } from '../../../shared/suggestions/suggestion-ids.ts';
import { bo, cecilia, docWithClient, send, syncAll } from '../comments/comment-members.ts';

describe('suggestion ids', () => {
  it('two peers that suggest offline from the same doc never produce the same id', () => {
    const a = docWithClient(1);
    const b = docWithClient(2);
    syncAll([a, b]);
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      for (const [doc, member] of [[a, bo], [b, cecilia]] as const) {
        const id = nextSuggestionId(doc);
        createSuggestion(doc, member, { id, kind: 'insert' });
        ids.add(id);
      }
    }
    syncAll([a, b]);
    expect(ids.size).toBe(100);
    expect(readSuggestions(a)).toHaveLength(100);
    expect(readSuggestions(b)).toHaveLength(100);
  });

  it('two calls without a write in between give two ids', () => {
    const doc = docWithClient(7);
    expect(nextSuggestionId(doc)).not.toBe(nextSuggestionId(doc));
  });

  it('a peer that has received others’ work still issues ids that are new', () => {
    const a = docWithClient(1);
    const b = docWithClient(2);
    const first = nextSuggestionId(a);
    createSuggestion(a, bo, { id: first, kind: 'insert' });
    send(a, b);
    const second = nextSuggestionId(b);
    expect(second).not.toBe(first);
    expect(isSuggestionId(second)).toBe(true);
  });

  it('only short printable ids are ids', () => {
    expect(isSuggestionId('1.0')).toBe(true);
    expect(isSuggestionId(1)).toBe(false);
    expect(isSuggestionId('<script>')).toBe(false);
  });
});
