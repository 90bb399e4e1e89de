/**
 * A throwaway PostgreSQL 15 cluster (Debian's binaries): `initdb` into a
 * temporary directory and `pg_ctl start` on a free port, listening on
 * 127.0.0.1 only, trust auth for the one local user. PostgreSQL refuses to
 * run as root, and CI runs as root, so there the cluster belongs to the
 * `postgres` system user (created by the Debian package) and its commands
 * run through `runuser`.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './redis-process.ts';

export interface PostgresProcess {
  /** URL of a fresh, empty database for one test. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].find((dir) => existsSync(join(dir, 'initdb')));
export const POSTGRES_AVAILABLE = BIN !== undefined;

export async function startPostgres(): Promise<PostgresProcess> {
  if (BIN === undefined) throw new Error('PostgreSQL is not installed (apt-get install postgresql).');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (command: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]] : [join(BIN, command), args];
    execFileSync(file, argv, { stdio: 'pipe', cwd: dir });
  };
  run('initdb', ['-D', data, '-U', 'samskriv', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), 'start', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`]);
  const admin = `postgres://samskriv@127.0.0.1:${port}/postgres`;
  return {
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://samskriv@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-w', '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
