/**
 * `npm run server -- admin <command>`: what agency IT does on the server
 * machine, against the same data dir or DATABASE_URL as the running server
 * (both may run at once; the stores are built for several processes).
 *
 *   create-plan --coordinator-name NAME --agency CODE [--plan-id UUID]
 *   publish-code --coordinator-name NAME --agency CODE
 *   invite --plan-id UUID --name NAME --agency CODE --role ROLE
 *   members --plan-id UUID
 *   invitations --plan-id UUID
 *   revoke-invitation --plan-id UUID --invitation-id ID
 *   plans
 *   revoke --plan-id UUID --member-id UUID
 *   set-role --plan-id UUID --member-id UUID --role ROLE
 * Options common to all: --data-dir DIR, --expires-hours N (codes), --json.
 * Codes are printed once; only their hashes are stored. (Codes made in the app
 * are also kept sealed under the server secret for its coordinators, which
 * this CLI does not read: `invitations` lists who and until when, not codes.)
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AGENCY_CODES, isAgencyCode } from '../../shared/agencies/agencies.ts';
import { isUuid } from '../../shared/plan/doc-names.ts';
import { ROLES, type Role } from '../../shared/plan/member.ts';
import { INVITATION_ID_PATTERN } from '../../shared/sync-protocol/http-api.ts';
import { InvitationError, type MemberStore } from '../members/member-store.ts';
import { announceToServers, type Announced, type MembershipChange } from '../members/membership-changes.ts';
import { silentLogger } from '../server-log.ts';
import { openMemberStorage } from '../server-storage.ts';

export const ADMIN_USAGE = `Usage: npm run server -- admin <command> [options]

Commands:
  create-plan   --coordinator-name NAME --agency CODE [--plan-id UUID]
                Creates a plan on the server and prints its id and a one-time
                invitation code for its coordinator.
  publish-code  --coordinator-name NAME --agency CODE
                Prints a one-time code with which a coordinator publishes a
                plan from the app (POST /api/publish); the plan keeps the app's id.
  invite        --plan-id UUID --name NAME --agency CODE --role ROLE
                Prints a one-time invitation code for a new member.
  members       --plan-id UUID      Lists the plan's members.
  invitations   --plan-id UUID      Lists the plan's pending invitations (not yet used
                                    or revoked): id, role, agency, name, expiry.
  revoke-invitation --plan-id UUID --invitation-id ID
                Withdraws a pending invitation; its code no longer works.
  plans                             Lists the plans on this server.
  revoke        --plan-id UUID --member-id UUID
                Removes a member; running servers disconnect them at once when
                REDIS_URL is set (as for the servers), otherwise within 10 s.
  set-role      --plan-id UUID --member-id UUID --role ROLE
                Gives a member another role; their open connections are closed
                and reopen with it (at once with REDIS_URL, otherwise within 10 s).

Options:
  --data-dir DIR      the server's data directory (default ./samskriv-server-data);
                      with DATABASE_URL set, PostgreSQL is used instead
  --expires-hours N   how long a new code is valid (default 168, one week)
  --json              print the result as JSON
  REDIS_URL           (environment) the running servers' Redis: membership
                      changes reach them at once
  Agency codes: ${AGENCY_CODES.join(', ')}. Roles: ${ROLES.join(', ')}.`;

export class UsageError extends Error {}

export async function runAdmin(argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help') {
    print(ADMIN_USAGE);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string', default: 'samskriv-server-data' },
      'plan-id': { type: 'string' },
      'member-id': { type: 'string' },
      'invitation-id': { type: 'string' },
      'coordinator-name': { type: 'string' },
      name: { type: 'string' },
      agency: { type: 'string' },
      role: { type: 'string' },
      'expires-hours': { type: 'string', default: '168' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const hours = /^\d+$/.test(values['expires-hours']) ? Number(values['expires-hours']) : Number.NaN;
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 365) throw new UsageError('--expires-hours must be a whole number from 1 to 8760.');
  const ttlMs = hours * 3600_000;
  const output = (result: Record<string, unknown>, text: string): void => print(values.json ? JSON.stringify(result) : text);

  const storage = await openMemberStorage({ dataDir: values['data-dir'], databaseUrl: env['DATABASE_URL'] }, silentLogger);
  try {
    const members: MemberStore = storage.members;
    switch (command) {
      case 'create-plan': {
        const planId = values['plan-id'] ?? randomUUID();
        requireUuid(planId, '--plan-id');
        const name = requireText(values['coordinator-name'], '--coordinator-name');
        const agency = requireAgency(values.agency);
        await members.createPlan(planId);
        const invitation = await members.createInvitation(planId, { name, agency, role: 'coordinator' }, null, ttlMs);
        output(
          { planId, ...invitation },
          `Plan ${planId} created.\nCoordinator invitation for ${name} (${agency}): ${invitation.code}\nValid until ${invitation.expiresAt}. It works once.`,
        );
        return;
      }
      case 'publish-code': {
        const name = requireText(values['coordinator-name'], '--coordinator-name');
        const agency = requireAgency(values.agency);
        const invitation = await members.createPublishCode({ name, agency }, ttlMs);
        output({ ...invitation }, `Publish code for ${name} (${agency}): ${invitation.code}\nValid until ${invitation.expiresAt}. It works once.`);
        return;
      }
      case 'invite': {
        const planId = requireUuid(values['plan-id'], '--plan-id');
        const name = requireText(values.name, '--name');
        const agency = requireAgency(values.agency);
        const role = requireRole(values.role);
        const invitation = await members.createInvitation(planId, { name, agency, role }, null, ttlMs);
        output({ planId, ...invitation }, `Invitation for ${name} (${agency}, ${role}) to plan ${planId}: ${invitation.code}\nValid until ${invitation.expiresAt}. It works once.`);
        return;
      }
      case 'members': {
        const planId = requireUuid(values['plan-id'], '--plan-id');
        const list = await members.listMembers(planId);
        output(
          { planId, members: list },
          list.length === 0
            ? `Plan ${planId} has no members.`
            : list.map((m) => `${m.id}  ${m.role.padEnd(11)} ${m.agency.padEnd(5)} ${m.name}${m.revokedAt === null ? '' : `  (removed ${m.revokedAt})`}`).join('\n'),
        );
        return;
      }
      case 'invitations': {
        const planId = requireUuid(values['plan-id'], '--plan-id');
        // Without the seal: the CLI never shows a code again.
        const list = await members.listInvitations(planId);
        const now = Date.now();
        output(
          { planId, invitations: list.map(({ code: _code, ...rest }) => rest) },
          list.length === 0
            ? `Plan ${planId} has no pending invitations.`
            : list
                .map((i) => `${i.id}  ${i.role.padEnd(11)} ${i.agency.padEnd(5)} ${i.name}  ${Date.parse(i.expiresAt) <= now ? 'expired' : 'valid until'} ${i.expiresAt}`)
                .join('\n'),
        );
        return;
      }
      case 'revoke-invitation': {
        const planId = requireUuid(values['plan-id'], '--plan-id');
        const invitationId = values['invitation-id'] ?? '';
        if (!INVITATION_ID_PATTERN.test(invitationId)) throw new UsageError('--invitation-id must be an id from the invitations command (64 hex digits).');
        if (!(await members.revokeInvitation(planId, invitationId))) throw new UsageError(`Plan ${planId} has no pending invitation ${invitationId}.`);
        output({ planId, invitationId, revoked: true }, `Invitation ${invitationId} withdrawn; its code no longer works.`);
        return;
      }
      case 'plans': {
        const plans = await members.listPlans();
        output({ plans }, plans.length === 0 ? 'No plans on this server.' : plans.map((p) => `${p.id}  ${p.members} members  created ${p.createdAt}`).join('\n'));
        return;
      }
      case 'revoke': {
        const planId = requireUuid(values['plan-id'], '--plan-id');
        const memberId = requireUuid(values['member-id'], '--member-id');
        if (!(await members.revokeMember(planId, memberId))) throw new UsageError(`Plan ${planId} has no active member ${memberId}.`);
        const servers = await tellServers(env, { planId, memberId });
        output({ planId, memberId, revoked: true, servers }, `Member ${memberId} removed from plan ${planId}.${serversText(servers)}`);
        return;
      }
      case 'set-role': {
        const planId = requireUuid(values['plan-id'], '--plan-id');
        const memberId = requireUuid(values['member-id'], '--member-id');
        const role = requireRole(values.role);
        const member = await members.changeRole(planId, memberId, role);
        if (member === null) throw new UsageError(`Plan ${planId} has no active member ${memberId}.`);
        const servers = await tellServers(env, { planId, memberId });
        output({ planId, memberId, role, servers }, `Member ${memberId} of plan ${planId} is now ${role}.${serversText(servers)}`);
        return;
      }
      default:
        throw new UsageError(`Unknown admin command "${command}".`);
    }
  } catch (error) {
    if (error instanceof InvitationError) throw new UsageError(error.message);
    throw error;
  } finally {
    await storage.close();
  }
}

/** Announces a membership change to the running servers through REDIS_URL, if set; null without it. */
async function tellServers(env: NodeJS.ProcessEnv, change: MembershipChange): Promise<Announced | { error: string } | null> {
  const redisUrl = env['REDIS_URL'];
  if (redisUrl === undefined || redisUrl === '') return null;
  try {
    return await announceToServers(redisUrl, change, silentLogger);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function serversText(servers: Announced | { error: string } | null): string {
  if (servers === null) return '\nRunning servers apply it within 10 s (set REDIS_URL to the servers\' Redis to apply it at once).';
  if ('error' in servers) return `\nRedis could not be told (${servers.error}); running servers apply it within 10 s.`;
  return `\nApplied at once by ${servers.applied} of ${servers.instances} running server instance(s)${servers.applied < servers.instances ? '; the others within 10 s' : ''}.`;
}

function requireText(value: string | undefined, flag: string): string {
  const text = value?.trim() ?? '';
  if (text === '' || text.length > 100) throw new UsageError(`${flag} is required (1 to 100 characters).`);
  return text;
}

function requireUuid(value: string | undefined, flag: string): string {
  if (value === undefined || !isUuid(value)) throw new UsageError(`${flag} must be a plan or member id (a lowercase UUID).`);
  return value;
}

function requireAgency(value: string | undefined) {
  if (!isAgencyCode(value)) throw new UsageError(`--agency must be one of ${AGENCY_CODES.join(', ')}.`);
  return value;
}

function requireRole(value: string | undefined): Role {
  if (!(ROLES as readonly (string | undefined)[]).includes(value)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
  return value as Role;
}
