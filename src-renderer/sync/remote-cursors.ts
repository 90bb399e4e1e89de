/**
 * How the others' cursors and selections look in a chapter editor
 * (y-prosemirror's yCursorPlugin on the chapter's awareness).
 *
 * The name and agency come from the `member` the server put into the
 * awareness state, never from a client's own claim; states without a valid
 * member or with a malformed cursor are not drawn (presence.ts). Colour is
 * not the only cue: every cursor carries a label with the name and the
 * agency's abbreviation. The label is CSS generated content from a data
 * attribute, so it never becomes part of the chapter's text (copying,
 * innerText, screen readers reading the text); screen-reader users find who
 * is where in the presence list.
 */
import type { DecorationAttrs } from 'prosemirror-view';
import type { Awareness } from 'y-protocols/awareness';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import { isRemoteCursorState, readPresentMember, type PresentMember } from './presence.ts';

interface CursorOptions {
  awarenessStateFilter: (ownClientId: number, clientId: number, state: unknown) => boolean;
  cursorBuilder: (user: unknown, clientId: number) => HTMLElement;
  selectionBuilder: (user: unknown, clientId: number) => DecorationAttrs;
}

export function remoteCursorOptions(awareness: Awareness): CursorOptions {
  const memberOf = (clientId: number): PresentMember | null => readPresentMember((awareness.getStates().get(clientId) as Record<string, unknown> | undefined)?.['member']);
  return {
    awarenessStateFilter: (ownClientId, clientId, state) => ownClientId !== clientId && isRemoteCursorState(state),
    cursorBuilder: (_user, clientId) => {
      const member = memberOf(clientId);
      const cursor = document.createElement('span');
      cursor.className = 'remote-cursor';
      cursor.setAttribute('aria-hidden', 'true');
      if (member !== null) {
        const agency = agencyByCode(member.agency);
        cursor.style.setProperty('--agency-colour', agency.colour);
        cursor.dataset['label'] = `${member.name} · ${agency.abbreviation}`;
        cursor.dataset['memberId'] = member.id;
      }
      return cursor;
    },
    selectionBuilder: (_user, clientId) => {
      const member = memberOf(clientId);
      const colour = member === null ? '#6b6b6b' : agencyByCode(member.agency).colour;
      return { class: 'remote-selection', style: `--agency-colour: ${colour}` };
    },
  };
}
