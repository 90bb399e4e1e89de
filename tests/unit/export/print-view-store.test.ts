/**
 * The browser host's print views (print-view-store.ts): a view can be
 * opened at the path its export answered, again and again, until it
 * expires; other paths, guessed tickets and old views give nothing; only
 * the newest few are kept.
 */
import { describe, expect, it } from 'vitest';
import { PRINT_VIEW_PATH, PrintViewStore } from '../../../src-main/export/print-view-store.ts';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let at = 1_000_000;
  return { now: () => at, advance: (ms) => void (at += ms) };
}

describe('print views waiting to be opened', () => {
  it('gives the view at its path, again after a reload, and nothing once it has expired', () => {
    const time = clock();
    const store = new PrintViewStore({ lifetimeMs: 60_000, now: time.now });
    const path = store.offer('<!DOCTYPE html><title>Plan</title>');
    expect(path.startsWith(PRINT_VIEW_PATH)).toBe(true);
    expect(store.viewAt(path)).toBe('<!DOCTYPE html><title>Plan</title>');
    time.advance(59_999);
    expect(store.viewAt(path)).toBe('<!DOCTYPE html><title>Plan</title>');
    time.advance(1);
    expect(store.viewAt(path)).toBeNull();
  });

  it('gives each export a ticket of its own that cannot be guessed from another', () => {
    const store = new PrintViewStore();
    const first = store.offer('a');
    const second = store.offer('b');
    expect(first).not.toBe(second);
    expect([store.viewAt(first), store.viewAt(second)]).toEqual(['a', 'b']);
  });

  it('gives nothing for another path, a malformed ticket or one it never gave', () => {
    const store = new PrintViewStore();
    const path = store.offer('a');
    expect(store.viewAt(path.replace(PRINT_VIEW_PATH, '/other/'))).toBeNull();
    expect(store.viewAt(`${path}/`)).toBeNull();
    expect(store.viewAt(`${PRINT_VIEW_PATH}../../etc/passwd`)).toBeNull();
    expect(store.viewAt(`${PRINT_VIEW_PATH}00000000-0000-4000-8000-000000000000`)).toBeNull();
  });

  it('keeps only the newest views, the oldest going first', () => {
    const store = new PrintViewStore({ maxViews: 2 });
    const [a, b, c] = [store.offer('a'), store.offer('b'), store.offer('c')];
    expect([store.viewAt(a), store.viewAt(b), store.viewAt(c)]).toEqual([null, 'b', 'c']);
  });
});
