/**
 * Plans, their members and one-time invitations, kept in SQLite
 * (`<data-dir>/members.sqlite`) or in PostgreSQL next to the documents.
 *
 * - A member has an id, a name, an agency and a role: `coordinator` (invites
 *   and removes members, writes), `drafter` (writes) or `reader` (reads).
 *   Removing a member sets `revoked_at`; the row stays so logs keep a name.
 * - An invitation is redeemed once, atomically: the `UPDATE … WHERE used_at IS
 *   NULL RETURNING` that marks it used is the only way to read its grant, so
 *   two simultaneous redemptions (even from two server processes) cannot both
 *   succeed. Creating the member happens in the same transaction; if anything
 *   fails, the code stays unused.
 * - Kinds: `join` (a member of an existing plan) and `publish` (the first
 *   coordinator of a plan that the app creates with its own plan id).
 * - A join invitation not yet used is *pending*: coordinators list it (with
 *   its code, if it was sealed when issued: code-seal.ts) and may revoke it,
 *   which sets `revoked_at`; a revoked code is refused as `code-revoked`.
 *   The id of an invitation is its code hash, which redeems nothing.
 */
import { randomUUID } from 'node:crypto';
import { AGENCY_CODES, type AgencyCode } from '../../shared/agencies/agencies.ts';
import { ROLES, type Role } from '../../shared/plan/member.ts';
import type { IssuedInvitation, PendingInvitation } from '../../shared/sync-protocol/http-api.ts';
import type { InvitationRefusal } from '../../shared/sync-protocol/refusals.ts';
import type { SqlDatabase, SqlExecutor, SqlRow } from '../database/sql-database.ts';
import { Refusal } from '../refusal.ts';
import type { CodeSeal } from './code-seal.ts';
import { generateInvitationCode, hashInvitationCode, normalizeInvitationCode } from './invitation-code.ts';

export interface Member {
  readonly id: string;
  readonly planId: string;
  readonly name: string;
  readonly agency: AgencyCode;
  readonly role: Role;
  /** ISO 8601. */
  readonly joinedAt: string;
  /** ISO 8601, or null while the member has access. */
  readonly revokedAt: string | null;
  /** Ed25519 public key (raw, base64) the member signs exchange files with (issue 17); null if their app sent none. */
  readonly publicKey: string | null;
}

export class InvitationError extends Refusal<InvitationRefusal> {}

export interface InvitationGrant {
  readonly name: string;
  readonly agency: AgencyCode;
  readonly role: Role;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_INVITATION_TTL_MS = 7 * DAY_MS;

export class MemberStore {
  readonly #db: SqlDatabase;

  private constructor(db: SqlDatabase) {
    this.#db = db;
  }

  /** Opens the store on `db`, creating its tables if they do not exist yet. */
  static async open(db: SqlDatabase): Promise<MemberStore> {
    const bigint = db.dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
    await db.query(`CREATE TABLE IF NOT EXISTS plans(id TEXT PRIMARY KEY, created_at ${bigint} NOT NULL)`);
    await db.query(`CREATE TABLE IF NOT EXISTS members(
      id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL REFERENCES plans(id),
      name TEXT NOT NULL,
      agency TEXT NOT NULL,
      role TEXT NOT NULL,
      created_at ${bigint} NOT NULL,
      revoked_at ${bigint})`);
    await db.query('CREATE INDEX IF NOT EXISTS members_plan ON members(plan_id)');
    await db.query(`CREATE TABLE IF NOT EXISTS invitations(
      code_hash TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      plan_id TEXT REFERENCES plans(id),
      name TEXT NOT NULL,
      agency TEXT NOT NULL,
      role TEXT NOT NULL,
      created_by TEXT,
      created_at ${bigint} NOT NULL,
      expires_at ${bigint} NOT NULL,
      used_at ${bigint},
      member_id TEXT)`);
    // Added after the first release; older stores get them here.
    await addColumn(db, 'invitations', 'code_sealed', 'TEXT');
    await addColumn(db, 'invitations', 'revoked_at', bigint);
    // Exchange by file (issue 17): members who joined before it have none.
    await addColumn(db, 'members', 'public_key', 'TEXT');
    return new MemberStore(db);
  }

  async createPlan(planId: string): Promise<void> {
    try {
      await this.#db.query('INSERT INTO plans(id, created_at) VALUES (?, ?)', [planId, Date.now()]);
    } catch (error) {
      if (await this.planExists(planId)) throw new InvitationError('plan-exists', `A plan with id ${planId} is already on this server.`);
      throw error;
    }
  }

  async planExists(planId: string): Promise<boolean> {
    return (await this.#db.query('SELECT 1 AS one FROM plans WHERE id = ?', [planId])).length > 0;
  }

  async listPlans(): Promise<{ id: string; createdAt: string; members: number }[]> {
    const rows = await this.#db.query(
      `SELECT p.id, p.created_at, (SELECT count(*) FROM members m WHERE m.plan_id = p.id AND m.revoked_at IS NULL) AS members
       FROM plans p ORDER BY p.created_at`,
    );
    return rows.map((row) => ({ id: String(row['id']), createdAt: iso(row['created_at']), members: Number(row['members']) }));
  }

  /** An invitation to join `planId`, valid for `ttlMs`; with `seal`, its code stays retrievable by coordinators. */
  async createInvitation(
    planId: string,
    grant: InvitationGrant,
    createdBy: string | null,
    ttlMs = DEFAULT_INVITATION_TTL_MS,
    seal: CodeSeal | null = null,
  ): Promise<IssuedInvitation> {
    if (!(await this.planExists(planId))) throw new InvitationError('plan-not-found', `There is no plan ${planId} on this server.`);
    return this.#insertInvitation('join', planId, grant, createdBy, ttlMs, seal);
  }

  /** The plan's join invitations that are neither used nor revoked (expired ones too), oldest first. */
  async listInvitations(planId: string, seal: CodeSeal | null = null): Promise<PendingInvitation[]> {
    const rows = await this.#db.query(
      `SELECT code_hash, name, agency, role, created_at, expires_at, code_sealed FROM invitations
       WHERE plan_id = ? AND kind = 'join' AND used_at IS NULL AND revoked_at IS NULL ORDER BY created_at, code_hash`,
      [planId],
    );
    return rows.map((row) => {
      const id = String(row['code_hash']);
      const sealed = row['code_sealed'];
      return {
        id,
        name: String(row['name']),
        agency: agency(row['agency']),
        role: role(row['role']),
        createdAt: iso(row['created_at']),
        expiresAt: iso(row['expires_at']),
        code: seal === null || typeof sealed !== 'string' ? null : seal.open(sealed, id),
      };
    });
  }

  /** Withdraws a pending invitation. Returns false if the plan has no such unused, unrevoked invitation. */
  async revokeInvitation(planId: string, invitationId: string): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE invitations SET revoked_at = ?, code_sealed = NULL
       WHERE code_hash = ? AND plan_id = ? AND kind = 'join' AND used_at IS NULL AND revoked_at IS NULL RETURNING code_hash`,
      [Date.now(), invitationId, planId],
    );
    return rows.length > 0;
  }

  /** A code with which a coordinator publishes a plan of their own from the app. */
  async createPublishCode(grant: Omit<InvitationGrant, 'role'>, ttlMs = DEFAULT_INVITATION_TTL_MS): Promise<IssuedInvitation> {
    return this.#insertInvitation('publish', null, { ...grant, role: 'coordinator' }, null, ttlMs, null);
  }

  /** Exchanges a join code for a new member of the code's plan. */
  async redeemJoinCode(code: string, publicKey: string | null = null): Promise<Member> {
    return this.#db.transaction(async (tx) => {
      const invitation = await this.#claim(tx, code, 'join');
      return this.#insertMember(tx, invitation.planId!, invitation, invitation.codeHash, publicKey);
    });
  }

  /** Exchanges a publish code for a new plan `planId` and its first coordinator. */
  async redeemPublishCode(code: string, planId: string, publicKey: string | null = null): Promise<Member> {
    return this.#db.transaction(async (tx) => {
      const invitation = await this.#claim(tx, code, 'publish');
      if ((await tx.query('SELECT 1 AS one FROM plans WHERE id = ?', [planId])).length > 0) {
        throw new InvitationError('plan-exists', `A plan with id ${planId} is already on this server.`);
      }
      await tx.query('INSERT INTO plans(id, created_at) VALUES (?, ?)', [planId, Date.now()]);
      await tx.query('UPDATE invitations SET plan_id = ? WHERE code_hash = ?', [planId, invitation.codeHash]);
      return this.#insertMember(tx, planId, invitation, invitation.codeHash, publicKey);
    });
  }

  async getMember(memberId: string): Promise<Member | null> {
    const rows = await this.#db.query('SELECT * FROM members WHERE id = ?', [memberId]);
    return rows[0] === undefined ? null : toMember(rows[0]);
  }

  /** Every member of the plan, including removed ones (with `revokedAt`), oldest first. */
  async listMembers(planId: string): Promise<Member[]> {
    const rows = await this.#db.query('SELECT * FROM members WHERE plan_id = ? ORDER BY created_at, id', [planId]);
    return rows.map(toMember);
  }

  /** Gives an active member of the plan another role. Returns the member as now, or null if there is no such active member. */
  async changeRole(planId: string, memberId: string, newRole: Role): Promise<Member | null> {
    const rows = await this.#db.query('UPDATE members SET role = ? WHERE id = ? AND plan_id = ? AND revoked_at IS NULL RETURNING *', [newRole, memberId, planId]);
    return rows[0] === undefined ? null : toMember(rows[0]);
  }

  /**
   * Files an active member's exchange-file public key (issue 17) if the
   * server has none: a member who joined with an app from before keys
   * existed registers it with their own token. A key already held is never
   * replaced here. Returns the member as now (compare `publicKey` to see
   * whether it was taken), or null if there is no such active member.
   */
  async registerPublicKey(planId: string, memberId: string, publicKey: string): Promise<Member | null> {
    await this.#db.query('UPDATE members SET public_key = ? WHERE id = ? AND plan_id = ? AND revoked_at IS NULL AND public_key IS NULL', [publicKey, memberId, planId]);
    const member = await this.getMember(memberId);
    return member !== null && member.planId === planId && member.revokedAt === null ? member : null;
  }

  /** Removes a member's access. Returns false if there is no such active member of the plan. */
  async revokeMember(planId: string, memberId: string): Promise<boolean> {
    const rows = await this.#db.query(
      'UPDATE members SET revoked_at = ? WHERE id = ? AND plan_id = ? AND revoked_at IS NULL RETURNING id',
      [Date.now(), memberId, planId],
    );
    return rows.length > 0;
  }

  async #insertInvitation(
    kind: 'join' | 'publish',
    planId: string | null,
    grant: InvitationGrant,
    createdBy: string | null,
    ttlMs: number,
    seal: CodeSeal | null,
  ): Promise<IssuedInvitation> {
    const code = generateInvitationCode();
    const codeHash = hashInvitationCode(normalizeInvitationCode(code)!);
    const now = Date.now();
    const expiresAt = now + ttlMs;
    await this.#db.query(
      `INSERT INTO invitations(code_hash, kind, plan_id, name, agency, role, created_by, created_at, expires_at, code_sealed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [codeHash, kind, planId, grant.name, grant.agency, grant.role, createdBy, now, expiresAt, seal === null ? null : seal.seal(code, codeHash)],
    );
    return { code, expiresAt: new Date(expiresAt).toISOString() };
  }

  async #claim(tx: SqlExecutor, code: string, kind: 'join' | 'publish'): Promise<InvitationGrant & { planId: string | null; codeHash: string }> {
    const normalized = normalizeInvitationCode(code);
    if (normalized === null) throw new InvitationError('invalid-code', 'That is not an invitation code.');
    const codeHash = hashInvitationCode(normalized);
    const now = Date.now();
    // Marks the code used and reads its grant in one statement; a concurrent
    // redemption finds used_at already set and gets no row.
    const rows = await tx.query(
      `UPDATE invitations SET used_at = ?, code_sealed = NULL
       WHERE code_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND kind = ? AND expires_at > ?
       RETURNING plan_id, name, agency, role`,
      [now, codeHash, kind, now],
    );
    const row = rows[0];
    if (row === undefined) {
      const existing = (await tx.query('SELECT kind, used_at, expires_at, revoked_at FROM invitations WHERE code_hash = ?', [codeHash]))[0];
      if (existing === undefined) throw new InvitationError('invalid-code', 'No such invitation code.');
      if (existing['used_at'] !== null) throw new InvitationError('code-used', 'This invitation code has already been used.');
      if (existing['revoked_at'] !== null) throw new InvitationError('code-revoked', 'This invitation has been withdrawn by the coordinator.');
      if (existing['kind'] !== kind) {
        throw new InvitationError('wrong-kind', kind === 'join' ? 'This is a publish code, not an invitation to join.' : 'This is an invitation to join, not a publish code.');
      }
      throw new InvitationError('code-expired', 'This invitation code has expired.');
    }
    return {
      planId: row['plan_id'] === null ? null : String(row['plan_id']),
      name: String(row['name']),
      agency: agency(row['agency']),
      role: role(row['role']),
      codeHash,
    };
  }

  async #insertMember(tx: SqlExecutor, planId: string, grant: InvitationGrant, codeHash: string, publicKey: string | null): Promise<Member> {
    const id = randomUUID();
    const now = Date.now();
    await tx.query('INSERT INTO members(id, plan_id, name, agency, role, created_at, public_key) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      id, planId, grant.name, grant.agency, grant.role, now, publicKey,
    ]);
    await tx.query('UPDATE invitations SET member_id = ? WHERE code_hash = ?', [id, codeHash]);
    return { id, planId, name: grant.name, agency: grant.agency, role: grant.role, joinedAt: new Date(now).toISOString(), revokedAt: null, publicKey };
  }
}

/** Adds a column to a table made by an older version; safe when several processes start at once. */
async function addColumn(db: SqlDatabase, table: string, column: string, type: string): Promise<void> {
  const has = async (): Promise<boolean> =>
    db.query(`SELECT ${column} FROM ${table} WHERE 1 = 0`).then(
      () => true,
      () => false,
    );
  if (await has()) return;
  try {
    await db.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  } catch (error) {
    // Another process added it between the check and the ALTER.
    if (!(await has())) throw error;
  }
}

function toMember(row: SqlRow): Member {
  return {
    id: String(row['id']),
    planId: String(row['plan_id']),
    name: String(row['name']),
    agency: agency(row['agency']),
    role: role(row['role']),
    joinedAt: iso(row['created_at']),
    revokedAt: row['revoked_at'] === null || row['revoked_at'] === undefined ? null : iso(row['revoked_at']),
    publicKey: typeof row['public_key'] === 'string' ? row['public_key'] : null,
  };
}

// PostgreSQL returns BIGINT as a string, SQLite as a number.
function iso(value: unknown): string {
  return new Date(Number(value)).toISOString();
}

function agency(value: unknown): AgencyCode {
  const code = String(value);
  if (!(AGENCY_CODES as readonly string[]).includes(code)) throw new Error(`The member store holds an unknown agency code: ${code}`);
  return code as AgencyCode;
}

function role(value: unknown): Role {
  const text = String(value);
  if (!(ROLES as readonly string[]).includes(text)) throw new Error(`The member store holds an unknown role: ${text}`);
  return text as Role;
}
