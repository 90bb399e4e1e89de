/**
 * "Offline – N ändringar väntar" must be the truth: the ledger's count of
 * changes the server does not hold, across acknowledgements, reconnects,
 * remote edits and a restart. Real Y.Docs; the frames are what the provider
 * would put on the wire and what the server would answer.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AckLedger, type AckedState } from '../../../src-renderer/sync/ack-ledger.ts';
import { decodeAckedState, encodeAckedState } from '../../../src-renderer/sync/acked-state-store.ts';

const NAME = 'plan/6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f';
const SERVER = Symbol('server');
const step2 = { kind: 'step2', docName: NAME } as const;
const update = { kind: 'update', docName: NAME } as const;
const ack = (applied = true) => ({ kind: 'sync-status', docName: NAME, applied }) as const;

function ledgerFor(doc: Y.Doc, stored: AckedState | null = null): AckLedger {
  return new AckLedger(doc, stored, (origin) => origin === SERVER, () => undefined);
}

/** Connects and completes the handshake both ways. */
function handshake(ledger: AckLedger): void {
  ledger.socketOpened();
  ledger.incoming(step2);
  ledger.outgoing(step2);
  ledger.incoming(ack());
}

function type(doc: Y.Doc, at: number, text: string): void {
  doc.getText('t').insert(at, text);
}

describe('changes waiting for the server', () => {
  it('counts typed characters and deletions until the server acknowledges them', () => {
    const doc = new Y.Doc();
    const ledger = ledgerFor(doc);
    expect(ledger.pending).toBe(0);
    handshake(ledger);
    expect(ledger.settled).toBe(true);

    type(doc, 0, 'Hej');
    expect(ledger.pending).toBe(3);
    ledger.outgoing(update);
    expect(ledger.settled).toBe(false);
    ledger.incoming(ack());
    expect(ledger.pending).toBe(0);
    expect(ledger.settled).toBe(true);

    doc.getText('t').delete(0, 2);
    expect(ledger.pending).toBe(2);
  });

  it('keeps counting offline and credits nothing until the handshake after reconnecting is acknowledged', () => {
    const doc = new Y.Doc();
    const ledger = ledgerFor(doc);
    handshake(ledger);
    type(doc, 0, 'abc');
    ledger.outgoing(update); // in flight when the network goes
    ledger.socketClosed();
    type(doc, 3, 'defgh');
    expect(ledger.pending).toBe(8);

    ledger.socketOpened();
    // Updates queued while offline are flushed before our step 2: their
    // acknowledgement does not say what else is still unsent.
    ledger.outgoing(update);
    ledger.incoming(ack());
    expect(ledger.pending).toBe(8);
    ledger.incoming(step2);
    ledger.outgoing(step2);
    expect(ledger.pending).toBe(8);
    ledger.incoming(ack());
    expect(ledger.pending).toBe(0);
  });

  it('does not count what the server sent, even while our own changes wait', () => {
    const doc = new Y.Doc();
    const ledger = ledgerFor(doc);
    handshake(ledger);
    type(doc, 0, 'mine');
    const remote = new Y.Doc();
    remote.getText('t').insert(0, 'theirs, longer');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), SERVER);
    expect(ledger.pending).toBe(4);
    // A remote deletion of our acknowledged text counts on both sides.
    const both = new Y.Doc();
    Y.applyUpdate(both, Y.encodeStateAsUpdate(doc));
    both.getText('t').delete(0, both.getText('t').length);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(both, Y.encodeStateVector(doc)), SERVER);
    expect(ledger.pending).toBe(4);
  });

  it('answers in order: an acknowledgement credits the state when its own message was sent', () => {
    const doc = new Y.Doc();
    const ledger = ledgerFor(doc);
    handshake(ledger);
    type(doc, 0, 'one');
    ledger.outgoing(update);
    type(doc, 3, 'two');
    ledger.outgoing(update);
    ledger.incoming(ack());
    expect(ledger.pending).toBe(3);
    ledger.incoming(ack());
    expect(ledger.pending).toBe(0);
  });

  it('never credits a refused change (a reader) or an answer nobody asked for', () => {
    const doc = new Y.Doc();
    const ledger = ledgerFor(doc);
    handshake(ledger);
    ledger.incoming(ack()); // unsolicited
    type(doc, 0, 'x');
    ledger.outgoing(update);
    ledger.incoming(ack(false));
    expect(ledger.pending).toBe(1);
    expect(ledger.refused).toBe(1);
  });

  it('says "unknown" for a doc with content it has never seen acknowledged', () => {
    const doc = new Y.Doc();
    type(doc, 0, 'written before sharing');
    const ledger = ledgerFor(doc);
    expect(ledger.pending).toBeNull();
    handshake(ledger);
    expect(ledger.pending).toBe(0);
  });

  it('still knows the count after a restart while offline, from the stored record', () => {
    const doc = new Y.Doc();
    const ledger = ledgerFor(doc);
    handshake(ledger);
    type(doc, 0, 'synced text');
    ledger.outgoing(update);
    ledger.incoming(ack());
    ledger.socketClosed();
    type(doc, 0, 'offline ');
    doc.getText('t').delete(8, 3);
    expect(ledger.pending).toBe(11);
    const record = encodeAckedState(ledger.acked!);

    // The app restarts: the doc is loaded from local storage with a new client id.
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc));
    expect(reloaded.clientID).not.toBe(doc.clientID);
    const again = ledgerFor(reloaded, decodeAckedState(record));
    expect(again.pending).toBe(11);
    reloaded.getText('t').insert(0, '!');
    expect(again.pending).toBe(12);
  });
});

describe('the stored record', () => {
  it('round-trips and rejects anything malformed', () => {
    const state = { sv: new Map([[123, 45], [7, 0]]), deleted: 9 };
    expect(decodeAckedState(encodeAckedState(state))).toEqual(state);
    for (const bad of [null, '', 'x', '{}', '{"v":2,"sv":[],"deleted":0}', '{"v":1,"sv":[[1]],"deleted":0}', '{"v":1,"sv":[[1,-2]],"deleted":0}', '{"v":1,"sv":[],"deleted":1.5}']) {
      expect(decodeAckedState(bad)).toBeNull();
    }
  });
});

describe('acknowledgements and remote changes in any order', () => {
  it('credits our deletions even when others’ deletions arrive between sending and the answer', () => {
    const doc = new Y.Doc();
    const ledger = ledgerFor(doc);
    handshake(ledger);
    type(doc, 0, 'abcdefghij');
    ledger.outgoing(update);
    ledger.incoming(ack());
    ledger.socketClosed();
    doc.getText('t').delete(0, 3); // offline: three deletions
    expect(ledger.pending).toBe(3);

    ledger.socketOpened();
    ledger.outgoing(step2);
    // The server's state arrives before the answer to our step 2: another
    // client deleted five characters meanwhile.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.getText('t').delete(2, 5);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), SERVER);
    ledger.incoming(step2);
    ledger.incoming(ack());
    expect(ledger.pending).toBe(0);
    expect(ledger.settled).toBe(true);
  });

  it('a doc of unknown state that receives others’ text before its first answer ends at zero', () => {
    const doc = new Y.Doc();
    type(doc, 0, 'published from here');
    const ledger = ledgerFor(doc);
    ledger.socketOpened();
    ledger.outgoing(step2);
    const other = new Y.Doc();
    other.getText('t').insert(0, 'theirs');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), SERVER);
    ledger.incoming(step2);
    ledger.incoming(ack());
    expect(ledger.pending).toBe(0);
  });
});
