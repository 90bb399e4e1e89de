/**
 * Whether editors show a chapter the schema allows. The chapter text builds
 * merged nodes with `NodeType.create`, which does not check content, so the
 * convergence fuzzes check every editor after every step.
 */
import type { Node as PmNode } from 'prosemirror-model';
import type { EditorView } from 'prosemirror-view';

/** What is wrong with `doc` under the chapter schema, or null when it is valid. */
export function describeInvalid(doc: PmNode): string | null {
  try {
    doc.check();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Throws, naming the step and the peer, if an editor (one per peer, in peer order) shows an invalid doc. */
export function checkValidDocs(editors: readonly { readonly view: EditorView }[], step: number): void {
  editors.forEach((editor, i) => {
    const problem = describeInvalid(editor.view.state.doc);
    if (problem) throw new Error(`after step ${step}, peer ${i} shows an invalid doc: ${problem}`);
  });
}
