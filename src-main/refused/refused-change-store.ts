/**
 * The host's records of changes the sync server did not accept
 * (shared/refused/refused-change.ts; docs/decisions/refused-changes.md), in
 * the plan's own store file.
 *
 * Setting a change aside writes the record first (one durable append), and
 * only then forgets the chapter's stored state, so the renderer can rebuild
 * the chapter from the server's copy. A crash between the two leaves the
 * record and the old chapter: the server refuses it again at the next sync
 * and the same state is set aside again, which finds its record already
 * there (the id is derived from the chapter and its state). The user's words
 * are in the store at every moment.
 */
import { createHash } from 'node:crypto';
import { HostError } from '../../shared/host-api/host-error.ts';
import type { Language } from '../../shared/host-api/host-api.ts';
import { chapterDocName } from '../../shared/plan/doc-names.ts';
import {
  decodeRefusedChange,
  encodeRefusedChange,
  refusedChangeDocName,
  refusedChangesPrefix,
  refusedChapterText,
  type NewRefusedChange,
  type RefusedChange,
} from '../../shared/refused/refused-change.ts';
import type { DocStore } from '../../src-node/storage/doc-store.ts';

export interface RefusedExportFile {
  readonly fileName: string;
  readonly mediaType: string;
  readonly data: Uint8Array;
}

const TEXT = {
  sv: { heading: 'Ändringar som servern inte godtog', chapter: 'Kapitel', by: 'Skrivet av', at: 'Inte godtaget', reason: 'Serverns skäl', file: 'ej-godtaget' },
  en: { heading: 'Changes the server did not accept', chapter: 'Chapter', by: 'Written by', at: 'Not accepted', reason: 'The server’s reason', file: 'not-accepted' },
} as const;

export class RefusedChangeStore {
  readonly #store: DocStore;
  /** Forgets the chapter's stored state (PlanService.forgetDoc: the store and its check cache). */
  readonly #forgetDoc: (docName: string) => void;
  readonly #now: () => Date;

  constructor(store: DocStore, forgetDoc: (docName: string) => void, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#forgetDoc = forgetDoc;
    this.#now = now;
  }

  /** Keeps `change` and forgets the chapter's stored state; the record (or the one already kept for the same state). */
  setAside(change: NewRefusedChange): RefusedChange {
    if (refusedChapterTextOrNull(change.update) === null) {
      throw new HostError('invalid-argument', 'setAsideRefusedChange: update is not a chapter document; nothing was changed', 'update');
    }
    const id = createHash('sha256').update(change.chapterId).update(change.update).digest('hex').slice(0, 32);
    const name = refusedChangeDocName(change.planId, id);
    let record = this.#read(name);
    if (record === null) {
      record = { ...change, id, refusedAt: this.#now().toISOString() };
      this.#store.appendUpdate(name, encodeRefusedChange(record));
    }
    this.#forgetDoc(chapterDocName(change.planId, change.chapterId));
    return record;
  }

  /** The plan's records, oldest first. */
  list(planId: string): RefusedChange[] {
    const records: RefusedChange[] = [];
    for (const name of this.#store.listDocs(refusedChangesPrefix(planId))) {
      const record = this.#read(name);
      // A record that cannot be read is left where it is, never deleted, and logged.
      if (record === null) console.error(`[refused] ${name} is not a readable record; it is kept as it is`);
      else records.push(record);
    }
    return records.sort((a, b) => a.refusedAt.localeCompare(b.refusedAt));
  }

  get(planId: string, id: string): RefusedChange {
    const record = this.#read(refusedChangeDocName(planId, id));
    if (record === null) throw new HostError('not-found', `No refused change ${id} in plan ${planId}.`);
    return record;
  }

  /** The user's decision: the record is gone (`not-found` if it already was). */
  discard(planId: string, id: string): void {
    this.get(planId, id);
    this.#store.deleteDocs([refusedChangeDocName(planId, id)]);
  }

  /** The refused chapter as a plain-text file to send to the owner agency, with a short header that says what it is. */
  exportFile(planId: string, id: string, language: Language): RefusedExportFile {
    const record = this.get(planId, id);
    const text = TEXT[language];
    const body = [
      text.heading,
      `${text.chapter}: ${record.chapterTitle}`,
      `${text.by}: ${record.by.name} (${record.by.agency})`,
      `${text.at}: ${record.refusedAt}`,
      `${text.reason}: ${record.detail}`,
      '',
      refusedChapterText(record.update),
      '',
    ].join('\n');
    const slug = record.chapterTitle.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).toLowerCase() || 'kapitel';
    return { fileName: `${slug}-${text.file}.txt`, mediaType: 'text/plain;charset=utf-8', data: new TextEncoder().encode(body) };
  }

  #read(name: string): RefusedChange | null {
    const stored = this.#store.loadDoc(name);
    return stored === null ? null : decodeRefusedChange(stored);
  }
}

function refusedChapterTextOrNull(update: Uint8Array): string | null {
  try {
    return refusedChapterText(update);
  } catch {
    return null;
  }
}
