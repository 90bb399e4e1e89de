/**
 * A presence (awareness) entry is written only by its member's own
 * connections. The server stamps every entry it relays with the sending
 * member (`member`, from the token), so the entry it holds for a Yjs client
 * id names who owns that id; another member's update for the same id is
 * not relayed. Removing an entry (a state of null) stays open to everyone:
 * the provider announces the removal of peers it timed out.
 */
export function mayWritePresence(memberId: string, current: unknown): boolean {
  if (current === null || typeof current !== 'object') return true;
  const member = (current as { member?: unknown }).member;
  if (member === null || typeof member !== 'object') return true;
  return (member as { id?: unknown }).id === memberId;
}
