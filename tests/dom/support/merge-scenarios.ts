/**
 * The offline merges of issue 8 (1–14) and those found since, as data, and a runner that plays
 * one against any binding (bindings-under-test.ts). The tests
 * (tests/dom/merge-intent.test.ts) and the baseline (bench/merge-intent.ts)
 * share them, so the figures in the decision record and the tests are about
 * the same edits.
 *
 * A scenario is a starting chapter, what each drafter does offline in their
 * own EditorView, and the chapters that keep what every drafter meant. A
 * drafter acts as a person does: places the cursor or selects by text ("before
 * 'Handläggaren'"), then presses a key or runs the command the toolbar runs.
 * Nothing writes to Yjs directly, so the binding turns real ProseMirror
 * transactions into Yjs operations.
 *
 * The runner gives every drafter a Y.Doc with a fixed client id, seeds the
 * first with the binding's `seed`, copies it to the others, opens an editor
 * on each, lets each drafter edit offline, then exchanges updates between
 * every pair in both directions (as the sync handshake does) until all hold
 * the same Yjs state. Intent is kept when every drafter's editor, and an
 * editor opened afterwards on the merged doc, show exactly one of the
 * scenario's accepted chapters: block structure, block types, text and
 * marks (see `outline`).
 *
 * Yjs orders concurrent inserts at one place by client id, so a binding can
 * pass by luck in one order only. Every scenario therefore runs in both
 * tie-break orders: client ids ascending with the drafters, and reversed.
 *
 * Assumes, as both bindings do, that a binding shows a remote change in the
 * editor before `Y.applyUpdate` returns.
 */
import * as Y from 'yjs';
import type { Mark, Node as PmNode } from 'prosemirror-model';
import { NodeSelection, TextSelection, type Command, type Selection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  chainCommands,
  createParagraphNear,
  deleteSelection,
  joinBackward,
  joinForward,
  liftEmptyBlock,
  selectNodeBackward,
  selectNodeForward,
  setBlockType,
  splitBlock,
  toggleMark,
} from 'prosemirror-commands';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { addColumnAfter, addColumnBefore, addRowAfter, goToNextCell } from 'prosemirror-tables';
import { schema } from '../../../shared/schema/schema.ts';
import { bold, doc, h2, li, p, table, td, tr, ul } from '../../support/doc-builders.ts';
import type { BindingUnderTest } from './bindings-under-test.ts';
import { peerDocs } from './chapter-peers.ts';

const { nodes, marks } = schema;

/** A table row of one-paragraph cells (empty text: an empty paragraph). */
const row = (...cells: string[]): PmNode => tr(...cells.map((text) => td(text === '' ? p() : p(text))));

// ---------------------------------------------------------------------------
// What a chapter looks like to a reader, as comparable lines.

/**
 * The chapter as indented lines, one per node down to textblocks: node type
 * with its non-default attributes, and for a textblock its text (JSON-quoted,
 * so trailing spaces show) with marks written as `<bold>…</bold>`. Two
 * chapters with equal outlines look the same to a drafter.
 */
export function outline(doc: PmNode): string[] {
  const lines: string[] = [];
  const walk = (node: PmNode, depth: number): void => {
    const label = '  '.repeat(depth) + node.type.name + attrsLabel(node.type.spec.attrs, node.attrs);
    if (node.isTextblock) {
      lines.push(`${label} ${JSON.stringify(inlineText(node))}`);
      return;
    }
    lines.push(label);
    node.forEach((child) => walk(child, depth + 1));
  };
  doc.forEach((child) => walk(child, 0));
  return lines;
}

function attrsLabel(spec: Record<string, { default?: unknown }> | undefined, attrs: Record<string, unknown>): string {
  const changed = Object.entries(attrs).filter(([name, value]) => spec?.[name]?.default !== value);
  return changed.length === 0 ? '' : `(${changed.map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join(', ')})`;
}

function inlineText(textblock: PmNode): string {
  let out = '';
  textblock.forEach((child) => {
    const body = child.isText ? (child.text ?? '') : `<${child.type.name}/>`;
    out += child.marks.reduceRight((inner, mark) => `<${markLabel(mark)}>${inner}</${mark.type.name}>`, body);
  });
  return out;
}

function markLabel(mark: Mark): string {
  return mark.type.name + attrsLabel(mark.type.spec.attrs, mark.attrs);
}

// ---------------------------------------------------------------------------
// A drafter at the keyboard.

/** The chains our keymap binds (prosemirror-commands' baseKeymap, plus lists), as in random-edits.ts. */
export const KEYS = {
  Enter: chainCommands(splitListItem(nodes.list_item), createParagraphNear, liftEmptyBlock, splitBlock),
  Backspace: chainCommands(deleteSelection, joinBackward, selectNodeBackward),
  Delete: chainCommands(deleteSelection, joinForward, selectNodeForward),
  // In a table cell, as the app's Tab does when a next cell exists.
  Tab: goToNextCell(1),
} satisfies Record<string, Command>;

/** The toolbar commands scenarios use, by what the toolbar calls them. */
export const TOOLBAR = {
  bold: toggleMark(marks.bold),
  bulletList: wrapInList(nodes.bullet_list),
  heading2: setBlockType(nodes.heading, { level: 2 }),
  addRowAfter,
  addColumnBefore,
  addColumnAfter,
  // The toolbar's indent and outdent of a list item (src-renderer/editor/commands.ts).
  indentListItem: sinkListItem(nodes.list_item),
  outdentListItem: liftListItem(nodes.list_item),
} satisfies Record<string, Command>;

/**
 * One drafter's hands on their own editor. Text is found by content and
 * must occur exactly once in the chapter, so a scenario cannot silently act
 * on the wrong place. Any action that does not apply throws.
 */
export class Drafter {
  readonly agency: string;
  private readonly view: EditorView;

  constructor(agency: string, view: EditorView) {
    this.agency = agency;
    this.view = view;
  }

  cursorBefore(text: string): void {
    this.select(TextSelection.create(this.view.state.doc, this.find(text).from));
  }

  cursorAfter(text: string): void {
    this.select(TextSelection.create(this.view.state.doc, this.find(text).to));
  }

  /** Selects `text`, as by dragging over it. */
  selectText(text: string): void {
    const { from, to } = this.find(text);
    this.select(TextSelection.create(this.view.state.doc, from, to));
  }

  /** Selects the whole textblock holding `text`, as by clicking the block. */
  selectBlockOf(text: string): void {
    const $pos = this.view.state.doc.resolve(this.find(text).from);
    this.select(NodeSelection.create(this.view.state.doc, $pos.before()));
  }

  press(key: keyof typeof KEYS): void {
    this.run(key, KEYS[key]);
  }

  /** Runs a toolbar command on the current selection. */
  click(button: keyof typeof TOOLBAR): void {
    this.run(button, TOOLBAR[button]);
  }

  /**
   * Types `text` at the selection. By default in one transaction; with
   * `perCharacter` one transaction per character, as keystrokes arrive.
   */
  type(text: string, options: { readonly perCharacter?: boolean } = {}): void {
    const pieces = options.perCharacter ? [...text] : [text];
    for (const piece of pieces) this.view.dispatch(this.view.state.tr.insertText(piece));
  }

  private select(selection: Selection): void {
    this.view.dispatch(this.view.state.tr.setSelection(selection));
  }

  private run(name: string, command: Command): void {
    if (!command(this.view.state, this.view.dispatch, this.view)) {
      throw new Error(`${this.agency}: ${name} did not apply at ${JSON.stringify(this.view.state.selection.toJSON())}`);
    }
  }

  /** Where `text` is, within one textblock; it must occur exactly once. */
  private find(text: string): { from: number; to: number } {
    const found: number[] = [];
    this.view.state.doc.descendants((node, pos) => {
      if (!node.isTextblock) return true;
      // Each inline leaf (a hard break) is one position and one character
      // here, so string offsets are position offsets.
      const content = node.textBetween(0, node.content.size, undefined, '\uFFFC');
      for (let at = content.indexOf(text); at >= 0; at = content.indexOf(text, at + 1)) found.push(pos + 1 + at);
      return false;
    });
    const [from] = found;
    if (from === undefined || found.length > 1) {
      throw new Error(`${this.agency}: "${text}" occurs ${found.length} times in the chapter, not once`);
    }
    return { from, to: from + text.length };
  }
}

// ---------------------------------------------------------------------------
// The scenarios.

export interface ScenarioDrafter {
  readonly agency: string;
  readonly edit: (drafter: Drafter) => void;
}

export interface Scenario {
  readonly id: number;
  /** What keeping intent means here, in the user's terms. */
  readonly title: string;
  readonly start: PmNode;
  /** The drafters, each editing offline; the first one's doc is seeded. */
  readonly drafters: readonly ScenarioDrafter[];
  /** The chapters that keep every drafter's intent; more than one where concurrency leaves a genuine choice. */
  readonly accepted: readonly PmNode[];
}

const BASE = 'Myndigheten har tagit emot ansökan. Handläggaren granskar nu underlaget noggrant.';
const HEAD = 'Myndigheten har tagit emot ansökan. ';
const TAIL = 'Handläggaren granskar nu underlaget noggrant.';
const TAIL_WITH_MYCKET = 'Handläggaren granskar nu underlaget MYCKET noggrant.';

const splitBeforeHandlaggaren: ScenarioDrafter = {
  agency: 'AF',
  edit: (d) => {
    d.cursorBefore('Handläggaren');
    d.press('Enter');
  },
};
const joinAtHandlaggaren: ScenarioDrafter = {
  agency: 'AF',
  edit: (d) => {
    d.cursorBefore('Handläggaren');
    d.press('Backspace');
  },
};
const typeMycketBeforeNoggrant: ScenarioDrafter = {
  agency: 'FK',
  edit: (d) => {
    d.cursorBefore('noggrant');
    d.type('MYCKET ');
  },
};
const deleteNu: ScenarioDrafter = {
  agency: 'FK',
  edit: (d) => {
    d.selectText('nu ');
    d.press('Delete');
  },
};

/** 16 and 17: a table of two rows, and a drafter who adds a paragraph to the first row's last cell. */
const TWO_ROWS = doc(table(row('Myndighet', 'Åtgärd'), row('AF', 'Språkstöd')), p('Tabellen uppdateras varje kvartal.'));
const addAnsvarInAtgardsCell: ScenarioDrafter = {
  agency: 'AF',
  edit: (d) => {
    d.cursorAfter('Åtgärd');
    d.press('Enter');
    d.type('Ansvar');
  },
};

const FIELD_CASE = 'Planen beskriver kortfattat hur myndigheterna samverkar med kommuner som finns i dag. Beskrivningen bygger på myndigheternas egna uppföljningar av insatserna.';
const NINE = 'Myndigheternas gemensamma plan beskriver insatserna.';

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 1,
    title: 'a word typed in the tail of a paragraph that a colleague splits is in the second paragraph',
    start: doc(p(BASE)),
    drafters: [splitBeforeHandlaggaren, typeMycketBeforeNoggrant],
    accepted: [doc(p(HEAD), p(TAIL_WITH_MYCKET))],
  },
  {
    id: 2,
    title: 'a word deleted in the tail of a paragraph that a colleague splits stays deleted',
    start: doc(p(BASE)),
    drafters: [splitBeforeHandlaggaren, deleteNu],
    accepted: [doc(p(HEAD), p('Handläggaren granskar underlaget noggrant.'))],
  },
  {
    id: 3,
    title: 'a word made bold in the tail of a paragraph that a colleague splits is bold in the second paragraph',
    start: doc(p(BASE)),
    drafters: [
      splitBeforeHandlaggaren,
      {
        agency: 'FK',
        edit: (d) => {
          d.selectText('underlaget');
          d.click('bold');
        },
      },
    ],
    accepted: [doc(p(HEAD), p('Handläggaren granskar nu ', bold('underlaget'), ' noggrant.'))],
  },
  {
    id: 4,
    title: 'a word typed in the head of a paragraph that a colleague splits is in the first paragraph',
    start: doc(p(BASE)),
    drafters: [
      splitBeforeHandlaggaren,
      {
        agency: 'FK',
        edit: (d) => {
          d.cursorBefore('ansökan');
          d.type('DEN NYA ');
        },
      },
    ],
    accepted: [doc(p('Myndigheten har tagit emot DEN NYA ansökan. '), p(TAIL))],
  },
  {
    id: 5,
    title: 'a word typed in a paragraph that a colleague joins to the one before is in the joined paragraph',
    start: doc(p(HEAD), p(TAIL)),
    drafters: [joinAtHandlaggaren, typeMycketBeforeNoggrant],
    accepted: [doc(p(HEAD + TAIL_WITH_MYCKET))],
  },
  {
    id: 6,
    title: 'a word deleted in a paragraph that a colleague joins to the one before stays deleted',
    start: doc(p(HEAD), p(TAIL)),
    drafters: [joinAtHandlaggaren, deleteNu],
    accepted: [doc(p(`${HEAD}Handläggaren granskar underlaget noggrant.`))],
  },
  {
    id: 7,
    title: 'a word typed in a paragraph that a colleague wraps in a bullet list is in the list item',
    start: doc(p(BASE)),
    drafters: [
      {
        agency: 'AF',
        edit: (d) => {
          d.cursorBefore('Handläggaren');
          d.click('bulletList');
        },
      },
      typeMycketBeforeNoggrant,
    ],
    accepted: [doc(ul(li(p(HEAD + TAIL_WITH_MYCKET))))],
  },
  {
    id: 8,
    title: 'a word typed in a paragraph that a colleague turns into a heading is in the heading',
    start: doc(p(BASE)),
    drafters: [
      {
        agency: 'AF',
        edit: (d) => {
          d.cursorBefore('Handläggaren');
          d.click('heading2');
        },
      },
      typeMycketBeforeNoggrant,
    ],
    accepted: [doc(h2(HEAD + TAIL_WITH_MYCKET))],
  },
  {
    // "BETA MER " holds the "M" that "Myndigheternas" starts with: a binding
    // that diffs text instead of reading steps records that keystroke as an
    // insert after the existing "M", and the words interleave.
    id: 9,
    title: 'two phrases typed key by key at the same place stay whole, one after the other',
    start: doc(p(NINE)),
    drafters: [
      {
        agency: 'AF',
        edit: (d) => {
          d.cursorBefore('Myndigheternas');
          d.type('ALPHA ', { perCharacter: true });
        },
      },
      {
        agency: 'FK',
        edit: (d) => {
          d.cursorBefore('Myndigheternas');
          d.type('BETA MER ', { perCharacter: true });
        },
      },
    ],
    accepted: [doc(p(`ALPHA BETA MER ${NINE}`)), doc(p(`BETA MER ALPHA ${NINE}`))],
  },
  {
    // Key by key, and "numera" starts with the "n" of "noggrant" (see 9).
    id: 10,
    title: 'two words typed key by key at the same place mid-sentence stay whole',
    start: doc(p(BASE)),
    drafters: [
      {
        agency: 'AF',
        edit: (d) => {
          d.cursorBefore('noggrant');
          d.type('mycket ', { perCharacter: true });
        },
      },
      {
        agency: 'FK',
        edit: (d) => {
          d.cursorBefore('noggrant');
          d.type('numera ', { perCharacter: true });
        },
      },
    ],
    accepted: [
      doc(p('Myndigheten har tagit emot ansökan. Handläggaren granskar nu underlaget mycket numera noggrant.')),
      doc(p('Myndigheten har tagit emot ansökan. Handläggaren granskar nu underlaget numera mycket noggrant.')),
    ],
  },
  {
    // The field case that opened issue 8 (chapter 3, paragraph 1).
    id: 11,
    title: 'three agencies: a split, a deletion and an insertion in one paragraph each land where they were made',
    start: doc(p(FIELD_CASE)),
    drafters: [
      {
        agency: 'AF',
        edit: (d) => {
          d.selectText('kortfattat ');
          d.press('Delete');
          d.cursorAfter('kommuner');
          d.type(' NYTT-AF');
        },
      },
      {
        agency: 'MIGR',
        edit: (d) => {
          d.selectText('egna ');
          d.press('Delete');
        },
      },
      {
        agency: 'FK',
        edit: (d) => {
          d.cursorBefore('Beskrivningen');
          d.press('Enter');
        },
      },
    ],
    accepted: [
      doc(
        p('Planen beskriver hur myndigheterna samverkar med kommuner NYTT-AF som finns i dag. '),
        p('Beskrivningen bygger på myndigheternas uppföljningar av insatserna.'),
      ),
    ],
  },
  {
    id: 12,
    title: 'a word typed in the tail of a list item that a colleague splits is in the new list item',
    start: doc(ul(li(p(BASE)))),
    drafters: [splitBeforeHandlaggaren, typeMycketBeforeNoggrant],
    accepted: [doc(ul(li(p(HEAD)), li(p(TAIL_WITH_MYCKET))))],
  },
  {
    id: 13,
    title: 'a table row added and filled in survives a concurrent edit of a cell in an existing row, and so does the edit',
    start: doc(
      p('Åtgärder per myndighet:'),
      table(row('Myndighet', 'Åtgärd'), row('AF', 'Språkstöd')),
      p('Tabellen uppdateras varje kvartal.'),
    ),
    drafters: [
      {
        agency: 'AF',
        edit: (d) => {
          d.cursorAfter('Språkstöd');
          d.click('addRowAfter');
          // From the last cell of a row, Tab goes to the new row's first cell.
          d.press('Tab');
          d.type('FK');
        },
      },
      {
        agency: 'FK',
        edit: (d) => {
          d.cursorAfter('Språkstöd');
          d.type(' och validering');
        },
      },
    ],
    accepted: [
      doc(
        p('Åtgärder per myndighet:'),
        table(row('Myndighet', 'Åtgärd'), row('AF', 'Språkstöd och validering'), row('FK', '')),
        p('Tabellen uppdateras varje kvartal.'),
      ),
    ],
  },
  {
    // The defined outcome for the flat chapter (one Y.Text, each textblock
    // preceded by a block marker; text belongs to the nearest marker before
    // it). AF deletes the paragraph's marker and all its text; FK's word was
    // inserted between characters that are now deleted, so it survives and
    // belongs to the nearest marker before it: the previous paragraph's.
    // What each agency sees after the merge:
    // - AF (deleted the paragraph): the paragraph stays gone, but FK's
    //   "MYCKET " now ends the paragraph before it, glued to "ansökan.".
    // - FK (typed into it): the paragraph it was editing is gone, all but
    //   its own word, which it finds at the end of the paragraph before.
    // Nothing anyone typed is lost silently; the stray word is visible to
    // both, and either can delete it.
    id: 14,
    title: 'a word typed into a paragraph that a colleague deletes survives at the end of the paragraph before',
    start: doc(p('Myndigheten har tagit emot ansökan.'), p(TAIL), p('Beslut fattas inom fyra veckor.')),
    drafters: [
      {
        agency: 'AF',
        edit: (d) => {
          d.selectBlockOf('Handläggaren');
          d.press('Delete');
        },
      },
      typeMycketBeforeNoggrant,
    ],
    accepted: [doc(p('Myndigheten har tagit emot ansökan.MYCKET '), p('Beslut fattas inom fyra veckor.'))],
  },
  // 15–17: two new blocks at one block boundary, in different containers.
  // Each is a new block right after the last cell's paragraph of a row; the
  // paragraph belongs in that cell, the colleague's row or cell after it.
  {
    id: 15,
    title: 'a paragraph added at the end of a row’s last cell stays in that cell when a colleague adds a row after the row',
    start: doc(table(row('Myndighet', 'Åtgärd'), row('AF', 'Språkstöd'), row('FK', 'Validering')), p('Tabellen uppdateras varje kvartal.')),
    drafters: [
      {
        agency: 'AF',
        edit: (d) => {
          d.cursorAfter('Språkstöd');
          d.press('Enter');
          d.type('Mentorskap');
        },
      },
      {
        agency: 'MV',
        edit: (d) => {
          d.cursorAfter('Språkstöd');
          d.click('addRowAfter');
          d.press('Tab');
          d.type('MV');
        },
      },
    ],
    accepted: [
      doc(
        table(row('Myndighet', 'Åtgärd'), tr(td(p('AF')), td(p('Språkstöd'), p('Mentorskap'))), row('MV', ''), row('FK', 'Validering')),
        p('Tabellen uppdateras varje kvartal.'),
      ),
    ],
  },
  {
    id: 16,
    title: 'a paragraph added at the end of a row’s last cell stays in that cell when a colleague adds a column before the first',
    start: TWO_ROWS,
    drafters: [
      addAnsvarInAtgardsCell,
      {
        agency: 'MV',
        edit: (d) => {
          d.cursorBefore('Myndighet');
          d.click('addColumnBefore');
        },
      },
    ],
    accepted: [doc(table(tr(td(p()), td(p('Myndighet')), td(p('Åtgärd'), p('Ansvar'))), row('', 'AF', 'Språkstöd')), p('Tabellen uppdateras varje kvartal.'))],
  },
  {
    id: 17,
    title: 'a paragraph added at the end of a row’s last cell stays in that cell when a colleague adds a column after it',
    start: TWO_ROWS,
    drafters: [
      addAnsvarInAtgardsCell,
      {
        agency: 'MV',
        edit: (d) => {
          d.cursorAfter('Åtgärd');
          d.click('addColumnAfter');
        },
      },
    ],
    accepted: [doc(table(tr(td(p('Myndighet')), td(p('Åtgärd'), p('Ansvar')), td(p())), row('AF', 'Språkstöd', '')), p('Tabellen uppdateras varje kvartal.'))],
  },
  // 18: a list split in two by an outdent. Both halves are still the same
  // list to a colleague who nests an item of the first half meanwhile.
  {
    id: 18,
    title: 'an item nested under the one before stays nested when a colleague outdents a later item out of the list',
    start: doc(ul(li(p('Språkstöd')), li(p('Validering')), li(p('Praktik')), li(p('Yrkesprov')), li(p('Mentorskap')), li(p('Uppföljning')))),
    drafters: [
      {
        agency: 'AF',
        edit: (d) => {
          d.cursorAfter('Praktik');
          d.click('outdentListItem');
        },
      },
      {
        agency: 'MV',
        edit: (d) => {
          d.cursorAfter('Validering');
          d.click('indentListItem');
        },
      },
    ],
    accepted: [doc(ul(li(p('Språkstöd'), ul(li(p('Validering'))))), p('Praktik'), ul(li(p('Yrkesprov')), li(p('Mentorskap')), li(p('Uppföljning'))))],
  },
];

// ---------------------------------------------------------------------------
// The runner.

/** Client ids ascending with the drafters (1, 2, 3), or reversed (3, 2, 1). */
export type TieBreak = 'ascending' | 'descending';
export const TIE_BREAKS: readonly TieBreak[] = ['ascending', 'descending'];

export function clientIds(drafterCount: number, tieBreak: TieBreak): number[] {
  return Array.from({ length: drafterCount }, (_, i) => (tieBreak === 'ascending' ? i + 1 : drafterCount - i));
}

export interface PeerView {
  readonly agency: string;
  readonly outline: readonly string[];
}

export interface ScenarioOutcome {
  readonly scenario: number;
  readonly binding: string;
  readonly tieBreak: TieBreak;
  readonly clientIds: readonly number[];
  /** Every drafter, and an editor opened afterwards, shows one of the accepted chapters. */
  readonly keptIntent: boolean;
  /** Every drafter, and an editor opened afterwards, shows the same chapter. */
  readonly converged: boolean;
  /** What each drafter's editor shows after the merge; empty if the run threw. */
  readonly peers: readonly PeerView[];
  /** What an editor opened afterwards on the merged doc shows; null if the run threw first. */
  readonly reopened: readonly string[] | null;
  /** The accepted chapter closest to what was shown (the first one if none matched). */
  readonly expected: readonly string[];
  /** Why intent was not kept, in a line; null if it was. */
  readonly instead: string | null;
  /** An exception from editing, merging or rendering, if any. */
  readonly error: string | null;
}

export function runScenario(binding: BindingUnderTest, scenario: Scenario, tieBreak: TieBreak): ScenarioOutcome {
  const ids = clientIds(scenario.drafters.length, tieBreak);
  const accepted = scenario.accepted.map(outline);
  const base = { scenario: scenario.id, binding: binding.name, tieBreak, clientIds: ids };
  const editors: { destroy(): void }[] = [];
  let stage = 'seeding';
  try {
    const docs = peerDocs(ids, scenario.start, binding.seed);
    const [first] = docs;
    if (!first) throw new Error('a scenario needs drafters');

    stage = 'opening the chapter';
    const views = docs.map((doc) => {
      const editor = binding.createEditor(doc);
      editors.push(editor);
      return editor.view;
    });
    const startOutline = outline(scenario.start);
    views.forEach((view, i) => {
      if (!sameLines(outline(view.state.doc), startOutline)) {
        throw new Error(`drafter ${i + 1} opened the chapter as ${outline(view.state.doc).join(' / ')}`);
      }
    });

    stage = 'editing offline';
    scenario.drafters.forEach((drafter, i) => {
      const view = views[i];
      if (view) drafter.edit(new Drafter(drafter.agency, view));
    });

    stage = 'merging';
    exchangeUntilInSync(docs);
    const peers = scenario.drafters.map((drafter, i) => ({ agency: drafter.agency, outline: outline(views[i]?.state.doc ?? scenario.start) }));

    stage = 'reopening the merged chapter';
    const reopened = reopen(binding, first);
    const shown = [...peers.map((peer) => peer.outline), reopened];
    const [firstShown = []] = shown;
    const converged = shown.every((lines) => sameLines(lines, firstShown));
    const expected = accepted.find((lines) => sameLines(lines, firstShown)) ?? accepted[0] ?? [];
    const keptIntent = converged && shown.every((lines) => sameLines(lines, expected));
    const instead = keptIntent ? null : describeDifference(scenario, peers, reopened, expected, converged);
    return { ...base, keptIntent, converged, peers, reopened, expected, instead, error: null };
  } catch (error) {
    const message = `${stage}: ${error instanceof Error ? error.message : String(error)}`;
    return { ...base, keptIntent: false, converged: false, peers: [], reopened: null, expected: accepted[0] ?? [], instead: `threw while ${message}`, error: message };
  } finally {
    for (const editor of editors) editor.destroy();
  }
}

/**
 * Sends every doc what every other lacks, pair by pair in both directions,
 * until all hold the same updates and deletions. Applying can make a binding
 * write (a repair after the merge), hence the rounds.
 */
function exchangeUntilInSync(docs: readonly Y.Doc[]): void {
  for (let round = 0; round < 20; round++) {
    for (const from of docs) {
      for (const to of docs) {
        if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
      }
    }
    const [first, ...rest] = docs.map((doc) => Y.snapshot(doc));
    const pending = docs.some((doc) => doc.store.pendingStructs !== null || doc.store.pendingDs !== null);
    if (!pending && first && rest.every((snapshot) => Y.equalSnapshots(snapshot, first))) return;
  }
  throw new Error('the drafters did not reach the same Yjs state after 20 rounds of exchange');
}

/** What someone who opens the merged chapter afterwards sees. */
function reopen(binding: BindingUnderTest, merged: Y.Doc): string[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(merged));
  const editor = binding.createEditor(doc);
  try {
    return outline(editor.view.state.doc);
  } finally {
    editor.destroy();
  }
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** The lines that differ from `expected`, for a table cell: "shows … where … was meant". */
function describeDifference(
  scenario: Scenario,
  peers: readonly PeerView[],
  reopened: readonly string[],
  expected: readonly string[],
  converged: boolean,
): string {
  const differing = [...peers, { agency: 'reopened', outline: reopened }].filter((peer) => !sameLines(peer.outline, expected));
  const [peer] = differing;
  if (!peer) return 'kept';
  const extra = peer.outline.filter((line) => !expected.includes(line)).map((line) => line.trim());
  const missing = expected.filter((line) => !peer.outline.includes(line)).map((line) => line.trim());
  const who = converged ? 'all show' : `${peer.agency} shows (peers differ)`;
  const shows = extra.length > 0 ? extra.join(' / ') : peer.outline.map((line) => line.trim()).join(' / ');
  const meant = missing.length > 0 ? `; meant ${missing.join(' / ')}` : '';
  return `${who} ${shows}${meant}${scenario.accepted.length > 1 ? ' (or the other accepted order)' : ''}`;
}
