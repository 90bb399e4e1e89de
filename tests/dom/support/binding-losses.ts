/**
 * Catches text that y-prosemirror deletes on its own.
 *
 * When the binding renders a Yjs change and cannot build a node from it
 * (`schema.node` throws, e.g. a merged list item that no longer starts with a
 * paragraph), it deletes that Y element, subtree and all, and the deletion
 * syncs to every peer (sync-plugin.js, `createNodeFromYElement`). Nobody asked
 * for that deletion, so any text in it is lost.
 *
 * Such a deletion is a transaction that the binding (origin ySyncPluginKey)
 * starts while the observers of another transaction run. Yjs emits
 * `beforeObserverCalls` before those observers and `afterTransaction` after
 * them, so a transaction that begins in between is one the binding made
 * while rendering. The only other write the binding makes there is its
 * y-prosemirror #160 fix, which moves text between Y.Texts and deletes a
 * Y.Text, never an element; this watcher looks at deleted elements only.
 */
import * as Y from 'yjs';
import { isBindingWrite } from '../../../shared/chapter-text/chapter-binding.ts';

export interface BindingLoss {
  /** Names of the outermost elements the binding deleted. */
  readonly elements: readonly string[];
  /** The text that went with them, for every peer. */
  readonly text: string;
}

/** Calls `onLoss` whenever the binding deletes text in `doc` on its own. */
export function watchBindingLosses(doc: Y.Doc, onLoss: (loss: BindingLoss) => void): void {
  const observing = new Set<Y.Transaction>();
  const renderWrites = new WeakSet<Y.Transaction>();
  doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
    observing.add(tr);
  });
  doc.on('beforeTransaction', (tr: Y.Transaction) => {
    if (observing.size > 0) renderWrites.add(tr);
  });
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    observing.delete(tr);
    if (!renderWrites.has(tr) || !isBindingWrite(tr.origin)) return;
    // Deleting an element deletes its whole subtree in the same transaction,
    // so the lost text is every string deleted here.
    const elements: string[] = [];
    let text = '';
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
      if (!(struct instanceof Y.Item)) return;
      // Created and deleted in this same transaction (the binding's block-end
      // sentinels): nothing anyone had written.
      if (struct.id.clock >= (tr.beforeState.get(struct.id.client) ?? 0)) return;
      if (struct.content instanceof Y.ContentString) text += struct.content.str;
      const type: unknown = struct.content instanceof Y.ContentType ? struct.content.type : null;
      const parentItem = (struct.parent as Y.AbstractType<unknown> | null)?._item ?? null;
      const outermost = parentItem === null || !Y.isDeleted(tr.deleteSet, parentItem.id);
      if (type instanceof Y.XmlElement && outermost) elements.push(type.nodeName);
    });
    if (text !== '') onLoss({ elements, text });
  });
}

/**
 * Fails the run the moment the binding deletes text on its own in any of
 * `docs` (one per peer, in peer order), naming the peer and the lost text.
 */
export function failOnBindingLosses(docs: readonly Y.Doc[]): void {
  docs.forEach((doc, i) =>
    watchBindingLosses(doc, (loss) => {
      throw new Error(`peer ${i}'s editor could not build ${loss.elements.join(', ')} and deleted it, losing "${loss.text}" for everyone`);
    }),
  );
}
