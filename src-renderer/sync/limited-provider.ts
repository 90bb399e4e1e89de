/**
 * A HocuspocusProvider that applies a remote update only after checking it
 * against the structural limits (issue 11, finding 1). The sync server's
 * guard refuses an update over the limits, but a client cannot count on the
 * server it talks to having that guard (an older server, a test lab), and a
 * paragraph nested 10,000 deep overflows the stack of every editor that
 * renders it.
 *
 * The provider reads each frame and applies sync step 2 and update
 * messages with y-protocols (`Y.applyUpdate`), with no hook in between, so
 * the check sits in `onMessage`, the one entry of every frame for this doc:
 * a content frame is handed on with only the part of its update that keeps
 * the doc within the limits (shared/doc-limits/within-limits.ts), possibly
 * none. The frame itself stays, so the handshake goes on as usual (a step 2
 * still marks the provider synced). What was refused is reported to
 * `onRefused`; the doc and the editor never see it.
 */
import { HocuspocusProvider, type HocuspocusProviderConfiguration } from '@hocuspocus/provider';
import * as encoding from 'lib0/encoding';
import { keepWithinLimits, type RemoteUpdateRefusal } from '../../shared/doc-limits/within-limits.ts';
import { FrameType, readFrameHeader, SyncStep } from '../../shared/sync-protocol/frames.ts';

/** A Yjs update with nothing in it (no structs, no deletions). */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

export class LimitedProvider extends HocuspocusProvider {
  readonly #onRefused: (refused: RemoteUpdateRefusal) => void;

  constructor(configuration: HocuspocusProviderConfiguration, onRefused: (refused: RemoteUpdateRefusal) => void) {
    super(configuration);
    this.#onRefused = onRefused;
  }

  override onMessage(event: MessageEvent): void {
    const screened = this.#screen(event.data);
    super.onMessage(screened === null ? event : new MessageEvent('message', { data: screened }));
  }

  /** The frame to hand on instead of `data`, or null to hand on `data` as it is. */
  #screen(data: unknown): Uint8Array | null {
    let frame: Uint8Array;
    if (data instanceof ArrayBuffer) frame = new Uint8Array(data);
    else if (data instanceof Uint8Array) frame = data;
    else return null;
    let header, step, update;
    try {
      header = readFrameHeader(frame);
      if (header.type !== FrameType.Sync && header.type !== FrameType.SyncReply) return null;
      step = header.body.uint('sync type');
      if (step !== SyncStep.step2 && step !== SyncStep.update) return null;
      update = header.body.bytes('update');
    } catch {
      // Not ours to judge: the provider reads it and y-protocols catches what fails.
      return null;
    }
    const screened = keepWithinLimits(this.document, update);
    if (screened.refused === null) return null;
    this.#onRefused(screened.refused);
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, header.sessionId === null ? header.docName : `${header.docName}\0${header.sessionId}`);
    encoding.writeVarUint(encoder, header.type);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, screened.update ?? EMPTY_UPDATE);
    return encoding.toUint8Array(encoder);
  }
}
