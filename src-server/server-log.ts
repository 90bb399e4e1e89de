/**
 * Structured logs of the sync server: one JSON object per line, with a time,
 * a level and an event name, so that agency IT can feed them to journald,
 * Loki or Elastic without parsing prose. Info goes to stdout, warnings and
 * errors to stderr.
 *
 * Logs never contain tokens, invitation codes or document content: only ids,
 * names of events and sizes.
 */
import { format } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(minimum: LogLevel = 'info', sink: (level: LogLevel, line: string) => void = writeLine): Logger {
  const log = (level: LogLevel, event: string, fields: LogFields = {}): void => {
    if (ORDER[level] < ORDER[minimum]) return;
    const record = { time: new Date().toISOString(), level, event, ...fields };
    sink(level, JSON.stringify(record, replaceErrors));
  };
  return {
    debug: (event, fields) => log('debug', event, fields),
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
  };
}

/** A logger that drops everything, for embedding the server in tests or the app. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Routes `console.*` through the logger. Hocuspocus and ioredis report
 * problems with plain console calls; captured here, they become JSON lines
 * like everything else instead of breaking the log format.
 */
export function captureConsole(logger: Logger): void {
  console.log = (...args: unknown[]) => logger.info('library-log', { message: format(...args) });
  console.info = console.log;
  console.debug = (...args: unknown[]) => logger.debug('library-log', { message: format(...args) });
  console.warn = (...args: unknown[]) => logger.warn('library-log', { message: format(...args) });
  console.error = (...args: unknown[]) => logger.error('library-log', { message: format(...args) });
}

function writeLine(level: LogLevel, line: string): void {
  (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

function replaceErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === 'bigint') return value.toString();
  return value;
}
