/**
 * The fuzzes' weighted choice of what a drafter does next: one draw from the
 * seeded PRNG per choice, so a seed makes the same choices on every run.
 */
import * as prng from 'lib0/prng';

/** One of `choices`, each as likely as its share of the total weight. */
export function pickWeighted<T extends { readonly weight: number }>(gen: prng.PRNG, choices: readonly T[]): T {
  const total = choices.reduce((sum, choice) => sum + choice.weight, 0);
  let ticket = prng.int32(gen, 0, total - 1);
  for (const choice of choices) {
    ticket -= choice.weight;
    if (ticket < 0) return choice;
  }
  throw new Error('unreachable: weights cover every ticket');
}
