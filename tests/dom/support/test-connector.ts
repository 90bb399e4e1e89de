/**
 * An in-memory network between Y.Docs that misbehaves on purpose, for the
 * convergence fuzz (after Yjs' own TestConnector).
 *
 * Every local update of an online peer is sent to every other online peer
 * as its own message. Messages wait in one queue and are delivered in random
 * order, so updates arrive late, out of order and interleaved with the
 * receiver's own edits. A message may be dropped on the way. Disconnecting a
 * peer loses everything in flight to or from it, like a closed socket.
 *
 * Lost updates are recovered only the way real sync recovers them: when a
 * peer reconnects, it and each online peer exchange state vectors and send
 * each other `Y.encodeStateAsUpdate(doc, remoteStateVector)`. Until then a
 * receiver that missed an update keeps later updates from the same client
 * pending, exactly as it would in the app.
 *
 * All randomness comes from the PRNG passed in, so a seed replays exactly.
 */
import * as Y from 'yjs';
import * as prng from 'lib0/prng';

export interface Peer {
  readonly id: number;
  readonly doc: Y.Doc;
  online: boolean;
}

interface Message {
  readonly from: number;
  readonly to: number;
  readonly update: Uint8Array;
}

export interface ConnectorStats {
  sent: number;
  dropped: number;
  delivered: number;
  lostOnDisconnect: number;
}

/** More than any seed needs to heal (a few hundred); far fewer than a feedback loop sends. */
const MAX_SETTLE_DELIVERIES = 50_000;

export class TestConnector {
  readonly peers: Peer[] = [];
  readonly stats: ConnectorStats = { sent: 0, dropped: 0, delivered: 0, lostOnDisconnect: 0 };
  private queue: Message[] = [];
  private readonly gen: prng.PRNG;
  private dropRate: number;

  constructor(gen: prng.PRNG, options: { readonly dropRate: number }) {
    this.gen = gen;
    this.dropRate = options.dropRate;
  }

  /** Joins `doc` to the network, online. Its updates are sent from now on. */
  addPeer(doc: Y.Doc): Peer {
    const peer: Peer = { id: this.peers.length, doc, online: true };
    this.peers.push(peer);
    // Updates applied from the network are not sent on: every peer sends its
    // own changes. Changes a peer makes in reaction to remote ones (the
    // binding deletes what it cannot render) are its own, and are sent.
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.broadcast(peer, update);
    });
    return peer;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Delivers up to `max` queued messages, each picked at random. */
  deliverSome(max: number): number {
    const count = Math.min(this.queue.length, prng.int32(this.gen, 0, max));
    for (let i = 0; i < count; i++) this.deliverOne();
    return count;
  }

  disconnect(peer: Peer): void {
    if (!peer.online) return;
    peer.online = false;
    const before = this.queue.length;
    this.queue = this.queue.filter((m) => m.from !== peer.id && m.to !== peer.id);
    this.stats.lostOnDisconnect += before - this.queue.length;
  }

  /**
   * Brings `peer` back and queues the sync handshake with every online peer:
   * each side sends what the other's state vector lacks. The handshake is
   * never dropped; a lost handshake is a disconnect, which the fuzz does
   * separately.
   */
  reconnect(peer: Peer): void {
    if (peer.online) return;
    peer.online = true;
    for (const other of this.peers) {
      if (other === peer || !other.online) continue;
      this.queue.push(syncMessage(other, peer), syncMessage(peer, other));
    }
  }

  /**
   * Heals the network: nothing is dropped any more, every queued message is
   * delivered, then every peer reconnects and does the handshake with every
   * other. Repeats until all peers hold the same updates and deletions.
   * (Delivering can make a binding write again, hence the loop; and equal
   * state vectors are not enough, since a deletion does not change them.)
   */
  settle(): void {
    this.dropRate = 0;
    // Each delivery may make a binding write, which queues more: a bound turns
    // peers that answer each other's changes forever into a failure, not a hang.
    let deliveries = 0;
    for (let round = 0; round < 100; round++) {
      while (this.queue.length > 0) {
        if (++deliveries > MAX_SETTLE_DELIVERIES) throw new Error(`the network did not settle: the peers sent ${MAX_SETTLE_DELIVERIES} messages, each change answering another`);
        this.deliverOne();
      }
      if (round > 0 && this.inSync()) return;
      for (const peer of this.peers) this.disconnect(peer);
      for (const peer of this.peers) this.reconnect(peer);
    }
    throw new Error('the network did not settle after 100 rounds of sync');
  }

  private inSync(): boolean {
    const [first, ...rest] = this.peers.map((p) => Y.snapshot(p.doc));
    const pendingSomewhere = this.peers.some((p) => p.doc.store.pendingStructs !== null || p.doc.store.pendingDs !== null);
    return !pendingSomewhere && first !== undefined && rest.every((snapshot) => Y.equalSnapshots(snapshot, first));
  }

  private broadcast(from: Peer, update: Uint8Array): void {
    if (!from.online) return;
    for (const to of this.peers) {
      if (to === from || !to.online) continue;
      if (prng.real53(this.gen) < this.dropRate) {
        this.stats.dropped++;
        continue;
      }
      this.stats.sent++;
      this.queue.push({ from: from.id, to: to.id, update });
    }
  }

  private deliverOne(): void {
    const index = prng.int32(this.gen, 0, this.queue.length - 1);
    const [message] = this.queue.splice(index, 1);
    if (!message) return;
    const to = this.peers[message.to];
    if (!to?.online) return;
    this.stats.delivered++;
    Y.applyUpdate(to.doc, message.update, this);
  }
}

function syncMessage(from: Peer, to: Peer): Message {
  return { from: from.id, to: to.id, update: Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)) };
}

/**
 * One step of network weather in a fuzz, logged: with `roll` below 0.9 some
 * queued messages are delivered; otherwise a random peer goes offline (roll
 * below 0.95) or, if it is offline, comes back. The callers' seeds depend on
 * exactly this use of `gen`, so it must not change.
 */
export function randomNetworkStep(connector: TestConnector, peers: Peer[], gen: prng.PRNG, roll: number, step: number, log: string[]): void {
  if (roll < 0.9) {
    const entry = log.push(`${step}: deliver from ${connector.pending} queued`) - 1;
    log[entry] += `: ${connector.deliverSome(8)} delivered`;
    return;
  }
  const peer = prng.oneOf(gen, peers);
  if (peer.online && roll < 0.95) {
    connector.disconnect(peer);
    log.push(`${step}: peer ${peer.id} disconnects`);
  } else if (!peer.online) {
    connector.reconnect(peer);
    log.push(`${step}: peer ${peer.id} reconnects`);
  }
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
