/**
 * The opening of the refused-update tests (issue 13): the coordinator
 * writes a plan of two chapters, shares it through the lab's server, and
 * invites one member, who joins through a cable that can be unplugged
 * (cable.ts) and has the first chapter on screen, synced.
 */
import { expect } from 'vitest';
import { runAdmin } from '../../support/sync-server-process.ts';
import { chapterEditor, createPlan, goToPlanList, waitUntilSaved } from './app.ts';
import type { Cable } from './cable.ts';
import { openChapter, outline } from './outline.ts';
import { chapterText, joinFromWelcome, publishOpenPlan, waitForSyncState, type AgencyComputer, type SyncLab } from './sync-agencies.ts';

export interface OfflineMemberPlan {
  readonly title: string;
  /** The first chapter's text ("Kapitel 1"); the second is "Nytt kapitel". */
  readonly first: string;
  readonly second: string;
  /** The first chapter's owner agency as the outline names it, or none. */
  readonly firstOwner?: string;
  readonly member: { readonly name: string; readonly agency: string; readonly role: string };
}

/** The plan's id, once the member has the first chapter synced. */
export async function shareWithOfflineMember(lab: SyncLab, coordinator: AgencyComputer, member: AgencyComputer, cable: Cable, plan: OfflineMemberPlan): Promise<string> {
  const page = coordinator.page;
  await goToPlanList(page);
  const editor = await createPlan(page, plan.title);
  await editor.click();
  await page.keyboard.type(plan.first);
  if (plan.firstOwner !== undefined) await page.getByRole('combobox', { name: 'Ansvarig myndighet' }).selectOption({ label: plan.firstOwner });
  await outline(page).getByRole('button', { name: /Nytt kapitel/ }).click();
  const second = chapterEditor(page, 'Nytt kapitel');
  await second.waitFor();
  await second.click();
  await page.keyboard.type(plan.second);
  await waitUntilSaved(page);
  const planId = await publishOpenPlan(page, lab.server.url, lab.serverDir);
  const { name, agency, role } = plan.member;
  const code = String(runAdmin(lab.serverDir, ['invite', '--plan-id', planId, '--name', name, '--agency', agency, '--role', role])['code']);
  await joinFromWelcome(member.page, cable.url, code);
  await openChapter(member.page, 'Kapitel 1');
  await expect.poll(() => chapterText(chapterEditor(member.page, 'Kapitel 1')), { timeout: 30_000 }).toBe(plan.first);
  await waitForSyncState(member.page, 'synced');
  return planId;
}
