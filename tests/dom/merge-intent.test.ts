/**
 * Issue 8: offline merges keep what every drafter meant. A split, a join, a
 * list wrap or a change of block type never undoes a colleague's edit or
 * moves it elsewhere.
 *
 * Each test plays one scenario of support/merge-scenarios.ts through the
 * app's editors (support/bindings-under-test.ts, `appBinding`) in one
 * tie-break order, and asserts the exact chapter every drafter sees, and
 * what an editor opened afterwards shows: block types, text and marks, not
 * only that the drafters agree.
 *
 * On y-prosemirror most of these fail; `node bench/merge-intent.ts` prints
 * which, and what it shows instead.
 */
import { describe, expect, it } from 'vitest';
import { appBinding } from './support/bindings-under-test.ts';
import { clientIds, runScenario, SCENARIOS, TIE_BREAKS } from './support/merge-scenarios.ts';

describe('offline merges keep every drafter’s intent', () => {
  for (const scenario of SCENARIOS) {
    for (const tieBreak of TIE_BREAKS) {
      it(`${scenario.id}. ${scenario.title} (client ids ${clientIds(scenario.drafters.length, tieBreak).join(', ')})`, () => {
        const outcome = runScenario(appBinding, scenario, tieBreak);
        if (outcome.error !== null) throw new Error(outcome.error);
        for (const peer of outcome.peers) expect(peer.outline, `what ${peer.agency} sees`).toEqual(outcome.expected);
        expect(outcome.reopened, 'what an editor opened afterwards shows').toEqual(outcome.expected);
      });
    }
  }
});
