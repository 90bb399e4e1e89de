/**
 * The checksum stored with every update and snapshot, so that bytes changed
 * on disk after they were written (a flipped bit, a bad sector, a file
 * edited by another tool) are reported instead of shown. SQLite checks its
 * own page structure, but not the bytes of a blob inside a valid page: one
 * flipped byte in a Yjs update still decodes, and shows "UNIKXENING" where
 * the user wrote "UNIKMENING".
 *
 * LevelDB's log format is the model: a CRC of each record, checked on every
 * read. Ours is CRC-32 (Node's built-in `zlib.crc32`; LevelDB uses CRC-32C,
 * which Node does not ship), computed over the document's name and the
 * bytes, so a row that moved to another document fails as well. LevelDB
 * masks its CRCs because it stores CRCs of data that holds CRCs; ours never
 * does, so the plain CRC is stored.
 */
import { crc32 } from 'node:zlib';

export function blobChecksum(doc: string, data: Uint8Array): number {
  // The NUL ends the name, so "ab" + data can never equal "a" + "b" + data.
  return crc32(data, crc32(`${doc}\0`));
}
