/**
 * Names of the Y.Docs that make up a plan. The same names are used in local
 * storage and, later, on the wire to the sync server (DESIGN §3):
 *   plan/<planId>                       the manifest
 *   plan/<planId>/chapter/<chapterId>   one chapter
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

export const UUID_PATTERN = new RegExp(`^${UUID}$`);
export const DOC_NAME_PATTERN = new RegExp(`^plan/(${UUID})(?:/chapter/(${UUID}))?$`);

export type DocRef =
  | { readonly kind: 'manifest'; readonly planId: string }
  | { readonly kind: 'chapter'; readonly planId: string; readonly chapterId: string };

export function manifestDocName(planId: string): string {
  return `plan/${planId}`;
}

export function chapterDocName(planId: string, chapterId: string): string {
  return `plan/${planId}/chapter/${chapterId}`;
}

export function parseDocName(name: string): DocRef | null {
  const match = DOC_NAME_PATTERN.exec(name);
  if (!match) return null;
  const [, planId, chapterId] = match;
  if (planId === undefined) return null;
  return chapterId === undefined ? { kind: 'manifest', planId } : { kind: 'chapter', planId, chapterId };
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
