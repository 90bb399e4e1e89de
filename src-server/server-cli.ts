/**
 * `npm run server -- [options]` runs the sync server headless under Node 24;
 * `npm run server -- admin <command>` manages plans, members and codes
 * (admin/admin-cli.ts). Logs are JSON lines; the first line on stdout is the
 * `server-started` record with the URL.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN_USAGE, UsageError, runAdmin } from './admin/admin-cli.ts';
import { SECRET_ENV, loadServerSecret } from './auth/server-secret.ts';
import { DEFAULT_LIMITS, type ServerLimits } from './server-limits.ts';
import { captureConsole, createLogger, type LogLevel } from './server-log.ts';
import { startSyncServer } from './sync-server.ts';

const USAGE = `Usage: npm run server -- [options]
       npm run server -- admin <command> [options]   (see: npm run server -- admin --help)

Runs the Samskriv sync server (Hocuspocus over WebSocket, plus a small JSON API).

Options:
  --port N             TCP port (default 4470; 0 picks a free one)
  --host ADDR          address to listen on (default 127.0.0.1, this machine only;
                       use 0.0.0.0 to serve a network, behind TLS termination)
  --data-dir DIR       SQLite files and the generated secret (default ./samskriv-server-data)
  --secret-file FILE   token-signing secret (at least 32 bytes); default:
                       $${SECRET_ENV}, else DIR/server-secret, created on first start
  --max-payload-mib N  largest WebSocket message in MiB (default ${DEFAULT_LIMITS.maxPayloadBytes / 1024 / 1024})
  --connections-per-minute N
                       connection attempts per client address per minute
                       (default ${DEFAULT_LIMITS.connectionsPerMinutePerAddress}; 0 = no limit)
  --guard-time-limit-ms N
                       longest an update may take to decode (default ${DEFAULT_LIMITS.guardTimeLimitMs}),
  --guard-time-per-mib-ms N
                       plus this per MiB of update (default ${DEFAULT_LIMITS.guardTimeLimitMsPerMiB})
  --lab-no-structural-limits
                       TEST LABS ONLY: let updates over the structural limits
                       through to the other clients (to test that they refuse them)
  --lab-no-rule-guard
                       TEST LABS AND BENCHMARKS ONLY: do not check updates
                       against the members' roles (for tests of transport and
                       storage that write arbitrary documents, and to measure
                       what the check costs)
  --log-level LEVEL    debug, info, warn or error (default info)
  --help               show this text

Environment:
  DATABASE_URL         postgres://… : keep members and documents in PostgreSQL
  REDIS_URL            redis://host:port : share documents with other instances
  ${SECRET_ENV}  the secret itself (takes precedence over --secret-file)`;

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'admin') {
    try {
      await runAdmin(argv.slice(1), process.env, (line) => process.stdout.write(`${line}\n`));
    } catch (error) {
      const usage = error instanceof UsageError || isParseArgsError(error);
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}${usage ? `\n\n${ADMIN_USAGE}` : ''}\n`);
      process.exitCode = usage ? 2 : 1;
    }
    return;
  }

  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '4470' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string', default: 'samskriv-server-data' },
        'secret-file': { type: 'string' },
        'max-payload-mib': { type: 'string' },
        'connections-per-minute': { type: 'string' },
        'guard-time-limit-ms': { type: 'string' },
        'guard-time-per-mib-ms': { type: 'string' },
        'lab-no-structural-limits': { type: 'boolean', default: false },
        'lab-no-rule-guard': { type: 'boolean', default: false },
        'log-level': { type: 'string', default: 'info' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = wholeNumber(values.port, '--port', 0, 65535);
  const level = values['log-level'];
  if (!['debug', 'info', 'warn', 'error'].includes(level)) usageError('--log-level must be debug, info, warn or error');
  const limits: Partial<ServerLimits> = {};
  if (values['max-payload-mib'] !== undefined) {
    (limits as { maxPayloadBytes: number }).maxPayloadBytes = wholeNumber(values['max-payload-mib'], '--max-payload-mib', 1, 64) * 1024 * 1024;
  }
  if (values['connections-per-minute'] !== undefined) {
    (limits as { connectionsPerMinutePerAddress: number }).connectionsPerMinutePerAddress = wholeNumber(values['connections-per-minute'], '--connections-per-minute', 0, 1_000_000);
  }
  if (values['guard-time-limit-ms'] !== undefined) {
    (limits as { guardTimeLimitMs: number }).guardTimeLimitMs = wholeNumber(values['guard-time-limit-ms'], '--guard-time-limit-ms', 1, 600_000);
  }
  if (values['guard-time-per-mib-ms'] !== undefined) {
    (limits as { guardTimeLimitMsPerMiB: number }).guardTimeLimitMsPerMiB = wholeNumber(values['guard-time-per-mib-ms'], '--guard-time-per-mib-ms', 0, 600_000);
  }
  if (values['lab-no-structural-limits']) (limits as { structuralLimits: boolean }).structuralLimits = false;
  if (values['lab-no-rule-guard']) (limits as { ruleGuard: boolean }).ruleGuard = false;

  const log = createLogger(level as LogLevel);
  captureConsole(log);
  const dataDir = resolve(values['data-dir']);
  let server;
  try {
    const secret = loadServerSecret({ env: process.env[SECRET_ENV], secretFile: values['secret-file'], dataDir });
    server = await startSyncServer({
      port,
      host: values.host,
      dataDir,
      databaseUrl: process.env['DATABASE_URL'],
      redisUrl: process.env['REDIS_URL'],
      secret,
      log,
      limits,
    });
  } catch (error) {
    log.error('server-failed-to-start', { error });
    process.exit(1);
  }
  const stop = (signal: string): void => {
    log.info('server-stopping', { signal });
    void server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('server-stop-failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  // Decimal digits only: Number() would take "" as 0, "0x50" as 80 and "1e3" as 1000.
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) usageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

function usageError(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

await main(process.argv.slice(2));
