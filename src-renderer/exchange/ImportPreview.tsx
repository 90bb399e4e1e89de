/**
 * What an exchange file brings, before anything is merged (issue 17): who
 * signed it (and, the first time a member's file is read on a plan without
 * a server, their key's fingerprint to compare by phone), the files passed
 * on inside it, and per chapter what changes, with counts and authors. A
 * refused file is explained in words the user can act on.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeFileChoice, ExchangeRefusal, ExchangeSenderInfo } from '../../shared/host-api/host-api.ts';
import { agencyName } from '../comments/comment-words.ts';

type Checked = Extract<ExchangeFileChoice, { outcome: 'ready' | 'refused' }>;

export function ImportPreview({ choice, headingId }: { readonly choice: Checked; readonly headingId: string }): ReactElement {
  const { t } = useTranslation();
  const who = useWho();
  if (choice.outcome === 'refused') {
    return (
      <div className="notice notice--error exchange-refusal" role="alert">
        <h3 id={headingId}>{t('exchange.refused.title')}</h3>
        <p>{refusalText(t, choice.refusal, who)}</p>
      </div>
    );
  }
  const { preview, sender } = choice;
  return (
    <section className="exchange-preview" aria-labelledby={headingId}>
      <h3 id={headingId}>{t(choice.kind === 'plan' ? 'exchange.preview.planTitle' : 'exchange.preview.title')}</h3>
      <p>{t('exchange.preview.from', { who: who(sender), date: new Date(choice.createdAt).toLocaleString() })}</p>
      {sender.newKeyFingerprint !== null && <p className="notice notice--warning">{t('exchange.preview.firstFile', { name: sender.name, fingerprint: sender.newKeyFingerprint })}</p>}
      {choice.relayedFrom.length > 0 && <p>{t('exchange.preview.relayed', { names: choice.relayedFrom.map(who).join(', ') })}</p>}
      {preview.serverOnly !== null && <p>{t('exchange.preview.viaServer', { sender: who(preview.serverOnly.signer) })}</p>}
      {preview.nothingNew ? (
        <p>{t('exchange.preview.nothingNew')}</p>
      ) : (
        <>
          <p>
            {t('exchange.preview.summary', {
              chapters: t('exchange.preview.chapters', { count: preview.chapters.length }),
              comments: t('exchange.preview.comments', { count: preview.chapters.reduce((sum, c) => sum + c.newComments, 0) }),
              authors: preview.authors.map(who).join(', ') || '–',
            })}
          </p>
          {preview.planChanges > 0 && choice.kind === 'changes' && <p>{t('exchange.preview.planChanges', { count: preview.planChanges })}</p>}
          <ul className="exchange-chapters">
            {preview.chapters.map((chapter) => (
              <li key={chapter.chapterId}>
                <strong>{chapter.title || t('exchange.preview.untitledChapter')}</strong>
                {chapter.isNew && choice.kind === 'changes' && <> ({t('exchange.preview.newChapter')})</>}:{' '}
                {[
                  chapter.charactersAdded + chapter.charactersRemoved > 0 && t('exchange.preview.text', { added: chapter.charactersAdded, removed: chapter.charactersRemoved }),
                  chapter.newComments > 0 && t('exchange.preview.comments', { count: chapter.newComments }),
                  chapter.newReplies > 0 && t('exchange.preview.replies', { count: chapter.newReplies }),
                  chapter.newSuggestions > 0 && t('exchange.preview.suggestions', { count: chapter.newSuggestions }),
                  // A suggester's direct formatting of others' words, which the merge gives back (merge-check.ts).
                  chapter.formattingGivenBack > 0 && t('exchange.preview.formattingGivenBack', { count: chapter.formattingGivenBack }),
                ]
                  .filter((part): part is string => typeof part === 'string')
                  .join(', ') || t('exchange.preview.otherChanges')}
                {chapter.authors.length > 0 && <> — {chapter.authors.map(who).join(', ')}</>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** "Björn Berg (Försäkringskassan)", in the UI's language. */
function useWho(): (person: Pick<ExchangeSenderInfo, 'name' | 'agency'>) => string {
  const { i18n } = useTranslation();
  return (person) => {
    return `${person.name} (${agencyName(person.agency, i18n.language) || person.agency})`;
  };
}

type Translate = ReturnType<typeof useTranslation>['t'];

function refusalText(t: Translate, refusal: ExchangeRefusal, who: (person: ExchangeSenderInfo) => string): string {
  const sender = refusal.sender === null ? t('exchange.refused.someone') : who(refusal.sender);
  return t(`exchange.refused.${refusal.problem}`, { sender, title: refusal.planTitle ?? '', rule: refusal.rule ?? '' });
}
