/**
 * Registers one ipcMain handler per HostApi channel. Every message is checked
 * before it reaches the dispatcher: it must come from the main frame of one
 * of our windows, loaded from our own origin. Anything else (an injected
 * iframe, a navigated page) gets `forbidden-sender` and the call never runs.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { HOST_METHODS, hostChannel } from '../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../shared/host-api/host-error.ts';
import type { HostDispatch } from '../host/host-dispatch.ts';
import { isTrustedUrl } from './app-origin.ts';

export function isTrustedSender(event: IpcMainInvokeEvent, origin: string): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return false;
  if (frame !== event.sender.mainFrame) return false;
  return isTrustedUrl(frame.url, origin);
}

export function registerHostIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatch: HostDispatch, origin: string): void {
  for (const method of HOST_METHODS) {
    ipcMain.handle(hostChannel(method), async (event, ...args: unknown[]): Promise<HostResponse<unknown>> => {
      if (!isTrustedSender(event, origin)) {
        return { ok: false, error: { code: 'forbidden-sender', message: `${method}: the caller is not a Samskriv window` } };
      }
      return dispatch(method, args);
    });
  }
}
