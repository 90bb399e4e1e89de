/**
 * `node bench/merge-intent.ts [--out FILE]`
 *
 * The baseline for issue 8's decision record: every offline-merge scenario
 * (tests/dom/support/merge-scenarios.ts) against every binding
 * (tests/dom/support/bindings-under-test.ts), in both tie-break orders,
 * through real EditorViews in jsdom. For each run: whether every drafter,
 * and an editor opened afterwards, shows a chapter that keeps everyone's
 * intent, and if not, what they show instead.
 *
 * Output: JSON on stdout (and in --out), the table "binding × scenario" on
 * stderr. Exit code 0 whatever the outcome: the point is the figures.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { JSDOM } from 'jsdom';

const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log('Usage: node bench/merge-intent.ts [--out FILE]');
  process.exit(0);
}

// prosemirror-view reads `document`, `navigator` and `window` when it is
// imported, so the window must exist before the scenarios are imported.
const { window } = new JSDOM('<!doctype html><html><body></body></html>');
for (const name of ['window', 'document', 'navigator', 'getComputedStyle', 'MutationObserver'] as const) {
  const value: unknown = name === 'window' ? window : window[name];
  Object.defineProperty(globalThis, name, { value: typeof value === 'function' ? value.bind(window) : value, configurable: true, writable: true });
}
const { BINDINGS } = await import('../tests/dom/support/bindings-under-test.ts');
const { runScenario, SCENARIOS, TIE_BREAKS } = await import('../tests/dom/support/merge-scenarios.ts');

const results = BINDINGS.flatMap((binding) => SCENARIOS.flatMap((scenario) => TIE_BREAKS.map((tieBreak) => runScenario(binding, scenario, tieBreak))));

const summary = BINDINGS.map((binding) => {
  const own = results.filter((r) => r.binding === binding.name);
  const byScenario = SCENARIOS.filter((scenario) => own.filter((r) => r.scenario === scenario.id).every((r) => r.keptIntent));
  return {
    binding: binding.name,
    runsKeptIntent: own.filter((r) => r.keptIntent).length,
    runs: own.length,
    scenariosKeptInBothOrders: byScenario.length,
    scenarios: SCENARIOS.length,
    converged: own.filter((r) => r.converged).length,
  };
});

const report = { date: new Date().toISOString(), node: process.version, summary, results };
const json = JSON.stringify(report, null, 2);
process.stdout.write(`${json}\n`);
if (values.out) writeFileSync(values.out, `${json}\n`);

const log = (line: string): void => void process.stderr.write(`${line}\n`);
for (const binding of BINDINGS) {
  log(`\n## ${binding.name}\n`);
  log('| scenario | client ids | kept intent | what it showed instead |');
  log('|---|---|---|---|');
  for (const r of results.filter((result) => result.binding === binding.name)) {
    const title = SCENARIOS.find((s) => s.id === r.scenario)?.title ?? '';
    log(`| ${r.scenario}. ${title} | ${r.clientIds.join(', ')} | ${r.keptIntent ? 'yes' : 'no'} | ${(r.instead ?? '').replaceAll('|', '\\|')} |`);
  }
}
log('\n| binding | runs that kept intent | scenarios kept in both orders | runs that converged |');
log('|---|---|---|---|');
for (const s of summary) log(`| ${s.binding} | ${s.runsKeptIntent} of ${s.runs} | ${s.scenariosKeptInBothOrders} of ${s.scenarios} | ${s.converged} of ${s.runs} |`);
