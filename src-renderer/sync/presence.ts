/**
 * Who is in the plan, read from the manifest's awareness states.
 *
 * A state is `{ member, chapterId }`. The server overwrites `member` with the
 * member named by the sender's token (src-server/README.md, Presence),
 * so names cannot be faked by another client; the rest is still untrusted
 * input: anything that does not have the expected shape is left out.
 */
import { AGENCY_CODES, type AgencyCode } from '../../shared/agencies/agencies.ts';
import { ROLES, type Role } from '../../shared/plan/member.ts';

export interface PresentMember {
  readonly id: string;
  readonly name: string;
  readonly agency: AgencyCode;
  readonly role: Role;
}

export interface Presence {
  readonly member: PresentMember;
  /** The chapter on their screen, or null (the plan list, no chapter yet). */
  readonly chapterId: string | null;
}

const MAX_NAME = 200;
const MAX_ID = 100;

export function readPresentMember(value: unknown): PresentMember | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, name, agency, role } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) return null;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME) return null;
  if (!(AGENCY_CODES as readonly unknown[]).includes(agency)) return null;
  if (!(ROLES as readonly unknown[]).includes(role)) return null;
  return { id, name, agency: agency as AgencyCode, role: role as Role };
}

/**
 * Everyone else in the plan, one entry per member (a member on two computers
 * is listed once, in the chapter of the lowest client id, so the list does
 * not flicker between them), sorted by name.
 */
export function readPresence(states: ReadonlyMap<number, unknown>, ownClientId: number, ownMemberId: string | null): Presence[] {
  const byMember = new Map<string, { clientId: number; presence: Presence }>();
  for (const [clientId, state] of states) {
    if (clientId === ownClientId || typeof state !== 'object' || state === null) continue;
    const record = state as Record<string, unknown>;
    const member = readPresentMember(record['member']);
    if (member === null || member.id === ownMemberId) continue;
    const chapterId = typeof record['chapterId'] === 'string' && record['chapterId'].length <= MAX_ID ? record['chapterId'] : null;
    const existing = byMember.get(member.id);
    if (existing === undefined || clientId < existing.clientId) byMember.set(member.id, { clientId, presence: { member, chapterId } });
  }
  return [...byMember.values()].map((e) => e.presence).sort((a, b) => a.member.name.localeCompare(b.member.name, 'sv') || (a.member.id < b.member.id ? -1 : 1));
}

/** Cursor states on a chapter's awareness: valid only with a member and a well-formed cursor. */
export function isRemoteCursorState(state: unknown): boolean {
  if (typeof state !== 'object' || state === null) return false;
  const record = state as Record<string, unknown>;
  if (readPresentMember(record['member']) === null) return false;
  const cursor = record['cursor'];
  if (cursor === null || cursor === undefined) return true; // no cursor: the plugin skips it
  if (typeof cursor !== 'object') return false;
  const { anchor, head } = cursor as Record<string, unknown>;
  return isRelativePositionJson(anchor) && isRelativePositionJson(head);
}

function isId(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { client, clock } = value as Record<string, unknown>;
  return Number.isSafeInteger(client) && Number.isSafeInteger(clock) && (clock as number) >= 0 && (client as number) >= 0;
}

/** The JSON form of a Y.RelativePosition: {type?, tname?, item?, assoc?}. */
function isRelativePositionJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { type, tname, item, assoc } = value as Record<string, unknown>;
  if (type !== undefined && type !== null && !isId(type)) return false;
  if (tname !== undefined && tname !== null && typeof tname !== 'string') return false;
  if (item !== undefined && item !== null && !isId(item)) return false;
  if (assoc !== undefined && assoc !== null && !Number.isSafeInteger(assoc)) return false;
  return true;
}
