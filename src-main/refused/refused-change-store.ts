/**
 * The host's records of changes the sync server did not accept
 * (shared/refused/refused-change.ts; docs/decisions/refused-changes.md), in
 * the plan's own store file.
 *
 * Setting a change aside writes the record first (one durable append), and
 * only then forgets the doc's stored state (a chapter, the manifest or a
 * source), so the renderer can rebuild it from the server's copy. A crash
 * between the two leaves the record and the old doc: the server refuses it
 * again at the next sync and the same state is set aside again, which finds
 * its record already there (the id is derived from the doc and its state).
 * The user's words are in the store at every moment.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { HostError } from '../../shared/host-api/host-error.ts';
import type { Language } from '../../shared/host-api/host-api.ts';
import { chapterDocName, manifestDocName } from '../../shared/plan/doc-names.ts';
import { manifestAsText, type ManifestTextLabels } from '../../shared/refused/manifest-differences.ts';
import {
  decodeRefusedChange,
  encodeRefusedChange,
  isRefusedDoc,
  refusedChangeDocName,
  refusedChangesPrefix,
  refusedChapterText,
  refusedSourceText,
  type NewRefusedChange,
  type RefusedChange,
} from '../../shared/refused/refused-change.ts';
import { sourceDocName } from '../../shared/sources/source-doc.ts';
import type { DocStore } from '../../src-node/storage/doc-store.ts';

export interface RefusedExportFile {
  readonly fileName: string;
  readonly mediaType: string;
  readonly data: Uint8Array;
}

const TEXT = {
  sv: {
    heading: 'Ändringar som servern inte godtog',
    chapter: 'Kapitel',
    manifest: 'Planens uppgifter',
    source: 'Underlag',
    by: 'Skrivet av',
    at: 'Inte godtaget',
    reason: 'Serverns skäl',
    file: 'ej-godtaget',
    manifestNote: 'Så här såg planens uppgifter ut på din dator. Be samordnaren göra de ändringar du behöver.',
  },
  en: {
    heading: 'Changes the server did not accept',
    chapter: 'Chapter',
    manifest: 'The plan’s details',
    source: 'Source',
    by: 'Written by',
    at: 'Not accepted',
    reason: 'The server’s reason',
    file: 'not-accepted',
    manifestNote: 'This is how the plan’s details stood on your computer. Ask the coordinator to make the changes you need.',
  },
} as const;

const MANIFEST_LABELS: Readonly<Record<Language, ManifestTextLabels>> = {
  sv: {
    planTitle: 'Planens titel',
    details: { recipient: 'Mottagare', referenceNumber: 'Diarienummer', decisionDate: 'Beslutsdatum', deadline: 'Sista dag' },
    contact: 'Kontaktperson',
    chapters: 'Kapitel',
    deletedChapters: 'Borttagna kapitel',
    owner: 'ansvarig',
    coWriters: 'skriver också',
    status: { draft: 'utkast', 'in-review': 'klar för granskning', approved: 'godkänt' },
    none: '—',
  },
  en: {
    planTitle: 'Plan title',
    details: { recipient: 'Recipient', referenceNumber: 'Reference number', decisionDate: 'Decision date', deadline: 'Deadline' },
    contact: 'Contact person',
    chapters: 'Chapters',
    deletedChapters: 'Deleted chapters',
    owner: 'owner',
    coWriters: 'also written by',
    status: { draft: 'draft', 'in-review': 'ready for review', approved: 'approved' },
    none: '—',
  },
};

export class RefusedChangeStore {
  readonly #store: DocStore;
  /** Forgets the doc's stored state (PlanService.forgetDoc: the store and its check cache). */
  readonly #forgetDoc: (docName: string) => void;
  readonly #now: () => Date;

  constructor(store: DocStore, forgetDoc: (docName: string) => void, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#forgetDoc = forgetDoc;
    this.#now = now;
  }

  /** Keeps `change` and forgets the doc's stored state; the record (or the one already kept for the same state). */
  setAside(change: NewRefusedChange): RefusedChange {
    if (!isRefusedDoc(change)) {
      throw new HostError('invalid-argument', `setAsideRefusedChange: update is not the plan's ${change.docKind} ${change.docId}; nothing was changed`, 'update');
    }
    // The chapter's id alone for chapters, as before, so a record kept by an earlier version is found again.
    const key = change.docKind === 'chapter' ? change.docId : `${change.docKind}:${change.docId}`;
    const id = createHash('sha256').update(key).update(change.update).digest('hex').slice(0, 32);
    const name = refusedChangeDocName(change.planId, id);
    let record = this.#read(name);
    if (record === null) {
      record = { ...change, id, refusedAt: this.#now().toISOString() };
      this.#store.appendUpdate(name, encodeRefusedChange(record));
    }
    this.#forgetDoc(docNameOf(change));
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

  /**
   * The refused doc as a plain-text file, with a short header that says what
   * it is: a chapter's words (to send to the owner agency), the plan's
   * details as they stood here (to ask the coordinator), a source's text.
   */
  exportFile(planId: string, id: string, language: Language): RefusedExportFile {
    const record = this.get(planId, id);
    const text = TEXT[language];
    const body = [
      text.heading,
      `${text[record.docKind]}: ${record.docTitle}`,
      `${text.by}: ${record.by.name} (${record.by.agency})`,
      `${text.at}: ${record.refusedAt}`,
      `${text.reason}: ${record.detail}`,
      ...(record.docKind === 'manifest' ? ['', text.manifestNote] : []),
      '',
      refusedDocText(record, language),
      '',
    ].join('\n');
    const slug = record.docTitle.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).toLowerCase() || { chapter: 'kapitel', manifest: 'plan', source: 'underlag' }[record.docKind];
    return { fileName: `${slug}-${text.file}.txt`, mediaType: 'text/plain;charset=utf-8', data: new TextEncoder().encode(body) };
  }

  #read(name: string): RefusedChange | null {
    const stored = this.#store.loadDoc(name);
    return stored === null ? null : decodeRefusedChange(stored);
  }
}

function docNameOf(change: NewRefusedChange): string {
  switch (change.docKind) {
    case 'chapter':
      return chapterDocName(change.planId, change.docId);
    case 'manifest':
      return manifestDocName(change.planId);
    case 'source':
      return sourceDocName(change.planId, change.docId);
  }
}

function refusedDocText(record: RefusedChange, language: Language): string {
  switch (record.docKind) {
    case 'chapter':
      return refusedChapterText(record.update);
    case 'source':
      return refusedSourceText(record.update);
    case 'manifest': {
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, record.update);
        return manifestAsText(doc, MANIFEST_LABELS[language]);
      } finally {
        doc.destroy();
      }
    }
  }
}
