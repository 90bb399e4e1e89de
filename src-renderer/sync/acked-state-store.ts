/**
 * Keeps each doc's "what the server holds" (AckLedger.acked) across restarts,
 * so that a drafter who quits on the train and starts again still sees how
 * many changes are waiting.
 *
 * Stored in the renderer's localStorage, per origin: the host API has no
 * place for it yet. localStorage is written lazily by the browser, so a
 * crash can lose the last few seconds of it; `acked` only grows, so an older
 * record only makes N larger (never "synced" too early), and a missing one
 * makes N unknown, which the UI says. A record that does not parse is
 * ignored (treated as missing), never trusted.
 */
import type { AckedState } from './ack-ledger.ts';

export interface AckedStateStore {
  load(docName: string): AckedState | null;
  save(docName: string, state: AckedState): void;
}

const KEY_PREFIX = 'samskriv:sync-acked:';
const VERSION = 1;

export function encodeAckedState(state: AckedState): string {
  return JSON.stringify({ v: VERSION, sv: [...state.sv], deleted: state.deleted });
}

export function decodeAckedState(text: string | null): AckedState | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { v, sv, deleted } = value as Record<string, unknown>;
  if (v !== VERSION || !Array.isArray(sv) || !isCount(deleted)) return null;
  const map = new Map<number, number>();
  for (const entry of sv as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || !isCount(entry[0]) || !isCount(entry[1])) return null;
    map.set(entry[0], entry[1]);
  }
  return { sv: map, deleted };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The browser's localStorage; a store that keeps nothing when it is unavailable. */
export function localAckedStateStore(): AckedStateStore {
  let storage: Storage | null = null;
  try {
    storage = globalThis.localStorage ?? null;
  } catch {
    storage = null;
  }
  return {
    load(docName) {
      try {
        return decodeAckedState(storage?.getItem(KEY_PREFIX + docName) ?? null);
      } catch {
        return null;
      }
    },
    save(docName, state) {
      try {
        storage?.setItem(KEY_PREFIX + docName, encodeAckedState(state));
      } catch (error) {
        // Full or disabled: the count after a restart becomes "unknown", which the UI says.
        console.warn('[sync] could not remember what the server holds', error);
      }
    },
  };
}
