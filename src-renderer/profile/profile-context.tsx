/**
 * Who the local user is: the name and agency from the host's preferences and
 * the host-made member id, as a Member (shared/plan/member.ts) for the whole
 * tree. Without a profile nobody can sign a comment, so `ensureMember` opens
 * the profile dialog and resolves once it is saved (or with null when the
 * user cancels), letting the action that needed it carry on.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import type { Member } from '../../shared/plan/member.ts';
import { useHost } from '../app/host-context.ts';
import { EMPTY_PROFILE, memberOf, profileOf, type Profile } from './profile.ts';
import { ProfileDialog } from './ProfileDialog.tsx';

export interface ProfileApi {
  readonly profile: Profile;
  /** The signed-in member, or null until a name and an agency are given. */
  readonly member: Member | null;
  openDialog(): void;
  /** The member, asking for a profile first when there is none. */
  ensureMember(): Promise<Member | null>;
  save(name: string, agency: AgencyCode): Promise<Member>;
}

const ProfileContext = createContext<ProfileApi | null>(null);

export function useProfile(): ProfileApi {
  const api = useContext(ProfileContext);
  if (api === null) throw new Error('useProfile() outside <ProfileProvider>');
  return api;
}

export function ProfileProvider({ children }: { readonly children: ReactNode }): ReactElement {
  const host = useHost();
  const [profile, setProfile] = useState<Profile>(EMPTY_PROFILE);
  const [dialogOpen, setDialogOpen] = useState(false);
  // Callers of ensureMember waiting for the dialog to close.
  const waiting = useRef<((member: Member | null) => void)[]>([]);
  const member = useMemo(() => memberOf(profile), [profile]);
  const memberRef = useRef(member);
  memberRef.current = member;

  useEffect(() => {
    host.getPreferences().then(
      (preferences) => setProfile(profileOf(preferences)),
      (error: unknown) => console.warn('Could not read the profile', error),
    );
  }, [host]);

  const save = useCallback(
    async (name: string, agency: AgencyCode): Promise<Member> => {
      const preferences = await host.setPreferences({ name, agency });
      const next = profileOf(preferences);
      setProfile(next);
      const saved = memberOf(next);
      if (saved === null) throw new Error('The host did not keep the profile.');
      memberRef.current = saved;
      return saved;
    },
    [host],
  );

  const close = useCallback((saved: Member | null) => {
    setDialogOpen(false);
    const callers = waiting.current;
    waiting.current = [];
    for (const resolve of callers) resolve(saved);
  }, []);

  const api = useMemo<ProfileApi>(
    () => ({
      profile,
      member,
      openDialog: () => setDialogOpen(true),
      ensureMember: () => {
        if (memberRef.current !== null) return Promise.resolve(memberRef.current);
        setDialogOpen(true);
        return new Promise((resolve) => waiting.current.push(resolve));
      },
      save,
    }),
    [profile, member, save],
  );

  return (
    <ProfileContext.Provider value={api}>
      {children}
      {dialogOpen && <ProfileDialog profile={profile} onSave={save} onClose={close} />}
    </ProfileContext.Provider>
  );
}

/**
 * On a plan shared through a sync server the user is the server's member
 * (id, name, agency and role from the invitation), not the local profile:
 * comments are signed with the id the server knows, and a reader is a
 * reader. Everything below this provider sees that member.
 */
export function MemberOverride({ member, children }: { readonly member: Member | null; readonly children: ReactNode }): ReactElement {
  const outer = useProfile();
  // Keyed by the member's fields, not the object: callers build it per render.
  const key = member === null ? '' : JSON.stringify([member.memberId, member.name, member.agency, member.role]);
  const stable = useMemo(() => member, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const api = useMemo<ProfileApi>(
    () => (stable === null ? outer : { ...outer, member: stable, ensureMember: () => Promise.resolve(stable) }),
    [outer, stable],
  );
  return <ProfileContext.Provider value={api}>{children}</ProfileContext.Provider>;
}

/** The Member for a server member, or null for a plan that is not shared. */
export function memberOfServer(server: { readonly id: string; readonly name: string; readonly agency: AgencyCode; readonly role: Member['role'] } | null | undefined): Member | null {
  return server ? { memberId: server.id, name: server.name, agency: server.agency, role: server.role } : null;
}
