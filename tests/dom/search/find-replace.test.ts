/**
 * Replace in the find bar (editor/FindBar.tsx) with a writer who suggests:
 * prosemirror-search's replace commands go through the view's dispatch, so
 * each replacement becomes a suggestion (the old words struck, the new ones
 * inserted), and the struck words are not found and replaced a second time.
 */
import { describe, expect, it } from 'vitest';
import { replaceAll, setSearchState } from 'prosemirror-search';
import { findQuery } from '../../../src-renderer/editor/FindBar.tsx';
import { doc, p } from '../../support/doc-builders.ts';
import { bo, markup, suggestingPeers } from '../support/suggestion-peers.ts';

describe('replace while suggesting', () => {
  it('"Ersätt alla" suggests each replacement, and a second one finds nothing left to replace', () => {
    const [peer] = suggestingPeers(doc(p('Kvinnor och kvinnor.')), [{ member: bo }]);
    const view = peer!.view;
    view.dispatch(setSearchState(view.state.tr, findQuery(view.state, 'kvinnor', 'personer')));
    expect(replaceAll(view.state, view.dispatch)).toBe(true);
    const once = markup(view.state.doc);
    expect(once).toContain('[-Kvinnor]');
    expect(once).toContain('[-kvinnor]');
    expect(once.match(/\[\+personer\]/g)).toHaveLength(2);

    view.dispatch(setSearchState(view.state.tr, findQuery(view.state, 'kvinnor', 'personer')));
    replaceAll(view.state, view.dispatch);
    expect(markup(view.state.doc)).toBe(once);
  });
});
