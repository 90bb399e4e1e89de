/**
 * Which seeds a seeded fuzz runs, the same way in every fuzz file:
 * `SAMSKRIV_FUZZ_SEED=<n>` replays one seed (and skips the pinned-seed
 * blocks, see `ONE_SEED`), `SAMSKRIV_FUZZ_SEEDS=<count>` soaks seeds 1 to
 * count (from `SAMSKRIV_FUZZ_FROM=<n>` on instead of 1: seeds a fix was
 * not traced on), and otherwise the file's defaults run (what `npm test`
 * runs).
 * And how a failed seed is reported, so that it can be replayed.
 */

/** The one seed asked for, or undefined. */
export const ONE_SEED: string | undefined = process.env.SAMSKRIV_FUZZ_SEED === '' ? undefined : process.env.SAMSKRIV_FUZZ_SEED;

export function seedsToRun(defaults: readonly number[]): number[] {
  if (ONE_SEED !== undefined) return [Number(ONE_SEED)];
  const count = Number(process.env.SAMSKRIV_FUZZ_SEEDS ?? '');
  const from = Number(process.env.SAMSKRIV_FUZZ_FROM ?? '1');
  if (!Number.isInteger(from)) throw new Error(`SAMSKRIV_FUZZ_FROM must be a whole number, not "${process.env.SAMSKRIV_FUZZ_FROM}"`);
  if (Number.isInteger(count) && count > 0) return Array.from({ length: count }, (_, i) => from + i);
  return [...defaults];
}

export interface SeedLog {
  /** What the log is called in the message ('last steps', 'story'). */
  readonly heading: string;
  readonly lines: readonly string[];
  /** How many of its last lines to show, unless `SAMSKRIV_FUZZ_LOG=<n>` asks for more or fewer. */
  readonly shown: number;
}

/**
 * The error a seed's run throws when it fails: which fuzz and seed, why,
 * the command that replays just that seed, and the end of the run's log.
 */
export function seedFailure(fuzz: string, seed: number, testFile: string, log: SeedLog, cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  const shown = Number(process.env.SAMSKRIV_FUZZ_LOG) || log.shown;
  return new Error(
    `${fuzz} failed for seed ${seed}: ${message}\n` +
      `rerun: SAMSKRIV_FUZZ_SEED=${seed} npx vitest run --project dom ${testFile}\n` +
      `${log.heading}:\n  ${log.lines.slice(-shown).join('\n  ')}`,
    { cause },
  );
}
