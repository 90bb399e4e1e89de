/**
 * A small seeded PRNG (mulberry32), so a failing run or a benchmark fixture
 * can be repeated exactly. Tests in tests/dom use lib0's prng with its own
 * API; this one returns plain floats in [0, 1) for code that wants
 * `Math.random`'s shape.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
