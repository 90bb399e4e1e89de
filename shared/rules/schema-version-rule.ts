/**
 * `meta.schemaVersion` of a chapter or the manifest may only name a schema
 * this server knows (shared/schema/version.ts), and never go down. A version
 * above ours makes the doc read-only for every app (accessForSchemaVersion),
 * so one drafter could freeze a chapter for everyone; a lower one would make
 * the apps run a finished migration again.
 */
import { SCHEMA_VERSION } from '../schema/version.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';

export function checkSchemaVersion(oldValue: unknown, newValue: unknown): RuleBreach | null {
  if (typeof newValue !== 'number' || !Number.isInteger(newValue) || newValue < 1 || newValue > SCHEMA_VERSION) {
    return breach('schema-version', `schemaVersion ${JSON.stringify(newValue) ?? 'removed'} is not a version this server knows (1–${SCHEMA_VERSION})`);
  }
  if (typeof oldValue === 'number' && newValue < oldValue) {
    return breach('schema-version', `schemaVersion may not go down from ${oldValue} to ${newValue}`);
  }
  return null;
}
