/**
 * Deterministic "random" bytes (a 32-bit LCG), standing in for what a broken
 * or hostile client might send. The same seed always gives the same bytes, so
 * a test that finds them harmless finds it again; callers check that the
 * bytes are not by chance a valid Yjs update.
 */
export function noiseBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}
