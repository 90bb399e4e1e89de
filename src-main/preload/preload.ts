/**
 * The preload exposes exactly one object, `window.samskrivHost`, with one
 * method per HostApi channel. It adds nothing else: no ipcRenderer, no
 * generic invoke, so a compromised page can only make the calls main
 * validates anyway.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { HOST_METHODS, hostChannel, type RawHostApi } from '../../shared/host-api/host-api.ts';

const api = Object.fromEntries(
  HOST_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(hostChannel(method), ...args)]),
) as unknown as RawHostApi;

contextBridge.exposeInMainWorld('samskrivHost', api);
