/**
 * Which seeds a seeded fuzz runs, the same way in every fuzz file:
 * `SAMSKRIV_FUZZ_SEED=<n>` replays one seed (and skips the pinned-seed
 * blocks, see `ONE_SEED`), `SAMSKRIV_FUZZ_SEEDS=<count>` soaks seeds 1 to
 * count, and otherwise the file's defaults run (what `npm test` runs).
 */

/** The one seed asked for, or undefined. */
export const ONE_SEED: string | undefined = process.env.SAMSKRIV_FUZZ_SEED === '' ? undefined : process.env.SAMSKRIV_FUZZ_SEED;

export function seedsToRun(defaults: readonly number[]): number[] {
  if (ONE_SEED !== undefined) return [Number(ONE_SEED)];
  const count = Number(process.env.SAMSKRIV_FUZZ_SEEDS ?? '');
  if (Number.isInteger(count) && count > 0) return Array.from({ length: count }, (_, i) => 1 + i);
  return [...defaults];
}
