/**
 * The question under a list in the members dialog before something is taken
 * away ("Ta bort Omar Said från planen?", "Dra tillbaka inbjudan …?"): a
 * labelled group with the danger button first and "Avbryt".
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  readonly question: string;
  readonly confirm: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

export function InlineConfirm({ question, confirm, onConfirm, onCancel }: Props): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="member-confirm" role="group" aria-label={question}>
      <p>{question}</p>
      <div className="dialog-actions">
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('sync.cancel')}
        </button>
      </div>
    </div>
  );
}
