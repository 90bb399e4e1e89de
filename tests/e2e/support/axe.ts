/**
 * Runs axe-core in the page against WCAG 2.1 A and AA (the level DOS-lagen
 * requires of Swedish public-sector services, DESIGN §8) and describes any
 * violation in words a developer can act on.
 *
 * The source is evaluated through the DevTools protocol rather than added as
 * a <script> tag: the app's Content-Security-Policy rightly refuses inline
 * and foreign scripts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The violations on the page as it is now, one readable paragraph each; empty when there are none. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe;
    const outcome: AxeResults = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    // Only plain data crosses back to Node.
    return outcome.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), html: node.html, failureSummary: node.failureSummary ?? '' })),
    }));
  }, WCAG_21_AA_TAGS);
  return results.map(describe);
}

function describe(violation: Pick<Result, 'id' | 'impact' | 'help' | 'helpUrl'> & { nodes: { target: string; html: string; failureSummary: string }[] }): string {
  const nodes = violation.nodes
    .map((node) => `  - ${node.target}\n    ${node.html.slice(0, 300)}\n    ${node.failureSummary.replaceAll('\n', '\n    ')}`)
    .join('\n');
  return `${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help}\n  ${violation.helpUrl}\n${nodes}`;
}
