/**
 * Writes a Hocuspocus frame by hand (address, type, then the given parts), for
 * tests and benchmarks that speak the wire protocol without a provider. The
 * types are the protocol's (shared/sync-protocol/frames.ts).
 */
import * as encoding from 'lib0/encoding';

export function frame(docName: string, type: number, write: (encoder: encoding.Encoder) => void = () => {}): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, docName);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** The subtypes of an Auth frame (`@hocuspocus/common` AuthMessageType, not a direct dependency). */
export const AUTH = { token: 0, permissionDenied: 1, authenticated: 2 } as const;
