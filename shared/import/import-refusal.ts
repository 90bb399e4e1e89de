/**
 * Why a Word file is not imported. The host refuses with one of these
 * reasons (HostError `import-failed`, its `reason`), and the renderer says it
 * in Swedish (i18n `hostErrors.import-failed.<reason>`). A refused import
 * changes nothing in the plan: the file is read and checked completely
 * before the renderer writes anything.
 */
/**
 * The largest Word file imported. A draft of a few hundred pages is a few MB;
 * pictures make files larger, and they are left out anyway. The host checks
 * it (src-main/import/docx-package.ts), and the browser before uploading.
 */
export const MAX_IMPORT_BYTES = 15 * 1024 * 1024;

export const IMPORT_REFUSAL_REASONS = [
  /** Larger than the import reads (docx-package.ts). */
  'too-large',
  /** An OLE compound file: a .docx with a password, or an old .doc. */
  'encrypted',
  /** Not a zip, or a zip without a Word document. */
  'not-docx',
  /** A zip or XML part that cannot be read. */
  'damaged',
  /** Built to harm: a zip bomb, a DOCTYPE (external entities), absurd nesting. */
  'hostile',
  /** Reading took longer or more memory than allowed (the worker was stopped). */
  'too-complex',
] as const;

export type ImportRefusalReason = (typeof IMPORT_REFUSAL_REASONS)[number];

export class ImportRefusal extends Error {
  readonly reason: ImportRefusalReason;

  constructor(reason: ImportRefusalReason, message: string) {
    super(message);
    this.name = 'ImportRefusal';
    this.reason = reason;
  }
}

export function isImportRefusalReason(value: unknown): value is ImportRefusalReason {
  return (IMPORT_REFUSAL_REASONS as readonly unknown[]).includes(value);
}
