/**
 * Opens where the server keeps its data, shared by the server and the admin
 * CLI so both always look at the same place:
 * - with DATABASE_URL: PostgreSQL holds members and documents;
 * - otherwise: `<data-dir>/members.sqlite` (members, invitations, which
 *   member writes under which Yjs client id) and
 *   `<data-dir>/docs.sqlite` (documents, the desktop's DocStore format).
 */
import { join } from 'node:path';
import type { SqlDatabase } from './database/sql-database.ts';
import { PostgresDatabase } from './database/postgres-database.ts';
import { SqliteDatabase } from './database/sqlite-database.ts';
import { ClientOwners } from './members/client-owners.ts';
import { MemberStore } from './members/member-store.ts';
import type { DocPersistence } from './persistence/doc-persistence.ts';
import { PostgresDocPersistence } from './persistence/postgres-doc-persistence.ts';
import { SqliteDocPersistence } from './persistence/sqlite-doc-persistence.ts';
import type { Logger } from './server-log.ts';

export interface StorageLocation {
  readonly dataDir?: string | undefined;
  readonly databaseUrl?: string | undefined;
}

export interface ServerStorage {
  readonly kind: 'sqlite' | 'postgres';
  readonly members: MemberStore;
  readonly clientOwners: ClientOwners;
  readonly database: SqlDatabase;
  /** Throws if the database does not answer. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

export async function openMemberStorage(location: StorageLocation, log: Logger): Promise<ServerStorage> {
  const database = openDatabase(location, log);
  try {
    const members = await MemberStore.open(database);
    const clientOwners = await ClientOwners.open(database);
    return {
      kind: database.dialect,
      members,
      clientOwners,
      database,
      probe: async () => {
        await database.query('SELECT 1 AS one');
      },
      close: () => database.close(),
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** The document store next to `storage`: the same PostgreSQL database, or docs.sqlite in the data dir. */
export async function openDocPersistence(location: StorageLocation, storage: ServerStorage): Promise<DocPersistence> {
  if (storage.kind === 'postgres') return PostgresDocPersistence.open(storage.database);
  return SqliteDocPersistence.open(requireDataDir(location));
}

function openDatabase(location: StorageLocation, log: Logger): SqlDatabase {
  if (location.databaseUrl !== undefined && location.databaseUrl !== '') {
    return new PostgresDatabase(location.databaseUrl, (error) => log.error('postgres-pool-error', { error }));
  }
  return new SqliteDatabase(join(requireDataDir(location), 'members.sqlite'));
}

function requireDataDir(location: StorageLocation): string {
  if (location.dataDir === undefined) throw new Error('Without DATABASE_URL the server needs --data-dir for its SQLite files.');
  return location.dataDir;
}
