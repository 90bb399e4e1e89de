/**
 * Membership changes (a member removed, a role changed) reaching every
 * instance that serves the plan at once, not at its next periodic re-check.
 *
 * - With one instance (`LocalMembershipChanges`) there is nobody to tell:
 *   the instance that made the change applies it itself.
 * - With Redis (`RedisMembershipChanges`), the instance that made the change
 *   publishes `{planId, memberId}` on its own channel, `<prefix>#membership`
 *   (beside the document channels of @hocuspocus/extension-redis, which are
 *   `<prefix>:<document name>`, and its reply channels `<prefix>#reply:…`,
 *   so a document can never be called that). Every other instance applies it
 *   and answers on the sender's acknowledgement channel,
 *   `<prefix>#membership-ack:<instance id>`. The sender waits for as many
 *   answers as Redis counted receivers, up to `ackTimeoutMs`: so when the
 *   coordinator's "removed" comes back, the member's sockets are closed on
 *   every instance that answered, and an instance that did not answer in time
 *   is named in the log and catches up at its next periodic re-check.
 * - The admin CLI, which changes the member store directly, announces its
 *   changes the same way when it is given the servers' REDIS_URL
 *   (`announceToServers`).
 * - A message is only a nudge: the receiver reads the member from the member
 *   store it shares with the sender and applies what the store says. So a
 *   message on the channel that did not come from an instance (Redis is
 *   infrastructure, but still) can make an instance re-check a member, never
 *   grant or remove anything.
 */
import { randomUUID } from 'node:crypto';
import type { RedisInstance } from '@hocuspocus/extension-redis';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../server-log.ts';

/** The key prefix in Redis: the Redis extension's document channels and ours. */
export const REDIS_PREFIX = 'samskriv';

export interface MembershipChange {
  readonly planId: string;
  readonly memberId: string;
}

export interface Announced {
  /** Other instances Redis delivered the change to. */
  readonly instances: number;
  /** Those that said they applied it before the time-out. */
  readonly applied: number;
}

export interface MembershipChanges {
  /** Tells the other instances; resolves once they have applied the change, or after the time-out. */
  announce(change: MembershipChange): Promise<Announced>;
  close(): Promise<void>;
}

/** One instance: the change is applied where it was made, nothing to announce. */
export class LocalMembershipChanges implements MembershipChanges {
  async announce(): Promise<Announced> {
    return { instances: 0, applied: 0 };
  }

  async close(): Promise<void> {}
}

const changeMessage = z.object({ v: z.literal(1), id: z.uuid(), from: z.uuid(), planId: z.string().max(64), memberId: z.string().max(64) }).strict();
const ackMessage = z.object({ v: z.literal(1), id: z.uuid(), from: z.uuid() }).strict();

interface Waiting {
  expected: number;
  applied: number;
  done(): void;
}

export interface RedisMembershipOptions {
  /** A connection in normal mode, for PUBLISH (the Redis extension's own `pub` will do). */
  readonly publisher: RedisInstance;
  /** A connection of its own, which this class puts into subscriber mode. */
  readonly subscriber: RedisInstance;
  /** The key prefix of the Redis extension. */
  readonly prefix: string;
  /** Applies a change announced by another instance on this one. */
  readonly apply: (change: MembershipChange) => Promise<void>;
  readonly ackTimeoutMs: number;
  readonly log: Logger;
}

export class RedisMembershipChanges implements MembershipChanges {
  readonly #instanceId = randomUUID();
  readonly #options: RedisMembershipOptions;
  readonly #changeChannel: string;
  readonly #ackChannel: string;
  readonly #waiting = new Map<string, Waiting>();
  /** Resolves once this instance listens on its channels (never rejects; a failure is logged). */
  readonly subscribed: Promise<void>;

  private constructor(options: RedisMembershipOptions) {
    this.#options = options;
    this.#changeChannel = `${options.prefix}#membership`;
    this.#ackChannel = `${options.prefix}#membership-ack:${this.#instanceId}`;
    options.subscriber.on('message', (channel: string, text: string) => this.#received(channel, text));
    this.subscribed = this.#subscribe();
    // Again whenever the connection comes back: a subscription that failed
    // while Redis was away is not renewed by ioredis (one that succeeded is,
    // and subscribing twice changes nothing).
    options.subscriber.on('ready', () => void this.#subscribe());
  }

  /**
   * Starts listening; `subscribed` says when it does. The server waits for
   * it only a little at start, so that a Redis that is away does not keep
   * the server from starting: changes announced before it listens reach it
   * at its periodic re-check.
   */
  static start(options: RedisMembershipOptions): RedisMembershipChanges {
    return new RedisMembershipChanges(options);
  }

  async #subscribe(): Promise<void> {
    try {
      await this.#options.subscriber.subscribe(this.#changeChannel, this.#ackChannel);
    } catch (error) {
      this.#options.log.error('membership-channel-failed', { error });
    }
  }

  async announce(change: MembershipChange): Promise<Announced> {
    const id = randomUUID();
    let waiting!: Waiting;
    const answered = new Promise<void>((done) => {
      waiting = { expected: Number.POSITIVE_INFINITY, applied: 0, done };
    });
    this.#waiting.set(id, waiting);
    try {
      const message = JSON.stringify({ v: 1, id, from: this.#instanceId, planId: change.planId, memberId: change.memberId } satisfies z.infer<typeof changeMessage>);
      // Counts every subscriber of the channel, this instance's own included.
      const receivers = Number(await this.#options.publisher.publish(this.#changeChannel, message));
      waiting.expected = Math.max(0, receivers - 1);
      if (waiting.applied >= waiting.expected) waiting.done();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([answered, new Promise<void>((done) => (timer = setTimeout(done, this.#options.ackTimeoutMs)))]);
      clearTimeout(timer);
      if (waiting.applied < waiting.expected) {
        this.#options.log.warn('membership-change-unacknowledged', { ...change, instances: waiting.expected, applied: waiting.applied, timeoutMs: this.#options.ackTimeoutMs });
      }
      return { instances: waiting.expected, applied: Math.min(waiting.applied, waiting.expected) };
    } finally {
      this.#waiting.delete(id);
    }
  }

  async close(): Promise<void> {
    for (const waiting of this.#waiting.values()) waiting.done();
    this.#options.subscriber.disconnect();
  }

  #received(channel: string, text: string): void {
    if (channel === this.#ackChannel) {
      const ack = parse(ackMessage, text);
      const waiting = ack === null ? undefined : this.#waiting.get(ack.id);
      if (waiting !== undefined && ++waiting.applied >= waiting.expected) waiting.done();
      return;
    }
    if (channel !== this.#changeChannel) return;
    const change = parse(changeMessage, text);
    if (change === null) {
      this.#options.log.warn('membership-change-malformed', { channel });
      return;
    }
    if (change.from === this.#instanceId) return;
    void this.#options
      .apply({ planId: change.planId, memberId: change.memberId })
      .then(() => this.#options.publisher.publish(`${this.#options.prefix}#membership-ack:${change.from}`, JSON.stringify({ v: 1, id: change.id, from: this.#instanceId })))
      .catch((error: unknown) => this.#options.log.error('membership-change-failed', { planId: change.planId, memberId: change.memberId, error }));
  }
}

/**
 * Announces a change made outside the servers (the admin CLI) to every
 * server on the Redis at `redisUrl`, and waits up to `ackTimeoutMs` for them
 * to apply it. Throws if Redis cannot be reached.
 */
export async function announceToServers(redisUrl: string, change: MembershipChange, log: Logger, ackTimeoutMs = 5_000): Promise<Announced> {
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 5_000, retryStrategy: () => null });
  const subscriber = publisher.duplicate();
  // A refused connection also rejects the commands, which is how it is reported; without a listener ioredis prints it too.
  for (const connection of [publisher, subscriber]) connection.on('error', () => {});
  try {
    // Nothing to apply here: the CLI holds no connections.
    const changes = RedisMembershipChanges.start({ publisher, subscriber, prefix: REDIS_PREFIX, apply: async () => {}, ackTimeoutMs, log });
    await changes.subscribed;
    try {
      return await changes.announce(change);
    } finally {
      await changes.close();
    }
  } finally {
    subscriber.disconnect();
    publisher.disconnect();
  }
}

function parse<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
