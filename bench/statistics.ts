/**
 * The figures the benchmarks report, computed one way for all of them:
 * nearest-rank percentiles (the value at rank ⌈p·n⌉, so p99 of 2,000
 * keystrokes is the 1,980th fastest, a real sample, never interpolated),
 * the median (mean of the middle two for an even count) and rounding for
 * the JSON results.
 */

export interface Distribution {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Count, p50, p99, max and mean of `values` in ms, rounded to µs. An empty set reads as zeros. */
export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 0.5), 3),
    p99: round(percentile(sorted, 0.99), 3),
    max: round(sorted.at(-1) ?? 0, 3),
    mean: round(sorted.length > 0 ? sum / sorted.length : 0, 3),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : round((sorted[middle - 1]! + sorted[middle]!) / 2, 1);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
