/**
 * The people in the comment tests: one member per role, from different
 * agencies, the way a plan has them. Arbetsförmedlingen coordinates.
 */
import * as Y from 'yjs';
import { createThread, type NewThread } from '../../../shared/comments/threads.ts';
import type { Member } from '../../../shared/plan/member.ts';

/** The coordinator, at Arbetsförmedlingen. */
export const anna: Member = { memberId: 'm-anna', name: 'Anna Lind', agency: 'af', role: 'coordinator' };
/** A drafter at Socialstyrelsen. */
export const bo: Member = { memberId: 'm-bo', name: 'Bo Ek', agency: 'sos', role: 'drafter' };
/** A drafter at Jämställdhetsmyndigheten. */
export const cecilia: Member = { memberId: 'm-cecilia', name: 'Cecilia Ås', agency: 'jamy', role: 'drafter' };
/** A reader at Försäkringskassan. */
export const david: Member = { memberId: 'm-david', name: 'David Öst', agency: 'fk', role: 'reader' };

/** A Y.Doc with a fixed client id, so that Yjs orders concurrent inserts the same way on every run. */
export function docWithClient(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

/** Copies everything `from` has that `to` lacks, as a sync handshake does. */
export function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** Brings every doc up to date with every other. */
export function syncAll(docs: readonly Y.Doc[]): void {
  for (const from of docs) for (const to of docs) if (from !== to) send(from, to);
}

/** Bo's question about a figure in Jämställdhetsmyndigheten's chapter. */
export function boAsks(doc: Y.Doc, overrides: Partial<NewThread> = {}): void {
  createThread(doc, bo, {
    id: 't1',
    messageId: 'm1',
    text: 'Stämmer siffran för 2022? Källa?',
    quote: 'andelen kvinnor i arbete ökade till 68 procent',
    assignedAgency: 'jamy',
    at: '2025-03-03T09:00:00.000Z',
    ...overrides,
  });
}
