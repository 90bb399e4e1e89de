/**
 * The schema version this build of Samskriv understands.
 *
 * Every document stores the version of the schema it was written with
 * (`meta.schemaVersion`). y-prosemirror deletes any node the local schema
 * cannot build, and that deletion syncs to every peer (y-prosemirror #39,
 * #275). So a client must never open a document written with a newer schema
 * for editing: it would silently destroy the newer content for everyone.
 *
 * Bump this number whenever a node, mark or attribute is added, renamed or
 * removed, or the way text is stored changes, and add a migration note to
 * docs/architecture.md.
 *
 * 2: the chapter text moved from y-prosemirror's XmlFragment to one flat
 *    Y.Text with block markers (shared/chapter-text/migration.ts).
 * 3: suggestions (track changes): the marks suggestion_insert,
 *    suggestion_delete and suggestion_format, and the textblock attribute
 *    `suggestion` (a block marker's `suggestion` and `before` fields). An
 *    older build would show suggested text as ordinary text and deleted text
 *    as kept, so it opens such chapters read-only. No migration: a version 2
 *    chapter is a version 3 chapter without suggestions.
 */
export const SCHEMA_VERSION = 3;

export type DocAccess =
  | { readonly kind: 'editable' }
  | { readonly kind: 'read-only-newer-schema'; readonly docVersion: number | null; readonly appVersion: number };

/**
 * Decides whether this app may edit a document stored with `docVersion`.
 *
 * A missing version (undefined) means a document that is still empty and has
 * not been stamped yet, which is safe to edit. Anything that is present but not
 * a positive integer we cannot reason about, so it is treated like a newer
 * schema: read-only. Erring towards read-only costs an update prompt; erring
 * towards editable can delete other people's text.
 */
export function accessForSchemaVersion(docVersion: unknown): DocAccess {
  if (docVersion === undefined) return { kind: 'editable' };
  const valid = typeof docVersion === 'number' && Number.isInteger(docVersion) && docVersion > 0;
  if (!valid) return { kind: 'read-only-newer-schema', docVersion: null, appVersion: SCHEMA_VERSION };
  if (docVersion > SCHEMA_VERSION) {
    return { kind: 'read-only-newer-schema', docVersion, appVersion: SCHEMA_VERSION };
  }
  return { kind: 'editable' };
}
