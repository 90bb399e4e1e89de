/**
 * The six agencies as <option>s, in the order of shared/agencies, named in
 * the UI language: every agency select (chapter owner, filters, assignment)
 * lists them alike. `abbreviated` puts the short name first ("AF – …"),
 * where the select is narrow.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCIES } from '../../shared/agencies/agencies.ts';

export function AgencyOptions({ abbreviated = false }: { readonly abbreviated?: boolean }): ReactElement {
  const { i18n } = useTranslation();
  return (
    <>
      {AGENCIES.map((agency) => {
        const name = i18n.language === 'en' ? agency.nameEn : agency.nameSv;
        return (
          <option key={agency.code} value={agency.code}>
            {abbreviated ? `${agency.abbreviation} – ${name}` : name}
          </option>
        );
      })}
    </>
  );
}
