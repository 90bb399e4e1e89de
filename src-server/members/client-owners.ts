/**
 * Which member each Yjs client id of a plan writes for (issue 13).
 *
 * Yjs names every struct by (client id, clock), and a client picks its own
 * id. The rules trust those ids: what a suggester may take back is what
 * her clients wrote under her suggestions (chapter-text-rule.ts, the
 * entries' `writers`), and a struct id that is already taken is skipped
 * as "already have it" by every copy. So a client that writes under
 * another member's client id could both pass her writing off as the
 * other's and, by taking the ids that member's offline edits are about to
 * use, make the server drop those edits as duplicates.
 *
 * The rule: the first member who sends structs under a client id owns it
 * in that plan, for good; an update from anyone else that writes new
 * structs under it is refused. Honest apps never meet this: Yjs gives
 * every document copy a fresh random id (and a new one whenever a copy
 * receives structs under its own), and a relayed exchange file is claimed
 * for its signer, not for the member who posts it
 * (src-server/exchange/exchange-relay.ts).
 *
 * Stored in the server's database, so the claims hold across restarts and
 * for every instance on the same PostgreSQL: the claim is one
 * `INSERT … ON CONFLICT DO NOTHING` and a read of who won, so two instances
 * claiming the same id at once agree. An owner never changes, so this
 * process caches what it has read (bounded; a miss asks the database).
 *
 * Not covered: ids under which structs were stored before this table
 * existed belong to whoever sends new structs under them first.
 */
import type { SqlDatabase } from '../database/sql-database.ts';

/** Entries kept in memory; each is a plan id, a number and a member id. */
const CACHE_LIMIT = 100_000;

/**
 * The owner the server claims its own writing's client ids under (the
 * formatting it gives back to a member online, sync-server.ts
 * `claimForServer`, and in an exchange file, exchange-relay.ts): no
 * member's id (those are UUIDs), so a member's update under such an id is
 * refused like one under another member's.
 */
export const SERVER_WRITER = 'server';

export interface ClientClaimConflict {
  readonly client: number;
  /** The member who owns the id. */
  readonly ownerId: string;
}

export class ClientOwners {
  readonly #db: SqlDatabase;
  /** `${planId} ${client}` → owner, oldest first (Map order) for eviction. */
  readonly #cache = new Map<string, string>();

  private constructor(db: SqlDatabase) {
    this.#db = db;
  }

  /** Opens the table on `db`, creating it if it does not exist yet. */
  static async open(db: SqlDatabase): Promise<ClientOwners> {
    const bigint = db.dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
    await db.query(`CREATE TABLE IF NOT EXISTS client_owners(
      plan_id TEXT NOT NULL,
      client_id ${bigint} NOT NULL,
      member_id TEXT NOT NULL,
      claimed_at ${bigint} NOT NULL,
      PRIMARY KEY (plan_id, client_id))`);
    return new ClientOwners(db);
  }

  /**
   * Claims `clients` for `memberId` in `planId`: the ids nobody owns become
   * hers. Returns the first id another member owns, or null if all are hers
   * now. Claims made before a conflict stand: they are hers either way.
   */
  async claim(planId: string, memberId: string, clients: Iterable<number>): Promise<ClientClaimConflict | null> {
    for (const client of clients) {
      if (!Number.isInteger(client) || client < 0 || client > 0xffffffff) throw new RangeError(`${client} is not a Yjs client id`);
      const owner = this.#cache.get(key(planId, client)) ?? (await this.#claimOne(planId, memberId, client));
      if (owner !== memberId) return { client, ownerId: owner };
    }
    return null;
  }

  /** Who owns `client` in `planId`, or null if nobody has written under it since the table existed. */
  async ownerOf(planId: string, client: number): Promise<string | null> {
    const cached = this.#cache.get(key(planId, client));
    if (cached !== undefined) return cached;
    const rows = await this.#db.query('SELECT member_id FROM client_owners WHERE plan_id = ? AND client_id = ?', [planId, client]);
    const owner = rows[0] === undefined ? null : String(rows[0]['member_id']);
    if (owner !== null) this.#remember(planId, client, owner);
    return owner;
  }

  async #claimOne(planId: string, memberId: string, client: number): Promise<string> {
    await this.#db.query('INSERT INTO client_owners(plan_id, client_id, member_id, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT (plan_id, client_id) DO NOTHING', [planId, client, memberId, Date.now()]);
    const owner = await this.ownerOf(planId, client);
    if (owner === null) throw new Error(`client id ${client} of plan ${planId} was claimed and is not in the table`);
    return owner;
  }

  #remember(planId: string, client: number, owner: string): void {
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(key(planId, client), owner);
  }
}

function key(planId: string, client: number): string {
  return `${planId} ${client}`;
}
