/**
 * The `.samskriv` exchange file (issue 17): how one member's changes, or a
 * whole plan, travel by email or file share when no WebSocket reaches the
 * sync server. The format is documented for readers in years to come in
 * docs/exchange-format.md; this module is its one implementation, pure (no
 * Node), so the host, the tests and any later reader share it.
 *
 * Layout (all integers are lib0 variable-length unsigned integers, the
 * encoding Yjs itself uses; strings are UTF-8 with such a length before):
 *
 *   "SAMSKRIV"                 8 ASCII bytes, the magic
 *   varuint  formatVersion     1
 *   bytes    payload           length-prefixed (below)
 *   bytes    signature         length-prefixed, 64 bytes of Ed25519 over
 *                              everything before it (magic, version, payload)
 *
 *   payload:
 *   string   header            JSON (ExchangeHeader)
 *   varuint  docCount          equal to header.docs.length, same order
 *     string name              plan/<planId>, plan/<planId>/chapter/<id> or plan/<planId>/source/<id>
 *     bytes  update            Yjs update v2 (Y.encodeStateAsUpdateV2(doc, theirStateVector))
 *     bytes  snapshot          Y.encodeSnapshot(Y.snapshot(doc)): the sender's state vector and delete set
 *   varuint  relayCount
 *     bytes  relayed           a whole exchange file the sender received and passes on, unchanged
 *
 * The signature covers every byte that carries meaning, so one flipped bit
 * anywhere makes the file fail verification; nothing is read from a file
 * before its signature has been checked against a key the plan trusts.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { AGENCY_CODES } from '../agencies/agencies.ts';
import { ROLES } from '../plan/member.ts';
import { DOC_NAME_PATTERN, UUID_PATTERN } from '../plan/doc-names.ts';
import { parseSourceDocName } from '../sources/source-doc.ts';

export const EXCHANGE_MAGIC = 'SAMSKRIV';
export const EXCHANGE_FORMAT_VERSION = 1;
/** The file name extension, with its dot. */
export const EXCHANGE_EXTENSION = '.samskriv';
export const EXCHANGE_MEDIA_TYPE = 'application/vnd.samskriv.exchange';

/**
 * The largest file read at all: the browser host's socket carries at most
 * one 16 MiB value, and a week of typing is a few hundred kilobytes.
 */
export const MAX_EXCHANGE_FILE_BYTES = 16 * 1024 * 1024;
/** More documents than any plan has chapters is an attack, not a plan. */
export const MAX_EXCHANGE_DOCS = 2000;
/** Files passed on by the sender; each is a whole file, checked on its own. */
export const MAX_RELAYED_FILES = 200;
/** Relayed files may carry relayed files; deeper nesting is refused. */
export const MAX_RELAY_DEPTH = 4;
export const ED25519_SIGNATURE_BYTES = 64;
const MAX_HEADER_CHARS = 1024 * 1024;

/** `changes`: what the sender has that the recipient may lack; `plan`: every doc of the plan, whole. */
export const EXCHANGE_KINDS = ['changes', 'plan'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];

const uuid = z.string().regex(UUID_PATTERN);

export const exchangeSenderSchema = z.object({
  memberId: uuid,
  name: z.string().min(1).max(200),
  agency: z.enum(AGENCY_CODES),
  /** The role the sender held when writing; the recipient checks against the role it knows, never this. */
  role: z.enum(ROLES),
  /** Ed25519 public key, raw 32 bytes as base64. */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
});
export type ExchangeSender = z.infer<typeof exchangeSenderSchema>;

export const exchangeHeaderSchema = z.object({
  format: z.literal('samskriv-exchange'),
  version: z.literal(EXCHANGE_FORMAT_VERSION),
  kind: z.enum(EXCHANGE_KINDS),
  planId: uuid,
  /** For people looking at a file; not trusted for anything. */
  planTitle: z.string().max(1000),
  sender: exchangeSenderSchema,
  /** The member the changes were computed for, or null: everything the sender has. */
  recipientId: uuid.nullable(),
  /** ISO 8601, the sender's clock. */
  createdAt: z.string().max(40),
  /** The documents included, in the order of the payload. */
  docs: z
    .array(
      z
        .string()
        .max(200)
        .refine((name) => DOC_NAME_PATTERN.test(name) || parseSourceDocName(name) !== null, 'must name a manifest, chapter or source doc'),
    )
    .max(MAX_EXCHANGE_DOCS),
  /** The program that wrote the file, e.g. "Samskriv 0.1.0". */
  writtenBy: z.string().max(200),
});
export type ExchangeHeader = z.infer<typeof exchangeHeaderSchema>;

export interface ExchangeDoc {
  readonly name: string;
  readonly update: Uint8Array;
  readonly snapshot: Uint8Array;
}

export interface ExchangeContent {
  readonly header: ExchangeHeader;
  readonly docs: readonly ExchangeDoc[];
  /** Whole files, each as it was received. */
  readonly relayed: readonly Uint8Array[];
}

/** A file split into what is signed and its signature; nothing in it is trusted yet. */
export interface UnverifiedFile {
  /** Magic, version and payload: exactly the bytes the signature covers. */
  readonly signed: Uint8Array;
  readonly signature: Uint8Array;
  readonly content: ExchangeContent;
}

/** Why a file cannot be read at all. `detail` is English, for logs. */
export class ExchangeFormatError extends Error {
  readonly problem: 'not-exchange-file' | 'newer-format' | 'damaged' | 'too-large';
  constructor(problem: ExchangeFormatError['problem'], detail: string) {
    super(detail);
    this.name = 'ExchangeFormatError';
    this.problem = problem;
  }
}

/** The bytes to sign for `content` (magic, version, payload). */
export function encodeSignedPart(content: ExchangeContent): Uint8Array {
  if (content.header.docs.length !== content.docs.length || content.header.docs.some((name, i) => content.docs[i]?.name !== name)) {
    throw new Error('the header must list exactly the documents of the payload, in order');
  }
  const encoder = encoding.createEncoder();
  for (let i = 0; i < EXCHANGE_MAGIC.length; i++) encoding.writeUint8(encoder, EXCHANGE_MAGIC.charCodeAt(i));
  encoding.writeVarUint(encoder, EXCHANGE_FORMAT_VERSION);
  const payload = encoding.createEncoder();
  encoding.writeVarString(payload, JSON.stringify(content.header));
  encoding.writeVarUint(payload, content.docs.length);
  for (const doc of content.docs) {
    encoding.writeVarString(payload, doc.name);
    encoding.writeVarUint8Array(payload, doc.update);
    encoding.writeVarUint8Array(payload, doc.snapshot);
  }
  encoding.writeVarUint(payload, content.relayed.length);
  for (const file of content.relayed) encoding.writeVarUint8Array(payload, file);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(payload));
  return encoding.toUint8Array(encoder);
}

/** The whole file: the signed part followed by its signature. */
export function encodeExchangeFile(signed: Uint8Array, signature: Uint8Array): Uint8Array {
  if (signature.length !== ED25519_SIGNATURE_BYTES) throw new Error('an Ed25519 signature is 64 bytes');
  const encoder = encoding.createEncoder();
  encoding.writeUint8Array(encoder, signed);
  encoding.writeVarUint8Array(encoder, signature);
  return encoding.toUint8Array(encoder);
}

/**
 * Splits a file into its signed part, signature and content, checking only
 * the shape: limits, magic, version and that every length fits. Throws
 * ExchangeFormatError. The caller must verify the signature before it
 * believes anything in `content`.
 */
export function decodeExchangeFile(file: Uint8Array): UnverifiedFile {
  if (file.length > MAX_EXCHANGE_FILE_BYTES) throw new ExchangeFormatError('too-large', `the file is ${file.length} bytes; at most ${MAX_EXCHANGE_FILE_BYTES} are read`);
  if (file.length < EXCHANGE_MAGIC.length + 2 || String.fromCharCode(...file.subarray(0, EXCHANGE_MAGIC.length)) !== EXCHANGE_MAGIC) {
    throw new ExchangeFormatError('not-exchange-file', 'the file does not start with SAMSKRIV');
  }
  try {
    const decoder = decoding.createDecoder(file);
    decoding.readUint8Array(decoder, EXCHANGE_MAGIC.length);
    const version = decoding.readVarUint(decoder);
    if (version > EXCHANGE_FORMAT_VERSION) throw new ExchangeFormatError('newer-format', `format version ${version} is newer than ${EXCHANGE_FORMAT_VERSION}`);
    if (version !== EXCHANGE_FORMAT_VERSION) throw new ExchangeFormatError('damaged', `format version ${version} is not known`);
    const payload = readBytes(decoder);
    const signed = file.subarray(0, decoder.pos);
    const signature = readBytes(decoder);
    if (signature.length !== ED25519_SIGNATURE_BYTES) throw new ExchangeFormatError('damaged', 'the signature is not 64 bytes');
    if (decoding.hasContent(decoder)) throw new ExchangeFormatError('damaged', 'bytes follow the signature');
    return { signed, signature, content: decodePayload(payload) };
  } catch (error) {
    if (error instanceof ExchangeFormatError) throw error;
    throw new ExchangeFormatError('damaged', `the file is truncated or damaged (${error instanceof Error ? error.message : String(error)})`);
  }
}

function decodePayload(payload: Uint8Array): ExchangeContent {
  const decoder = decoding.createDecoder(payload);
  const headerText = decoding.readVarString(decoder);
  if (headerText.length > MAX_HEADER_CHARS) throw new ExchangeFormatError('damaged', 'the header is too long');
  const parsed = exchangeHeaderSchema.safeParse(JSON.parse(headerText));
  if (!parsed.success) throw new ExchangeFormatError('damaged', `the header does not read as a Samskriv exchange header: ${parsed.error.issues[0]?.message ?? ''}`);
  const header = parsed.data;
  const docCount = decoding.readVarUint(decoder);
  if (docCount !== header.docs.length) throw new ExchangeFormatError('damaged', 'the header and the payload list different documents');
  const docs: ExchangeDoc[] = [];
  for (let i = 0; i < docCount; i++) {
    const name = decoding.readVarString(decoder);
    if (name !== header.docs[i]) throw new ExchangeFormatError('damaged', 'the header and the payload list different documents');
    docs.push({ name, update: readBytes(decoder), snapshot: readBytes(decoder) });
  }
  const relayCount = decoding.readVarUint(decoder);
  if (relayCount > MAX_RELAYED_FILES) throw new ExchangeFormatError('damaged', `${relayCount} relayed files; at most ${MAX_RELAYED_FILES}`);
  const relayed: Uint8Array[] = [];
  for (let i = 0; i < relayCount; i++) relayed.push(readBytes(decoder));
  if (decoding.hasContent(decoder)) throw new ExchangeFormatError('damaged', 'bytes follow the payload');
  return { header, docs, relayed };
}

/** A length-prefixed byte run; the length is checked against what is left before anything is allocated. */
function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = decoding.readVarUint(decoder);
  if (length > decoder.arr.length - decoder.pos) throw new ExchangeFormatError('damaged', 'a length runs past the end of the file (truncated?)');
  return decoding.readUint8Array(decoder, length);
}
