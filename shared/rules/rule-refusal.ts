/**
 * A rule an update breaks, and how it travels: the server closes with 4422
 * and the reason "rule refused: <code>: <detail>" (English, for logs); the
 * app reads the code back to say in Swedish what was not accepted.
 */
import { RULE_REFUSALS, type RuleRefusal } from '../sync-protocol/refusals.ts';

export interface RuleBreach {
  readonly rule: RuleRefusal;
  /** English, for the log and the close reason: what was attempted. */
  readonly detail: string;
}

const PREFIX = 'rule refused: ';

export function breach(rule: RuleRefusal, detail: string): RuleBreach {
  return { rule, detail };
}

export function ruleCloseReason(found: RuleBreach): string {
  return `${PREFIX}${found.rule}: ${found.detail}`;
}

/** The rule named by a close reason from `ruleCloseReason`, or null for any other reason. */
export function ruleOfCloseReason(reason: string): RuleRefusal | null {
  if (!reason.startsWith(PREFIX)) return null;
  const code = reason.slice(PREFIX.length).split(':', 1)[0] ?? '';
  return (RULE_REFUSALS as readonly string[]).includes(code) ? (code as RuleRefusal) : null;
}
