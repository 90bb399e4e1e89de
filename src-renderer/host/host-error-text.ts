/**
 * Every HostError in words a drafter can act on: what happened and what to
 * do, never a method name, a field path or a close code. The table is keyed
 * by HostErrorCode, so a new code without a sentence is a type error.
 *
 * `invalid-argument` names the field in `reason` (src-main/host/host-dispatch.ts);
 * the fields a person types get their own sentence, the others (ids, binary
 * updates) can only be a bug and get the general one.
 */
import type { useTranslation } from 'react-i18next';
import { HostError, type HostErrorCode } from '../../shared/host-api/host-error.ts';
import { isImportRefusalReason } from '../../shared/import/import-refusal.ts';

type TFunction = ReturnType<typeof useTranslation>['t'];
type Translate = (key: string, options?: object) => string;

const TYPED_FIELDS: ReadonlySet<string> = new Set(['serverUrl', 'code', 'title', 'name']);

const SENTENCES: Record<HostErrorCode, (t: Translate, error: HostError) => string> = {
  'invalid-argument': (t, { reason }) => (reason !== undefined && TYPED_FIELDS.has(reason) ? t(`hostErrors.field.${reason}`) : t('hostErrors.invalid-argument')),
  'not-found': (t) => t('hostErrors.not-found'),
  'store-unavailable': (t) => t('hostErrors.store-unavailable'),
  'store-damaged': (t) => t('hostErrors.store-damaged'),
  'forbidden-sender': (t) => t('hostErrors.forbidden-sender'),
  'unknown-method': (t) => t('hostErrors.unknown-method'),
  'server-unreachable': (t) => t('hostErrors.server-unreachable'),
  'server-refused': (t, { reason }) => t('hostErrors.server-refused', { reason: reason ?? '?' }),
  'submission-refused': (t, { reason }) => (reason === 'not-coordinator' ? t('hostErrors.submission-refused.not-coordinator') : t('hostErrors.submission-refused.not-ready')),
  'export-failed': (t, { reason }) =>
    reason === 'libreoffice-missing' || reason === 'open-suggestions' || reason === 'open-failed' ? t(`hostErrors.export-failed.${reason}`) : t('hostErrors.export-failed.other'),
  'import-failed': (t, { reason }) => (isImportRefusalReason(reason) ? t(`hostErrors.import-failed.${reason}`) : t('importWord.failed')),
  internal: (t) => t('hostErrors.internal'),
  'host-disconnected': (t) => t('hostErrors.host-disconnected'),
};

export function hostErrorText(t: TFunction, error: unknown): string {
  // i18next's TFunction overloads do not overlap our one-signature Translate; the call shape is the same.
  const translate = t as unknown as Translate;
  if (error instanceof HostError) return SENTENCES[error.code](translate, error);
  // Not from the host at all (a bug in the renderer): the general sentence.
  return translate('hostErrors.internal');
}
