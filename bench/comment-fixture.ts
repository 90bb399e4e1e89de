/**
 * Builds the comment benchmark's plan in a data folder, through the real
 * HostService, as the app would have stored it: one chapter of about
 * `pages` pages (real prose from a trace's final text, with a heading every
 * 20 paragraphs) and `threads` comment threads, `overlapping` of which
 * share text with another thread. Threads have one to three messages from
 * different agencies, and every fifth is resolved.
 *
 * Deterministic for a given seed, so runs compare like with like.
 */
import { Fragment, type Mark, type Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import { AGENCY_CODES } from '../shared/agencies/agencies.ts';
import { writeChapterDoc } from '../shared/chapter-text/chapter-text.ts';
import { chapterDocName } from '../shared/plan/doc-names.ts';
import { localRole, type Member } from '../shared/plan/member.ts';
import { createThread, replyToThread, resolveThread } from '../shared/comments/threads.ts';
import { schema } from '../shared/schema/schema.ts';
import { HostService } from '../src-main/host/host-service.ts';
import { seededRandom } from '../tests/support/seeded-random.ts';

/** Characters of text on one printed page (A4, 11 pt, about 450 words). */
export const CHARS_PER_PAGE = 3_000;

export interface FixtureOptions {
  readonly dataDir: string;
  readonly prose: readonly string[];
  readonly pages: number;
  readonly threads: number;
  readonly overlapping: number;
  readonly seed: number;
}

export interface Fixture {
  readonly planId: string;
  readonly chapterId: string;
  readonly chapterTitle: string;
  readonly paragraphs: number;
  readonly characters: number;
  readonly threads: number;
  readonly openThreads: number;
  readonly overlapping: number;
  readonly lastParagraphText: string;
  readonly chapterStateBytes: number;
}

export const FIXTURE_CHAPTER_TITLE = 'Hundra sidor';

export async function buildCommentFixture(options: FixtureOptions): Promise<Fixture> {
  const random = seededRandom(options.seed);
  const host = new HostService(options.dataDir);
  try {
    const plan = await host.createPlan({ title: `Kommentarsbenchmark ${options.threads} trådar` });
    const loaded = await host.loadPlan({ planId: plan.id });
    const manifest = new Y.Doc();
    Y.applyUpdate(manifest, loaded.manifest.update);
    const chapterEntry = [...manifest.getMap('chapters').entries()][0];
    if (!chapterEntry) throw new Error('The new plan has no chapter.');
    const chapterId = chapterEntry[0];
    const before = Y.encodeStateVector(manifest);
    (chapterEntry[1] as Y.Map<unknown>).set('title', FIXTURE_CHAPTER_TITLE);
    await host.saveUpdate({ docName: `plan/${plan.id}`, update: Y.encodeStateAsUpdate(manifest, before) });

    const stored = loaded.chapters.find((c) => c.name === chapterDocName(plan.id, chapterId));
    if (!stored) throw new Error('The new chapter has no stored doc.');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.update);
    const chapterBefore = Y.encodeStateVector(doc);

    const texts = proseParagraphs(options.prose, options.pages * CHARS_PER_PAGE);
    const anchors = chooseAnchors(texts, options.threads, options.overlapping, random);
    const pmDoc = buildDoc(texts, anchors);
    writeChapterDoc(doc, pmDoc);

    const members: Member[] = AGENCY_CODES.map((agency, i) => ({ memberId: `member-${i}`, name: `Handläggare ${agency.toUpperCase()}`, agency, role: localRole(agency) }));
    const coordinator = members.find((m) => m.role === 'coordinator')!;
    let openThreads = 0;
    anchors.forEach((anchor, i) => {
      const author = members[i % members.length]!;
      createThread(doc, author, {
        id: anchor.threadId,
        messageId: `${anchor.threadId}-m0`,
        text: `Stämmer detta? Tråd ${i + 1}.`,
        quote: texts[anchor.paragraph]!.slice(anchor.from, anchor.to),
        assignedAgency: AGENCY_CODES[(i + 2) % AGENCY_CODES.length]!,
        at: new Date(Date.UTC(2026, 10, 1, 8, 0, i)).toISOString(),
      });
      const replies = Math.floor(random() * 3);
      for (let r = 1; r <= replies; r++) {
        replyToThread(doc, members[(i + r) % members.length]!, anchor.threadId, { id: `${anchor.threadId}-m${r}`, text: `Svar ${r}: vi ser över formuleringen.` });
      }
      if (i % 5 === 4) resolveThread(doc, coordinator, anchor.threadId);
      else openThreads++;
    });
    await host.saveUpdate({ docName: stored.name, update: Y.encodeStateAsUpdate(doc, chapterBefore) });
    await host.setPreferences({ lastPlanId: plan.id, name: 'Benchmark', agency: 'sos' });
    return {
      planId: plan.id,
      chapterId,
      chapterTitle: FIXTURE_CHAPTER_TITLE,
      paragraphs: pmDoc.childCount,
      characters: texts.reduce((n, t) => n + t.length, 0),
      threads: anchors.length,
      openThreads,
      overlapping: anchors.filter((a) => a.overlaps).length,
      lastParagraphText: texts[texts.length - 1]!,
      chapterStateBytes: Y.encodeStateAsUpdate(doc).length,
    };
  } finally {
    host.close();
  }
}

interface Anchor {
  readonly threadId: string;
  readonly paragraph: number;
  readonly from: number;
  readonly to: number;
  readonly overlaps: boolean;
}

/** Paragraphs of real prose, repeated until the text reaches `chars`. */
function proseParagraphs(prose: readonly string[], chars: number): string[] {
  const source = prose.map((p) => p.trim()).filter((p) => p.length >= 40);
  if (source.length === 0) throw new Error('The prose source has no paragraphs of 40 characters or more.');
  const result: string[] = [];
  let total = 0;
  for (let i = 0; total < chars; i++) {
    const text = source[i % source.length]!;
    result.push(text);
    total += text.length;
  }
  return result;
}

/** Spreads the threads evenly; an overlapping one shares the middle of the previous thread's text. */
function chooseAnchors(texts: readonly string[], threads: number, overlapping: number, random: () => number): Anchor[] {
  const anchors: Anchor[] = [];
  const overlapEvery = overlapping > 0 ? Math.floor(threads / overlapping) : Infinity;
  for (let i = 0; i < threads; i++) {
    const threadId = `thread-${String(i).padStart(4, '0')}`;
    const previous = anchors[anchors.length - 1];
    if (previous && overlapping > 0 && i % overlapEvery === overlapEvery - 1 && anchors.filter((a) => a.overlaps).length < overlapping) {
      const mid = Math.floor((previous.from + previous.to) / 2);
      const length = texts[previous.paragraph]!.length;
      anchors.push({ threadId, paragraph: previous.paragraph, from: mid, to: Math.min(length, mid + (previous.to - previous.from)), overlaps: true });
      continue;
    }
    const paragraph = Math.min(texts.length - 1, Math.floor(((i + random()) / threads) * texts.length));
    const length = texts[paragraph]!.length;
    const from = Math.floor(random() * Math.max(1, length - 30));
    anchors.push({ threadId, paragraph, from, to: Math.min(length, from + 15 + Math.floor(random() * 40)), overlaps: false });
  }
  return anchors;
}

function buildDoc(texts: readonly string[], anchors: readonly Anchor[]): PMNode {
  const byParagraph = new Map<number, Anchor[]>();
  for (const anchor of anchors) byParagraph.set(anchor.paragraph, [...(byParagraph.get(anchor.paragraph) ?? []), anchor]);
  const blocks: PMNode[] = [];
  texts.forEach((text, index) => {
    if (index % 20 === 0) blocks.push(schema.nodes.heading.create({ level: 2 }, schema.text(`Avsnitt ${index / 20 + 1}`)));
    blocks.push(schema.nodes.paragraph.create(null, markedText(text, byParagraph.get(index) ?? [])));
  });
  return schema.topNodeType.create(null, Fragment.fromArray(blocks));
}

/** The paragraph's text, cut at every anchor edge so each piece carries the marks of the threads covering it. */
function markedText(text: string, anchors: readonly Anchor[]): PMNode[] {
  const cuts = new Set([0, text.length]);
  for (const a of anchors) {
    cuts.add(a.from);
    cuts.add(a.to);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const nodes: PMNode[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    if (to <= from) continue;
    const marks: Mark[] = anchors.filter((a) => a.from <= from && a.to >= to).map((a) => schema.marks.comment.create({ threadId: a.threadId }));
    nodes.push(schema.text(text.slice(from, to), marks));
  }
  return nodes;
}
