/**
 * A fixed-window counter per client address: at most `limit` attempts per
 * `windowMs`. Used for WebSocket connection attempts and for redeeming
 * invitation codes. In memory and per instance: it protects this process
 * from a flood, it is not an accounting system. A limit of 0 turns it off.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  #windowStart = Date.now();
  #counts = new Map<string, number>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Counts an attempt from `key`; false if it is over the limit. */
  allow(key: string): boolean {
    if (this.#limit <= 0) return true;
    const now = Date.now();
    if (now - this.#windowStart >= this.#windowMs) {
      this.#windowStart = now;
      this.#counts = new Map();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return count <= this.#limit;
  }
}
