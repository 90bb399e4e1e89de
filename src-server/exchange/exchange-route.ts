/**
 * `POST /api/plans/:planId/exchange` (issue 17): the body is a `.samskriv`
 * exchange file, exactly as its signer wrote it; the bearer token is the
 * relayer's (any member of the plan). The file is applied in its signer's
 * name, all or nothing (exchange-relay.ts). Answers 200 with what was
 * applied per document (`exchangeAppliedSchema`), or an error naming the
 * problem, and for a broken rule the member, the rule and the documents
 * (`exchangeRefusedSchema`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXCHANGE_MEDIA_TYPE, MAX_EXCHANGE_FILE_BYTES } from '../../shared/exchange/exchange-file.ts';
import type { ExchangeApplied, ExchangeRefused } from '../../shared/sync-protocol/http-api.ts';
import { HttpError, sendJson } from '../http/json-http.ts';
import type { Member } from '../members/member-store.ts';
import { ExchangeRelayError } from './exchange-relay.ts';

/** What the route needs of the server: the relay (sync-server.ts wires it to Hocuspocus and the stores). */
export type RelayExchange = (planId: string, relayer: Member, file: Uint8Array) => Promise<ExchangeApplied>;

const MEDIA_TYPES = [EXCHANGE_MEDIA_TYPE, 'application/octet-stream'];

export async function handleExchangePost(relay: RelayExchange, relayer: Member, planId: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const file = await readFileBody(request);
  try {
    sendJson(response, 200, await relay(planId, relayer, file));
  } catch (error) {
    if (!(error instanceof ExchangeRelayError)) throw error;
    const body: ExchangeRefused = { error: { code: error.code, message: error.message } };
    if (error.signer !== null) body.signer = { id: error.signer.memberId, name: error.signer.name, agency: error.signer.agency, role: error.signer.role };
    if (error.rule !== null) body.rule = error.rule;
    if (error.docs !== null) body.docs = [...error.docs];
    sendJson(response, error.status, body);
  }
}

/** The file's bytes, at most MAX_EXCHANGE_FILE_BYTES (what the app reads too); throws HttpError 415/413. */
async function readFileBody(request: IncomingMessage): Promise<Uint8Array> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!MEDIA_TYPES.includes(type)) throw new HttpError(415, 'unsupported-media-type', `The body must be an exchange file (Content-Type: ${EXCHANGE_MEDIA_TYPE}).`);
  const tooLarge = (): HttpError => new HttpError(413, 'body-too-large', `An exchange file is at most ${MAX_EXCHANGE_FILE_BYTES} bytes.`);
  if (Number(request.headers['content-length'] ?? 0) > MAX_EXCHANGE_FILE_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_EXCHANGE_FILE_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
