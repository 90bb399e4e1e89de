/**
 * Whether this build may edit a document, judged by the schema version stored
 * in it. An older build cannot read what a newer one wrote (version 1 used
 * y-prosemirror, which deletes what the local schema cannot build, and the
 * deletion syncs to everyone), so anything but a known, not-newer version
 * must open read-only. Older versions are editable: a version-1 chapter is
 * migrated when it is opened (tests/unit/shared/chapter-migration.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { accessForSchemaVersion, SCHEMA_VERSION } from '../../../shared/schema/version.ts';

describe('accessForSchemaVersion', () => {
  it('lets a document without a stamp yet be edited', () => {
    expect(accessForSchemaVersion(undefined)).toEqual({ kind: 'editable' });
  });

  it('lets documents of this schema version and older be edited', () => {
    expect(accessForSchemaVersion(1)).toEqual({ kind: 'editable' });
    expect(accessForSchemaVersion(SCHEMA_VERSION)).toEqual({ kind: 'editable' });
  });

  it('opens a document of a newer schema read-only and says which versions differ', () => {
    expect(accessForSchemaVersion(SCHEMA_VERSION + 1)).toEqual({
      kind: 'read-only-newer-schema',
      docVersion: SCHEMA_VERSION + 1,
      appVersion: SCHEMA_VERSION,
    });
  });

  it.each([['2'], [-1], [0], [1.5], [null], [Number.NaN], [Number.POSITIVE_INFINITY], [{ version: 1 }], [[1]], [true]])(
    'opens a document whose stored version is %j read-only',
    (stored) => {
      expect(accessForSchemaVersion(stored)).toEqual({ kind: 'read-only-newer-schema', docVersion: null, appVersion: SCHEMA_VERSION });
    },
  );
});
