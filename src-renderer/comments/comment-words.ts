/**
 * Comment data in the user's words: times in the UI language, agency names,
 * and refused operations (CommentError) as sentences instead of codes.
 */
import type { TFunction } from 'i18next';
import { agencyByCode, isAgencyCode } from '../../shared/agencies/agencies.ts';
import { CommentError } from '../../shared/comments/threads.ts';

export function formatTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function agencyName(code: string | null, language: string): string {
  if (!isAgencyCode(code)) return '';
  const agency = agencyByCode(code);
  return language === 'en' ? agency.nameEn : agency.nameSv;
}

export function errorInWords(error: unknown, t: TFunction): string {
  if (error instanceof CommentError) return t(`comments.error.${error.code}`);
  return t('comments.error.unknown', { message: error instanceof Error ? error.message : String(error) });
}
