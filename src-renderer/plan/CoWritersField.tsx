/**
 * The chapter's co-writers (issue 13): agencies besides the owner that write
 * it directly; everyone else suggests. Shown beside the owner; the owner
 * agency and the coordinator change the list (`mayNameCoWriters`, the rule
 * the server enforces), as checkboxes in a disclosure so the header stays
 * one line until someone wants to change it. A chapter without an owner is
 * open to every drafter, so it has no co-writers to name.
 */
import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { AGENCIES, type AgencyCode } from '../../shared/agencies/agencies.ts';
import { setCoWriters, type ChapterEntry } from '../../shared/plan/manifest.ts';
import type { Member } from '../../shared/plan/member.ts';
import { mayNameCoWriters } from '../../shared/rules/manifest-rules.ts';
import { agencyName } from '../comments/comment-words.ts';

interface Props {
  readonly chapter: ChapterEntry;
  readonly manifestDoc: Y.Doc;
  /** Who acts; null on a plan only on this computer before a profile exists (then the list is shown, not changed). */
  readonly member: Member | null;
}

export function CoWritersField({ chapter, manifestDoc, member }: Props): ReactElement | null {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const owner = chapter.owner;
  if (owner === null) return null;
  const nameOf = (code: AgencyCode): string => agencyName(code, i18n.language);
  const canChange = member !== null && mayNameCoWriters(member, owner);
  const toggle = (code: AgencyCode, on: boolean): void => {
    const next = on ? [...chapter.coWriters, code] : chapter.coWriters.filter((c) => c !== code);
    setCoWriters(manifestDoc, chapter.id, next);
  };
  return (
    <div className="co-writers">
      <span className="co-writers-summary">
        {t('chapter.coWriters')}: {chapter.coWriters.length === 0 ? t('chapter.coWritersNone') : chapter.coWriters.map(nameOf).join(', ')}
      </span>
      {canChange && (
        <button type="button" className="button button--small" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
          {t('chapter.coWritersChange')}
        </button>
      )}
      {canChange && open && (
        <fieldset id={panelId} className="co-writers-panel">
          <legend>{t('chapter.coWritersLegend', { owner: nameOf(owner) })}</legend>
          {AGENCIES.filter((agency) => agency.code !== owner).map((agency) => (
            <label key={agency.code} className="co-writers-option">
              <input type="checkbox" checked={chapter.coWriters.includes(agency.code)} onChange={(e) => toggle(agency.code, e.target.checked)} />
              <span>{nameOf(agency.code)}</span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
