/**
 * Who may change a plan's sources (issue 16; shared/sources/): the entries
 * in the manifest's `sources` map and each source's own doc. The table is
 * docs/rules.md ("Sources").
 *
 * - Any member but a reader adds a source, signed by herself; the list is
 *   append-only (an entry is never replaced or deleted).
 * - The member who added it and the coordinator remove it: `removedAt` and
 *   `removedBy` (the sender) on the entry, nothing else changes.
 * - A source's doc is written by the member who added it (it is made just
 *   before its entry) and, once the source is removed, only emptied, by her
 *   or the coordinator. Its meta names the doc itself.
 *
 * The server's guard reaches the list through doc-rules.ts today; a source
 * doc needs the guard to route `plan/<planId>/source/<sourceId>` here with
 * the entry (`SourceTarget`), which it does not do yet (see
 * docs/decisions/sources.md, "Sync").
 */
import * as Y from 'yjs';
import { isUuid } from '../plan/doc-names.ts';
import type { Author, Member } from '../plan/member.ts';
import { MAX_SOURCE_FILE_NAME_LENGTH, MAX_SOURCE_TITLE_LENGTH, SOURCE_FORMATS } from '../sources/source-format.ts';
import { SOURCE_ENTRY_FIELDS, SOURCES_ROOT } from '../sources/source-list.ts';
import { mayAddSource, mayRemoveSource } from '../sources/source-permissions.ts';
import { isSender, storedAuthor } from './authorship.ts';
import type { DocChange, MapChange, TextChange } from './doc-changes.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';
import { checkSchemaVersion } from './schema-version-rule.ts';

/** What the guard knows of a source doc: its name and its manifest entry (null if the manifest does not list it). */
export interface SourceTarget {
  readonly kind: 'source';
  readonly planId: string;
  readonly sourceId: string;
  readonly source: { readonly addedBy: Author | null; readonly removed: boolean } | null;
}

/** The manifest's changes other than its source list, for the manifest rules. */
export function withoutSourceList(changes: readonly DocChange[]): DocChange[] {
  return changes.filter((c) => c.root !== SOURCES_ROOT);
}

export function checkSourceListChanges(member: Member, changes: readonly DocChange[]): RuleBreach | null {
  for (const change of changes) {
    if (change.root !== SOURCES_ROOT) continue;
    const found = change.kind === 'map' ? checkListChange(member, change) : breach('unknown-part', `the source list has no ${change.kind}`);
    if (found !== null) return found;
  }
  return null;
}

function checkListChange(member: Member, change: MapChange): RuleBreach | null {
  const refuse = (what: string): RuleBreach => breach('plan-not-permitted', `a ${member.role} of ${member.agency} may not ${what}`);
  if (change.path.length === 0) {
    if (change.action !== 'add') return refuse(`replace or remove source ${change.key}`);
    if (!mayAddSource(member)) return refuse('add a source');
    return checkNewEntry(member, change.key, change.newValue, refuse);
  }
  if (change.path.length > 1) return breach('unknown-part', `a source entry holds plain values only`);
  const id = String(change.path[0]);
  if (change.key !== 'removedAt' && change.key !== 'removedBy') return refuse(`change ${change.key} of source ${id}`);
  if (change.action === 'delete') return refuse(`bring back removed source ${id}`);
  if (!mayRemoveSource(member, { addedBy: storedAuthor(change.map.get('addedBy')) })) return refuse(`remove source ${id}`);
  if (change.key === 'removedBy' && !isSender(change.newValue, member)) return refuse('sign a removal with another member');
  if (change.key === 'removedAt' && typeof change.newValue !== 'string') return refuse(`remove source ${id} without a time`);
  return null;
}

function checkNewEntry(member: Member, id: string, value: unknown, refuse: (what: string) => RuleBreach): RuleBreach | null {
  if (!isUuid(id) || !(value instanceof Y.Map)) return refuse(`add source ${id} in another form than the app's`);
  const keys = [...value.keys()];
  if (keys.length !== SOURCE_ENTRY_FIELDS.length || !keys.every((k) => (SOURCE_ENTRY_FIELDS as readonly string[]).includes(k))) {
    return refuse(`add source ${id} with the fields ${keys.join(', ')}`);
  }
  const title = value.get('title');
  const fileName = value.get('fileName');
  const date = value.get('date');
  const wellFormed =
    typeof title === 'string' &&
    title.length <= MAX_SOURCE_TITLE_LENGTH &&
    typeof value.get('issuer') === 'string' &&
    (date === null || (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date))) &&
    (SOURCE_FORMATS as readonly unknown[]).includes(value.get('format')) &&
    typeof fileName === 'string' &&
    fileName.length <= MAX_SOURCE_FILE_NAME_LENGTH &&
    typeof value.get('addedAt') === 'string';
  if (!wellFormed) return refuse(`add source ${id} in another form than the app's`);
  if (!isSender(value.get('addedBy'), member)) return refuse('add a source signed with another member');
  return null;
}

export function checkSourceDocChanges(member: Member, target: SourceTarget, changes: readonly DocChange[]): RuleBreach | null {
  const refuse = (what: string): RuleBreach => breach('plan-not-permitted', `a ${member.role} of ${member.agency} may not ${what} source ${target.sourceId}`);
  if (target.source === null) return refuse('write the unlisted');
  const writer = target.source.removed ? mayRemoveSource(member, target.source) : target.source.addedBy?.memberId === member.memberId;
  if (!writer) return refuse(target.source.removed ? 'empty' : 'write');
  const own: Record<string, unknown> = { kind: 'source', planId: target.planId, sourceId: target.sourceId };
  for (const change of changes) {
    if (change.root === 'meta') {
      if (change.kind !== 'map' || change.path.length > 0) return breach('unknown-part', 'a source meta holds plain values only');
      const found = change.key === 'schemaVersion' ? checkSchemaVersion(change.oldValue, change.newValue) : change.newValue === own[change.key] ? null : breach('unknown-part', `a source's meta.${change.key} is not ${JSON.stringify(change.newValue) ?? 'removed'}`);
      if (found !== null) return found;
    } else if (target.source.removed && adds(change)) {
      return refuse('write into the removed');
    } else if (change.root === 'file' && (change.kind !== 'map' || change.path.length > 0)) {
      return breach('unknown-part', 'a source file holds plain values only');
    }
  }
  return null;
}

/**
 * Whether a change leaves something new in the doc (after removal a source
 * may only lose content). Content the same update writes and deletes adds
 * nothing: an adder who adds a source and removes it again while offline
 * sends both as one update, and her app did nothing wrong (a map key set and
 * deleted in one update raises no change at all).
 */
function adds(change: DocChange): boolean {
  if (change.kind === 'map') return change.action !== 'delete';
  if (change.kind === 'text') return writesLiveContent((change as TextChange).event.target, (change as TextChange).event.transaction);
  return true;
}

/** Whether `type` holds content the transaction wrote that is still there. */
function writesLiveContent(type: { readonly _start: Y.Item | null }, transaction: Y.Transaction): boolean {
  for (let item = type._start; item !== null; item = item.right) {
    if (!item.deleted && item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)) return true;
  }
  return false;
}
