/**
 * An agency's short name in its colour. The colour is never the only cue:
 * the abbreviation is always shown and the full name is the accessible label.
 */
import type { CSSProperties, ReactElement } from 'react';
import type { Agency } from '../../shared/agencies/agencies.ts';

export function AgencyBadge({ agency, label }: { readonly agency: Agency; readonly label: string }): ReactElement {
  const style = { '--agency-colour': agency.colour } as CSSProperties;
  return (
    <span className="agency-badge" style={style} title={label}>
      <span aria-hidden="true">{agency.abbreviation}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
