/**
 * A week of one drafter's work, for the exchange benchmarks (issue 17): a
 * real editing trace (../shared/traces) typed offline into one chapter of a
 * plan stored by `host`, through the chapter-text binding as the editor
 * does, saving one update per `saveEvery` patches (the app saves per 20 ms
 * tick). And how both benchmarks report: JSON, and a table.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Fragment, Slice } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import * as Y from 'yjs';
import { ChapterBinding } from '../shared/chapter-text/chapter-binding.ts';
import { chapterText } from '../shared/chapter-text/chapter-text.ts';
import type { AgencyCode } from '../shared/agencies/agencies.ts';
import type { HostApi } from '../shared/host-api/host-api.ts';
import { chapterDocName } from '../shared/plan/doc-names.ts';
import { readManifest } from '../shared/plan/manifest.ts';
import { schema } from '../shared/schema/schema.ts';
import { compileTrace, loadTrace } from './trace.ts';

const REPO = resolve(import.meta.dirname, '..');

/** Types `trace` into the first chapter `agency` owns; the chapter's title and the number of patches. */
export async function typeAWeek(host: Pick<HostApi, 'loadPlan' | 'saveUpdate'>, planId: string, agency: AgencyCode, trace: string, saveEvery = 50): Promise<{ title: string; patches: number }> {
  const loaded = await host.loadPlan({ planId });
  const manifestDoc = new Y.Doc();
  Y.applyUpdate(manifestDoc, loaded.manifest.update);
  const chapter = readManifest(manifestDoc).chapters.find((c) => c.owner === agency)!;
  const name = chapterDocName(planId, chapter.id);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, loaded.chapters.find((c) => c.name === name)!.update);
  const compiled = compileTrace(loadTrace(resolve(REPO, `../shared/traces/${trace}.json.gz`)));
  const binding = new ChapterBinding(chapterText(doc), schema);
  let state = EditorState.create({ schema, doc: binding.doc });
  const paragraph = schema.nodes.paragraph;
  let pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await host.saveUpdate({ docName: name, update: Y.mergeUpdates(pending) });
    pending = [];
  };
  const start = state.tr.replaceWith(0, state.doc.content.size, compiled.startParagraphs.map((text) => paragraph.create(null, text === '' ? null : schema.text(text))));
  binding.writeTransaction(start);
  state = state.apply(start);
  let patches = 0;
  for (const [from, to, text] of compiled.ops) {
    const tr = state.tr;
    if (text.includes('\n')) tr.replace(from, to, new Slice(Fragment.from(text.split('\n').map((part) => paragraph.create(null, part === '' ? null : schema.text(part)))), 1, 1));
    else if (text !== '') tr.insertText(text, from, to);
    else tr.delete(from, to);
    tr.setSelection(TextSelection.near(tr.doc.resolve(tr.mapping.map(to))));
    if (!binding.writeTransaction(tr)) throw new Error('the binding refused a patch');
    state = state.apply(tr);
    if (++patches % saveEvery === 0) await flush();
  }
  await flush();
  return { title: chapter.title, patches };
}

/** The result as JSON on stdout (and in `out`), and `rows` as a table on stderr, after the file's size. */
export function report(result: object, out: string | undefined, file: { readonly bytes: number; readonly patches: number; readonly trace: string }, rows: readonly (readonly [string, string])[]): void {
  const json = JSON.stringify(result, null, 2);
  process.stdout.write(`${json}\n`);
  if (out !== undefined) writeFileSync(out, json);
  const lines = ['', '| what | figure |', '|---|---|', `| file for a week (${file.patches} patches of ${file.trace}) | ${(file.bytes / 1024).toFixed(1)} KiB |`, ...rows.map(([what, figure]) => `| ${what} | ${figure} |`)];
  process.stderr.write(`${lines.join('\n')}\n`);
}
