/**
 * Exchange by file (issue 17), as users meet it: computers that never reach
 * a sync server write signed `.samskriv` files, hand them over, and end up
 * with the same plan, with every writer's words in it. Each computer is a
 * real HostService on its own SQLite store; files go through the HostApi.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addSource, peer, chapterDoc, changesFile, comment, commentsOf, importFile, inspect, paragraphsOf, planFile, planState, writeChapter, type Peer } from './exchange-peers.ts';
import { useDataDir } from '../host/data-dir.ts';
import { forged } from './forged-file.ts';
import { sourceText } from '../../../shared/sources/source-doc.ts';
import { docFrom } from '../host/chapter-doc.ts';
import { runLengthBomb } from '../../support/hostile-updates.ts';

describe('exchange by file between two computers', () => {
  const anna = useDataDir();
  const björn = useDataDir();
  const cecilia = useDataDir();

  /** Anna (coordinator, af) makes a plan and hands it to Björn (fk) as a plan file. */
  async function sharedByFile(): Promise<{ a: Peer; b: Peer; planId: string }> {
    const a = await peer(anna.open(), 'Anna Ek', 'af');
    const b = await peer(björn.open(), 'Björn Berg', 'fk');
    const plan = await a.host.createPlan({ title: 'Handlingsplan' });
    await writeChapter(a.host, plan.id, ['Inledning.']);
    const opened = await importFile(b, null, await planFile(a, plan.id));
    expect(opened.ready.kind).toBe('plan');
    return { a, b, planId: plan.id };
  }

  it('a plan file opens as an identical plan on another computer, without any server', async () => {
    const { a, b, planId } = await sharedByFile();
    expect(await planState(b.host, planId)).toEqual(await planState(a.host, planId));
    expect((await b.host.listPlans()).map((p) => p.title)).toEqual(['Handlingsplan']);
  });

  it('a plan file carries the plan’s sources, file and text, and a source added later travels in a changes file', async () => {
    const { a, b, planId } = await sharedByFile();
    await addSource(a, planId, 'Migrationsverkets lägesrapport', 'Antalet anhöriginvandrare ökade.');
    await importFile(b, planId, (await changesFile(a, planId, b))!);
    const theirs = (await b.host.loadPlan({ planId })).sources ?? [];
    const ours = (await a.host.loadPlan({ planId })).sources ?? [];
    expect(theirs.map((s) => s.name)).toEqual(ours.map((s) => s.name));
    expect(theirs.map((s) => sourceText(docFrom(s.update)).toString())).toEqual(['Antalet anhöriginvandrare ökade.']);
    // And a whole-plan file written now holds it too.
    const c = await peer(cecilia.open(), 'Cecilia Dahl', 'jamy');
    await importFile(c, null, await planFile(a, planId));
    expect(((await c.host.loadPlan({ planId })).sources ?? []).map((s) => sourceText(docFrom(s.update)).toString())).toEqual(['Antalet anhöriginvandrare ökade.']);
  });

  it('offline edits on both sides meet after one file each way, and both writers’ words are there', async () => {
    const { a, b, planId } = await sharedByFile();
    await writeChapter(a.host, planId, ['Inledning.', 'Annas stycke.']);
    await writeChapter(b.host, planId, ['Inledning.', 'Björns stycke.']);
    await comment(b, planId, 'Ska vi nämna SFI?');

    const fromB = await changesFile(b, planId, a);
    const imported = await importFile(a, planId, fromB!);
    expect(imported.ready.sender).toMatchObject({ name: 'Björn Berg', agency: 'fk' });
    const [chapter] = imported.ready.preview.chapters;
    expect(chapter).toMatchObject({ newComments: 1, charactersAdded: expect.any(Number) });
    expect(chapter!.charactersAdded).toBeGreaterThan(0);
    expect(chapter!.authors.map((x) => x.name)).toEqual(['Björn Berg']);

    await importFile(b, planId, (await changesFile(a, planId, b))!);

    const texts = await paragraphsOf(a.host, planId);
    expect(await paragraphsOf(b.host, planId)).toEqual(texts);
    expect(texts).toContain('Annas stycke.');
    expect(texts).toContain('Björns stycke.');
    expect(await commentsOf(a.host, planId)).toEqual(['Björn Berg: Ska vi nämna SFI?']);
    expect(await commentsOf(b.host, planId)).toEqual(['Björn Berg: Ska vi nämna SFI?']);
    expect(await planState(b.host, planId)).toEqual(await planState(a.host, planId));
  });

  it('importing the same file twice changes nothing the second time', async () => {
    const { a, b, planId } = await sharedByFile();
    await writeChapter(b.host, planId, ['Inledning.', 'Björns stycke.']);
    const file = (await changesFile(b, planId, a))!;
    await importFile(a, planId, file);
    const after = await planState(a.host, planId);
    const again = await importFile(a, planId, file);
    expect(again.ready.preview.nothingNew).toBe(true);
    expect(again.outcome.updates).toEqual([]);
    expect(await planState(a.host, planId)).toEqual(after);
  });

  it('files imported in the opposite order give the same plan', async () => {
    const { a, b, planId } = await sharedByFile();
    await writeChapter(b.host, planId, ['Inledning.', 'Första.']);
    const first = (await changesFile(b, planId, a))!;
    await writeChapter(b.host, planId, ['Inledning.', 'Första.', 'Andra.']);
    await comment(b, planId, 'Andra filen');
    const second = (await changesFile(b, planId, a))!;

    await importFile(a, planId, second);
    await importFile(a, planId, first);
    expect(await paragraphsOf(a.host, planId)).toEqual(['Inledning.', 'Första.', 'Andra.']);
    expect(await planState(a.host, planId)).toEqual(await planState(b.host, planId));
  });

  it('a deletion alone is a change to send, though it leaves the state vector as it was', async () => {
    const { a, b, planId } = await sharedByFile();
    const before = Y.encodeStateVector((await chapterDoc(b.host, planId)).doc);
    await writeChapter(b.host, planId, ['Inledning']);
    expect(Y.encodeStateVector((await chapterDoc(b.host, planId)).doc)).toEqual(before);
    const file = await changesFile(b, planId, a);
    expect(file).not.toBeNull();
    await importFile(a, planId, file!);
    expect(await paragraphsOf(a.host, planId)).toEqual(['Inledning']);
  });

  it('nothing new to send when the other side is known to have it all', async () => {
    const { a, b, planId } = await sharedByFile();
    // The plan file told Björn what Anna has, and he has written nothing since.
    expect(await changesFile(b, planId, a)).toBeNull();
    await writeChapter(b.host, planId, ['Inledning.', 'Björn.']);
    await importFile(a, planId, (await changesFile(b, planId, a))!);
    // Björn's file said what he has: Anna has nothing he lacks.
    expect(await changesFile(a, planId, b)).toBeNull();
  });

  it('the answer carries only what the other side lacks', async () => {
    const { a, b, planId } = await sharedByFile();
    const long = 'Ett långt stycke. '.repeat(2000);
    await writeChapter(a.host, planId, ['Inledning.', long]);
    await importFile(b, planId, (await changesFile(a, planId, null))!);
    await writeChapter(b.host, planId, ['Inledning.', long, 'Kort.']);
    // Björn's file tells Anna what he has; her answer need not repeat the long paragraph.
    await importFile(a, planId, (await changesFile(b, planId, a))!);
    await writeChapter(a.host, planId, ['Inledning.', long, 'Kort.', 'Svar.']);
    const answer = (await changesFile(a, planId, b))!;
    expect(answer.length).toBeLessThan(long.length / 4);
    await importFile(b, planId, answer);
    expect(await paragraphsOf(b.host, planId)).toEqual(['Inledning.', long, 'Kort.', 'Svar.']);
  });
});

describe('three agencies exchanging only by files', () => {
  const dirs = [useDataDir(), useDataDir(), useDataDir()];

  it('converge, and each writer’s paragraph and comment is in every copy', async () => {
    const a = await peer(dirs[0]!.open(), 'Anna Ek', 'af');
    const b = await peer(dirs[1]!.open(), 'Björn Berg', 'fk');
    const c = await peer(dirs[2]!.open(), 'Cecilia Dahl', 'jamy');
    const plan = await a.host.createPlan({ title: 'Handlingsplan' });
    const planId = plan.id;
    const whole = await planFile(a, planId);
    await importFile(b, null, whole);
    await importFile(c, null, whole);

    await writeChapter(a.host, planId, ['', 'Anna skriver.']);
    await writeChapter(b.host, planId, ['', 'Björn skriver.']);
    await writeChapter(c.host, planId, ['', 'Cecilia skriver.']);
    await comment(b, planId, 'Björns fråga');
    await comment(c, planId, 'Cecilias fråga');

    // A ring: B → A, C → B, A → C, then once more around, so every change
    // reaches every computer through someone else (relayed files).
    for (let round = 0; round < 2; round++) {
      await importFile(a, planId, (await changesFile(b, planId, a)) ?? (await changesFile(b, planId, null))!);
      await importFile(b, planId, (await changesFile(c, planId, b)) ?? (await changesFile(c, planId, null))!);
      await importFile(c, planId, (await changesFile(a, planId, c)) ?? (await changesFile(a, planId, null))!);
    }

    const texts = await paragraphsOf(a.host, planId);
    expect(await paragraphsOf(b.host, planId)).toEqual(texts);
    expect(await paragraphsOf(c.host, planId)).toEqual(texts);
    for (const written of ['Anna skriver.', 'Björn skriver.', 'Cecilia skriver.']) expect(texts.join('\n')).toContain(written);
    const comments = ['Björn Berg: Björns fråga', 'Cecilia Dahl: Cecilias fråga'];
    for (const p of [a, b, c]) expect(await commentsOf(p.host, planId)).toEqual(comments);
    expect(await planState(b.host, planId)).toEqual(await planState(a.host, planId));
    expect(await planState(c.host, planId)).toEqual(await planState(a.host, planId));
  });
});

describe('files that are refused, and leave the plan as it was', () => {
  const anna = useDataDir();
  const björn = useDataDir();

  async function pair(): Promise<{ a: Peer; b: Peer; planId: string; file: Uint8Array }> {
    const a = await peer(anna.open(), 'Anna Ek', 'af');
    const b = await peer(björn.open(), 'Björn Berg', 'fk');
    const plan = await a.host.createPlan({ title: 'Handlingsplan' });
    await importFile(b, null, await planFile(a, plan.id));
    await writeChapter(b.host, plan.id, ['Björns text.']);
    // Anna trusts Björn's key from his first file (a plan with no server).
    await comment(b, plan.id, 'Första');
    await importFile(a, plan.id, (await changesFile(b, plan.id, a))!);
    await writeChapter(b.host, plan.id, ['Björns text.', 'Mer.']);
    return { a, b, planId: plan.id, file: (await changesFile(b, plan.id, a))! };
  }

  async function expectRefused(a: Peer, planId: string, data: Uint8Array, problem: string): Promise<void> {
    const before = await planState(a.host, planId);
    const choice = await inspect(a, planId, data);
    expect(choice).toMatchObject({ outcome: 'refused', refusal: { problem } });
    expect(await planState(a.host, planId)).toEqual(before);
  }

  it('one flipped byte anywhere in the file: refused as tampered or damaged', async () => {
    const { a, planId, file } = await pair();
    for (const at of [20, Math.floor(file.length / 2), file.length - 70, file.length - 1]) {
      const tampered = file.slice();
      tampered[at]! ^= 0x01;
      const choice = await inspect(a, planId, tampered);
      expect(choice.outcome).toBe('refused');
      if (choice.outcome === 'refused') expect(['bad-signature', 'damaged']).toContain(choice.refusal.problem);
    }
    await expectRefused(a, planId, (() => {
      const t = file.slice();
      t[file.length - 1]! ^= 0x01;
      return t;
    })(), 'bad-signature');
  });

  it('a truncated file is refused as damaged', async () => {
    const { a, planId, file } = await pair();
    await expectRefused(a, planId, file.subarray(0, file.length - 10), 'damaged');
    await expectRefused(a, planId, file.subarray(0, 12), 'damaged');
  });

  it('a file that is not an exchange file at all, and a huge one, are refused', async () => {
    const { a, planId } = await pair();
    await expectRefused(a, planId, new TextEncoder().encode('%PDF-1.7 not a plan'), 'not-exchange-file');
    await expectRefused(a, planId, new Uint8Array(17 * 1024 * 1024), 'too-large');
  });

  it('a file signed with another key under the same member id is refused', async () => {
    const { a, planId, file } = await pair();
    await expectRefused(a, planId, forged(file), 'key-mismatch');
  });

  it('a validly signed file whose update hangs the Yjs decoder (yjs#687) is stopped by the worker’s time limit', async () => {
    const { a, planId, file } = await pair();
    // A stranger's first file on a plan without a server is trusted on first
    // use, so only the worker stands between these bytes and the app.
    const hang = new Uint8Array(Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'));
    const hostile = forged(file, { memberId: '0b6f3c0e-5a7d-4e8f-9a1b-2c3d4e5f6a7b', name: 'Okänd' }, (content) => ({
      ...content,
      docs: content.docs.map((doc, i) => (i === 0 ? { ...doc, update: hang } : doc)),
    }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const started = Date.now();
    await expectRefused(a, planId, hostile, 'too-costly');
    clearInterval(timer);
    expect(Date.now() - started).toBeLessThan(15_000);
    // The app's own thread kept running while the worker spun.
    expect(ticks).toBeGreaterThan(10);
  });

  it('an empty update (yjs#498) and a run-length bomb (yjs#687) in a signed file are refused as damaged', async () => {
    const { a, planId, file } = await pair();
    const withUpdate = (update: Uint8Array): Uint8Array =>
      forged(file, { memberId: '0b6f3c0e-5a7d-4e8f-9a1b-2c3d4e5f6a7b', name: 'Okänd' }, (content) => ({ ...content, docs: content.docs.map((doc, i) => (i === 0 ? { ...doc, update } : doc)) }));
    await expectRefused(a, planId, withUpdate(new Uint8Array(0)), 'damaged');
    await expectRefused(a, planId, withUpdate(Y.convertUpdateFormatV1ToV2(runLengthBomb())), 'damaged');
  });

  it('a file for another plan is refused', async () => {
    const { a, planId, file } = await pair();
    const other = await a.host.createPlan({ title: 'En annan plan' });
    await expectRefused(a, other.id, file, 'other-plan');
    void planId;
  });
});
