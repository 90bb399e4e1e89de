/**
 * One load-generator process of bench/server-load.ts (started with `fork`,
 * driven over IPC). It holds the simulated clients of some chapter docs:
 * every client of a doc lives in the same process, so send and receive
 * times come from one clock.
 *
 * A simulated client is a raw `ws` socket speaking the Hocuspocus protocol
 * the way the provider does (auth, sync step 1, answer to the server's step
 * 1, awareness with renewal every 15 s). It has its own Y.Doc with the
 * chapter's shape (the chapter text, a Y.Text with one paragraph of its
 * own: a block marker and the text after it) and types into it, so every keystroke is a real, valid Yjs update that the server
 * applies and stores. What it receives is never applied: a keystroke is
 * recognised by its marker in the received bytes (server-load-wire.ts), so
 * the generator does not pay Yjs decoding for the 24 other writers of its
 * chapter and the figures describe the server.
 *
 * A client with `suggest` (issue 13's load: a drafter working in another
 * agency's chapter) writes as the app does in Föreslå: its paragraph is her
 * suggested block (`suggestion` on the block marker) with a suggestion
 * record in the chapter's `suggestions` map signed by her, made in one
 * transaction, and every keystroke carries the `suggestion_insert` mark of
 * that suggestion, so the server's role guard reads real suggestions.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createMarker } from '../shared/chapter-text/block-marker.ts';
import { chapterText } from '../shared/chapter-text/chapter-text.ts';
import type { TextAttributes } from '../shared/chapter-text/text-attributes.ts';
import type { Member } from '../shared/plan/member.ts';
import { startSuggestedParagraph } from './server-load-suggester.ts';
import { AUTH, awarenessFrame, Histogram, marker, MESSAGE, readHeader, scanMarkers, SYNC, syncFrame, authFrame } from './server-load-wire.ts';

export interface ClientSpec {
  readonly id: number;
  readonly doc: string;
  readonly token: string;
  readonly name: string;
  readonly agency: string;
  /** The member the token names, as the server knows them (a suggestion is signed with it). */
  readonly member: Member;
  /** Types as a suggester: her own suggested paragraph, every keystroke marked as her suggestion. */
  readonly suggest: boolean;
}

export type GeneratorCommand =
  | { cmd: 'connect'; wsUrl: string; clients: ClientSpec[]; cursorAwareness: boolean; watchedDoc: string | null }
  | { cmd: 'type'; keystrokesPerSecond: number }
  | { cmd: 'measure'; on: boolean }
  | { cmd: 'stop-typing'; drainTimeoutMs: number }
  | { cmd: 'exit' };

export interface GeneratorReport {
  /** [client id, keystrokes typed] */
  typed: [number, number][];
  measuredKeystrokes: number;
  latency: { buckets: [number, number][]; max: number };
  ack: { buckets: [number, number][]; max: number };
  /** Propagation to the clients of the watched doc only (bench/server-load.ts: chapter 0, the one --flood-reader floods). */
  watchedLatency: { buckets: [number, number][]; max: number };
  deliveries: number;
  duplicates: number;
  /** (keystroke, other client of its doc) pairs never received. */
  lost: number;
  /** Keystrokes and sync messages the server never acknowledged. */
  unacknowledged: number;
  /** Marker-shaped bytes naming no keystroke that was sent. */
  strayMarkers: number;
  closes: string[];
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  drained: boolean;
}

export type GeneratorEvent = { event: 'connected' } | { event: 'typing' } | { event: 'measuring' } | ({ event: 'drained' } & GeneratorReport) | { event: 'error'; message: string };

const AWARENESS_RENEW_MS = 15_000;
const CONNECT_BATCH = 25;
/** The histogram's samples include its own sampling interval; it is subtracted below. */
const LOOP_DELAY_RESOLUTION_MS = 5;

class SimClient {
  readonly spec: ClientSpec;
  readonly ydoc = new Y.Doc();
  readonly text: Y.Text;
  socket!: WebSocket;
  /** Index among the clients of its doc. */
  index = 0;
  peers: SimClient[] = [];
  authenticated = false;
  synced = false;
  seq = 0;
  sendTimes = new Float64Array(256);
  measured = new Uint8Array(256);
  /** received[peer index] = one byte per seq of that peer. */
  received: Uint8Array[] = [];
  /** Send times of messages waiting for SyncStatus, in order (the server answers in order). */
  unacked: { time: number; measured: boolean }[] = [];
  awarenessClock = 0;
  closed: string | null = null;
  /** The formatting attributes of each keystroke: the suggestion's mark for a suggester; none given for a direct writer. */
  attributes: TextAttributes | undefined = undefined;

  constructor(spec: ClientSpec) {
    this.spec = spec;
    this.text = chapterText(this.ydoc);
  }
}

const state = {
  clients: [] as SimClient[],
  byId: new Map<number, SimClient>(),
  measuring: false,
  cursorAwareness: false,
  timers: [] as NodeJS.Timeout[],
  renewals: [] as NodeJS.Timeout[],
  latency: new Histogram(),
  ack: new Histogram(),
  watchedDoc: null as string | null,
  watchedLatency: new Histogram(),
  measuredKeystrokes: 0,
  deliveries: 0,
  duplicates: 0,
  strayMarkers: 0,
  loopDelay: monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS }),
};

function send(event: GeneratorEvent): void {
  process.send!(event);
}

function sendAwareness(client: SimClient, cursor: number | null): void {
  const doc = client.spec.doc;
  const presence = { user: { name: client.spec.name, agency: client.spec.agency }, chapter: doc, cursor };
  client.socket.send(awarenessFrame(doc, client.ydoc.clientID, ++client.awarenessClock, presence));
}

function onMessage(client: SimClient, data: Buffer): void {
  const header = readHeader(data);
  switch (header.type) {
    case MESSAGE.auth:
      if (data[header.body] === AUTH.authenticated) client.authenticated = true;
      else if (data[header.body] === AUTH.permissionDenied) client.closed = `permission denied for client ${client.spec.id}`;
      return;
    case MESSAGE.syncStatus: {
      const entry = client.unacked.shift();
      if (entry?.measured === true) state.ack.add(performance.now() - entry.time);
      return;
    }
    case MESSAGE.sync:
    case MESSAGE.syncReply:
      if (header.syncType === SYNC.step1) {
        // The server asks for what we have that it lacks; the provider answers
        // with its whole state against the server's state vector.
        const sv = data.subarray(header.body + varUintLength(data, header.body));
        client.socket.send(syncFrame(client.spec.doc, SYNC.step2, Y.encodeStateAsUpdate(client.ydoc, sv)));
        client.unacked.push({ time: performance.now(), measured: false });
        return;
      }
      if (header.syncType === SYNC.step2) client.synced = true;
      {
        const now = performance.now();
        scanMarkers(data, header.body, (senderId, seq) => received(client, senderId, seq, now));
      }
      return;
    default:
      // Awareness of the others: a real client renders it, we do not need it.
      return;
  }
}

function received(receiver: SimClient, senderId: number, seq: number, now: number): void {
  if (senderId === receiver.spec.id) return; // the server echoes to the sender as well
  const sender = state.byId.get(senderId);
  if (sender === undefined || sender.spec.doc !== receiver.spec.doc || seq >= sender.seq) {
    state.strayMarkers++;
    return;
  }
  let seen = receiver.received[sender.index]!;
  if (seq >= seen.length) {
    const grown = new Uint8Array(Math.max(seen.length * 2, seq + 1));
    grown.set(seen);
    receiver.received[sender.index] = seen = grown;
  }
  if (seen[seq] === 1) {
    state.duplicates++;
    return;
  }
  seen[seq] = 1;
  state.deliveries++;
  if (sender.measured[seq] === 1) {
    state.latency.add(now - sender.sendTimes[seq]!);
    if (receiver.spec.doc === state.watchedDoc) state.watchedLatency.add(now - sender.sendTimes[seq]!);
  }
}

function varUintLength(data: Uint8Array, at: number): number {
  let length = 1;
  while ((data[at + length - 1] ?? 0) >= 0x80) length++;
  return length;
}

function keystroke(client: SimClient): void {
  if (client.closed !== null) return;
  const seq = client.seq;
  if (seq >= client.sendTimes.length) {
    const times = new Float64Array(client.sendTimes.length * 2);
    times.set(client.sendTimes);
    client.sendTimes = times;
    const measured = new Uint8Array(client.measured.length * 2);
    measured.set(client.measured);
    client.measured = measured;
  }
  // Counted as sent before the edit: the update event sends synchronously.
  client.seq = seq + 1;
  client.measured[seq] = state.measuring ? 1 : 0;
  if (state.measuring) state.measuredKeystrokes++;
  client.sendTimes[seq] = performance.now();
  client.text.insert(client.text.length, marker(client.spec.id, seq), client.attributes);
  if (state.cursorAwareness) sendAwareness(client, client.text.length);
}

async function connect(wsUrl: string, specs: ClientSpec[]): Promise<void> {
  for (const spec of specs) {
    const client = new SimClient(spec);
    state.clients.push(client);
    state.byId.set(spec.id, client);
  }
  const docs = new Map<string, SimClient[]>();
  for (const client of state.clients) {
    const list = docs.get(client.spec.doc) ?? [];
    client.index = list.length;
    list.push(client);
    docs.set(client.spec.doc, list);
  }
  for (const list of docs.values()) {
    for (const client of list) {
      client.peers = list;
      client.received = list.map(() => new Uint8Array(256));
    }
  }

  for (let start = 0; start < state.clients.length; start += CONNECT_BATCH) {
    const batch = state.clients.slice(start, start + CONNECT_BATCH);
    await Promise.all(batch.map((client) => open(wsUrl, client)));
  }
}

function open(wsUrl: string, client: SimClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { perMessageDeflate: false });
    client.socket = socket;
    const doc = client.spec.doc;
    socket.on('open', () => {
      socket.send(authFrame(doc, client.spec.token));
      socket.send(syncFrame(doc, SYNC.step1, Y.encodeStateVector(client.ydoc)));
      sendAwareness(client, null);
      state.renewals.push(setInterval(() => sendAwareness(client, null), AWARENESS_RENEW_MS));
    });
    socket.on('message', (data: Buffer) => {
      const wasSynced = client.synced;
      onMessage(client, data);
      if (!wasSynced && client.synced && client.authenticated) {
        // The client's own paragraph, typed into from now on.
        client.ydoc.on('update', (update: Uint8Array) => {
          client.socket.send(syncFrame(doc, SYNC.update, update));
          // Every update after the paragraph is the keystroke just counted.
          const seq = client.seq - 1;
          client.unacked.push(seq < 0 ? { time: performance.now(), measured: false } : { time: client.sendTimes[seq]!, measured: client.measured[seq] === 1 });
        });
        // Received updates are never applied, so the client's doc holds only its own paragraph, and typing at the end of the text is typing at its end.
        if (client.spec.suggest) client.attributes = startSuggestedParagraph(client.ydoc, client.text, client.spec.member);
        else client.text.insertEmbed(0, createMarker({ type: 'paragraph', attrs: {}, path: [] }) as unknown as Y.AbstractType<unknown>);
        resolve();
      }
      if (client.closed !== null) reject(new Error(client.closed));
    });
    socket.on('close', (code, reason) => {
      client.closed ??= `client ${client.spec.id} closed: ${code} ${reason.toString()}`;
      reject(new Error(client.closed));
    });
    socket.on('error', (error) => reject(error));
  });
}

function startTyping(keystrokesPerSecond: number): void {
  const interval = 1000 / keystrokesPerSecond;
  for (const client of state.clients) {
    // Random phase, so that the clients do not type in lockstep.
    const phase = setTimeout(() => state.timers.push(setInterval(() => keystroke(client), interval)), Math.random() * interval);
    state.timers.push(phase);
  }
}

function lost(): number {
  let missing = 0;
  for (const sender of state.clients) {
    for (const receiver of sender.peers) {
      if (receiver === sender) continue;
      const seen = receiver.received[sender.index]!;
      for (let seq = 0; seq < sender.seq; seq++) if (seen[seq] !== 1) missing++;
    }
  }
  return missing;
}

async function drain(timeoutMs: number): Promise<GeneratorReport> {
  for (const timer of state.timers) clearInterval(timer);
  const deadline = Date.now() + timeoutMs;
  const done = (): boolean => lost() === 0 && state.clients.every((client) => client.unacked.length === 0 || client.closed !== null);
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  state.loopDelay.disable();
  const closes = state.clients.filter((client) => client.closed !== null).map((client) => client.closed!);
  return {
    typed: state.clients.map((client) => [client.spec.id, client.seq]),
    measuredKeystrokes: state.measuredKeystrokes,
    latency: state.latency.toSparse(),
    ack: state.ack.toSparse(),
    watchedLatency: state.watchedLatency.toSparse(),
    deliveries: state.deliveries,
    duplicates: state.duplicates,
    lost: lost(),
    unacknowledged: state.clients.reduce((sum, client) => sum + client.unacked.length, 0),
    strayMarkers: state.strayMarkers,
    closes,
    eventLoopDelayMs: {
      p50: Math.max(0, state.loopDelay.percentile(50) / 1e6 - LOOP_DELAY_RESOLUTION_MS),
      p99: Math.max(0, state.loopDelay.percentile(99) / 1e6 - LOOP_DELAY_RESOLUTION_MS),
      max: Math.max(0, state.loopDelay.max / 1e6 - LOOP_DELAY_RESOLUTION_MS),
    },
    drained: done(),
  };
}

process.on('message', (message: GeneratorCommand) => {
  void (async () => {
    switch (message.cmd) {
      case 'connect':
        state.cursorAwareness = message.cursorAwareness;
        state.watchedDoc = message.watchedDoc;
        await connect(message.wsUrl, message.clients);
        for (const client of state.clients) {
          client.socket.on('close', (code, reason) => {
            client.closed ??= `client ${client.spec.id} closed: ${code} ${reason.toString()}`;
          });
        }
        send({ event: 'connected' });
        return;
      case 'type':
        startTyping(message.keystrokesPerSecond);
        send({ event: 'typing' });
        return;
      case 'measure':
        state.measuring = message.on;
        if (message.on) {
          state.loopDelay.reset();
          state.loopDelay.enable();
        }
        send({ event: 'measuring' });
        return;
      case 'stop-typing':
        send({ event: 'drained', ...(await drain(message.drainTimeoutMs)) });
        return;
      case 'exit':
        for (const timer of state.renewals) clearInterval(timer);
        for (const client of state.clients) client.socket.close(1000);
        setTimeout(() => process.exit(0), 200);
        return;
    }
  })().catch((error: unknown) => {
    send({ event: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
