/**
 * Turns an untrusted call (method name + argument list) into a validated call
 * on a HostApi implementation, and its outcome into a response envelope.
 *
 * This is the single place where HostApi input is checked, shared by
 * Electron's IPC handlers and the browser host's WebSocket. It never throws:
 * unknown methods, malformed arguments and failures all become a typed
 * `HostErrorData` the renderer can act on.
 */
import { HOST_METHODS, type HostApi, type HostMethod } from '../../shared/host-api/host-api.ts';
import { describeValidationError, HOST_ARG_SCHEMAS, invalidField } from '../../shared/host-api/host-api-schema.ts';
import { HostError, type HostResponse } from '../../shared/host-api/host-error.ts';

export type HostDispatch = (method: string, args: readonly unknown[]) => Promise<HostResponse<unknown>>;

export function isHostMethod(method: string): method is HostMethod {
  return (HOST_METHODS as readonly string[]).includes(method);
}

export function createHostDispatch(api: HostApi, log: (message: string, error: unknown) => void = defaultLog): HostDispatch {
  return async (method, args) => {
    if (!isHostMethod(method)) {
      return { ok: false, error: { code: 'unknown-method', message: `Unknown HostApi method: ${String(method).slice(0, 100)}` } };
    }
    const parsed = HOST_ARG_SCHEMAS[method].safeParse(args);
    if (!parsed.success) {
      const field = invalidField(parsed.error);
      const message = describeValidationError(method, parsed.error);
      return { ok: false, error: field === undefined ? { code: 'invalid-argument', message } : { code: 'invalid-argument', message, reason: field } };
    }
    try {
      const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
      const value = await fn.apply(api, parsed.data as unknown[]);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof HostError) return { ok: false, error: error.toData() };
      log(`HostApi ${method} failed`, error);
      return { ok: false, error: { code: 'internal', message: `${method} failed: ${errorMessage(error)}` } };
    }
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defaultLog(message: string, error: unknown): void {
  console.error(`[host] ${message}`, error);
}
