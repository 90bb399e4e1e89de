/**
 * Submitted editions of plans (issue 14, "Lämna in"): an immutable copy of
 * every doc of a plan with who submitted it and when.
 *
 * Stored in the local store beside the plans: each doc's bytes as one
 * update of a doc named `submission/<submissionId>/<original doc name>`
 * (checksummed like every blob, all written in one transaction), then the
 * record under the setting `submission:<planId>:<submissionId>` and its id
 * in `submissions:<planId>`. The record is written after the docs, so a crash in between leaves no edition listed and no
 * half edition readable. Nothing here changes or deletes an edition, and
 * a read checks the SHA-256 over the docs recorded at submission, so an
 * edition shown is byte for byte the one submitted.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DocStore } from '../../src-node/storage/doc-store.ts';
import type { StoredDoc, SubmittedEdition } from '../../shared/host-api/host-api.ts';
import { authorSchema, type Author } from '../../shared/plan/member.ts';

interface EditionRecord extends SubmittedEdition {
  readonly docNames: readonly string[];
}

const SETTING_PREFIX = 'submission:';
/** The plan's edition ids, in submission order (the store lists no setting keys). */
const INDEX_PREFIX = 'submissions:';

export class SubmissionStore {
  readonly #store: DocStore;

  constructor(store: DocStore) {
    this.#store = store;
  }

  /** Stores `docs` as a new edition of `planId`; returns it. */
  create(planId: string, docs: readonly StoredDoc[], by: Author, now: Date): SubmittedEdition {
    const id = randomUUID();
    const sorted = [...docs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.#store.appendUpdates(sorted.map((doc) => [storedName(id, doc.name), doc.update] as const));
    const record: EditionRecord = {
      id,
      planId,
      submittedAt: now.toISOString(),
      submittedBy: { memberId: by.memberId, name: by.name, agency: by.agency },
      docCount: sorted.length,
      sha256: digest(sorted),
      docNames: sorted.map((doc) => doc.name),
    };
    this.#store.setSetting(`${SETTING_PREFIX}${planId}:${id}`, record);
    this.#store.setSetting(`${INDEX_PREFIX}${planId}`, [...this.#ids(planId), id]);
    return summary(record);
  }

  list(planId: string): SubmittedEdition[] {
    const editions: SubmittedEdition[] = [];
    for (const record of this.#records(planId)) editions.push(summary(record));
    return editions.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
  }

  /** The edition's docs, or null if there is no such edition; throws if its bytes are not the ones submitted. */
  load(planId: string, submissionId: string): { edition: SubmittedEdition; docs: StoredDoc[] } | null {
    const record = readRecord(this.#store.getSetting(`${SETTING_PREFIX}${planId}:${submissionId}`));
    if (record === null || record.planId !== planId) return null;
    const docs = record.docNames.map((name) => {
      const update = this.#store.loadDoc(storedName(submissionId, name));
      if (update === null) throw new Error(`Submitted edition ${submissionId}: ${name} is missing from the store.`);
      return { name, update };
    });
    if (digest(docs) !== record.sha256) throw new Error(`Submitted edition ${submissionId}: the stored docs are not the ones submitted (SHA-256 differs).`);
    return { edition: summary(record), docs };
  }

  *#records(planId: string): Iterable<EditionRecord> {
    for (const id of this.#ids(planId)) {
      const record = readRecord(this.#store.getSetting(`${SETTING_PREFIX}${planId}:${id}`));
      if (record !== null && record.planId === planId) yield record;
    }
  }

  #ids(planId: string): string[] {
    const ids = this.#store.getSetting(`${INDEX_PREFIX}${planId}`);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  }
}

function storedName(submissionId: string, docName: string): string {
  return `submission/${submissionId}/${docName}`;
}

function digest(docs: readonly StoredDoc[]): string {
  const hash = createHash('sha256');
  for (const doc of docs) {
    hash.update(doc.name);
    hash.update('\0');
    hash.update(String(doc.update.length));
    hash.update('\0');
    hash.update(doc.update);
  }
  return hash.digest('hex');
}

function summary(record: EditionRecord): SubmittedEdition {
  const { docNames: _names, ...edition } = record;
  return edition;
}

/** A stored record, checked field by field (the file may be edited by other tools). */
function readRecord(value: unknown): EditionRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const by = authorSchema.safeParse(r['submittedBy']);
  const names = r['docNames'];
  if (typeof r['id'] !== 'string' || typeof r['planId'] !== 'string' || typeof r['submittedAt'] !== 'string' || typeof r['sha256'] !== 'string') return null;
  if (!by.success || !Array.isArray(names) || !names.every((n) => typeof n === 'string') || typeof r['docCount'] !== 'number') return null;
  return { id: r['id'], planId: r['planId'], submittedAt: r['submittedAt'], submittedBy: by.data, docCount: r['docCount'], sha256: r['sha256'], docNames: names as string[] };
}
