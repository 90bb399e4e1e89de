/**
 * Loads an editing trace in the ../shared/traces format and turns it into
 * ProseMirror edits of a document made only of paragraphs.
 *
 * The format (gzipped JSON): `{ startContent, endContent, txns: [{ patches:
 * [[pos, deleteCount, insertedText]] }] }`. Patches are applied in order, each
 * to the text left by the one before. Positions and counts are Unicode code
 * points; `\n` is a paragraph break.
 *
 * Guarantees
 * - `compileTrace` replays the whole trace on its own model of the text first
 *   and throws unless the result is exactly `endContent`, so a wrong position
 *   mapping is caught before any browser is started.
 * - Every `ReplayOp` is one patch: replace the ProseMirror range
 *   `[from, to)` by `text`, where `\n` in `text` splits the paragraph. `from`
 *   and `to` are positions in a doc whose children are exactly the
 *   paragraphs of the current text (position of code point `i` in
 *   paragraph-flat text = UTF-16 offset + paragraphs before it + 1).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export type Patch = readonly [pos: number, deleteCount: number, inserted: string];

export interface Trace {
  readonly startContent: string;
  readonly endContent: string;
  readonly txns: readonly { readonly patches: readonly Patch[] }[];
}

/** Replace ProseMirror range [from, to) by `text` (`\n` = paragraph break). */
export type ReplayOp = readonly [from: number, to: number, text: string];

export interface CompiledTrace {
  /** Paragraphs of `startContent`, loaded before the measured replay. */
  readonly startParagraphs: readonly string[];
  readonly ops: readonly ReplayOp[];
  readonly endContent: string;
  readonly endParagraphs: readonly string[];
  readonly txnCount: number;
}

/** Reads and checks a trace file (gzipped JSON, or plain JSON if not gzipped). */
export function loadTrace(path: string): Trace {
  const raw = readFileSync(path);
  const isGzip = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  const data: unknown = JSON.parse((isGzip ? gunzipSync(raw) : raw).toString('utf8'));
  return checkTrace(data, path);
}

function checkTrace(data: unknown, path: string): Trace {
  const fail = (why: string): never => {
    throw new Error(`${path} is not an editing trace: ${why}`);
  };
  if (typeof data !== 'object' || data === null) return fail('not a JSON object');
  const { startContent, endContent, txns } = data as Record<string, unknown>;
  if (typeof startContent !== 'string') fail('startContent is not a string');
  if (typeof endContent !== 'string') fail('endContent is not a string');
  if (!Array.isArray(txns)) return fail('txns is not an array');
  txns.forEach((txn: unknown, t) => {
    const patches = (txn as { patches?: unknown } | null)?.patches;
    if (!Array.isArray(patches)) fail(`txns[${t}].patches is not an array`);
    (patches as unknown[]).forEach((patch, p) => {
      if (
        !Array.isArray(patch) ||
        patch.length !== 3 ||
        !Number.isSafeInteger(patch[0]) ||
        !Number.isSafeInteger(patch[1]) ||
        typeof patch[2] !== 'string' ||
        patch[0] < 0 ||
        patch[1] < 0
      ) {
        fail(`txns[${t}].patches[${p}] is not [pos, deleteCount, text]`);
      }
    });
  });
  return data as Trace;
}

/**
 * Compiles a trace to ProseMirror edits and checks that they reproduce
 * `endContent`. With `limit`, only the first `limit` patches are kept and
 * `endContent` becomes the text they produce (the whole trace is still
 * checked).
 */
export function compileTrace(trace: Trace, limit = Infinity): CompiledTrace {
  const text = new ParagraphText(trace.startContent);
  const ops: ReplayOp[] = [];
  let limitedEnd: string | null = null;
  let txnCount = 0;
  trace.txns.forEach((txn, t) => {
    if (ops.length < limit) txnCount++;
    txn.patches.forEach(([pos, del, ins], p) => {
      let op: ReplayOp;
      try {
        op = text.apply(pos, del, ins);
      } catch (error) {
        throw new Error(`txns[${t}].patches[${p}] [${pos}, ${del}, …]: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (ops.length < limit) {
        ops.push(op);
        if (ops.length === limit) limitedEnd = text.toString();
      }
    });
  });
  const result = text.toString();
  if (result !== trace.endContent) {
    throw new Error(`Applying the patches does not give endContent (first difference at UTF-16 offset ${firstDifference(result, trace.endContent)}); the trace is inconsistent.`);
  }
  const endContent = limitedEnd ?? trace.endContent;
  return {
    startParagraphs: trace.startContent.split('\n'),
    ops,
    endContent,
    endParagraphs: endContent.split('\n'),
    txnCount,
  };
}

/** The text as paragraphs, with code-point lengths kept beside the UTF-16 strings. */
class ParagraphText {
  readonly #paras: string[];
  readonly #codePoints: number[];

  constructor(text: string) {
    this.#paras = text.split('\n');
    this.#codePoints = this.#paras.map(codePointLength);
  }

  /** Applies one patch and returns it as a ProseMirror edit of the text before it. */
  apply(pos: number, del: number, ins: string): ReplayOp {
    const start = this.#locate(pos);
    const end = del === 0 ? start : this.#locate(pos + del);
    const head = this.#paras[start.index]!.slice(0, start.offset);
    const tail = this.#paras[end.index]!.slice(end.offset);
    const parts = ins.split('\n');
    parts[0] = head + parts[0]!;
    parts[parts.length - 1] += tail;
    this.#paras.splice(start.index, end.index - start.index + 1, ...parts);
    this.#codePoints.splice(start.index, end.index - start.index + 1, ...parts.map(codePointLength));
    return [start.pmPos, end.pmPos, ins];
  }

  toString(): string {
    return this.#paras.join('\n');
  }

  /**
   * Paragraph, UTF-16 offset in it and ProseMirror position of code point
   * `pos`. A position at a paragraph's end (just before its `\n`) belongs to
   * that paragraph; the one after the `\n` to the next.
   */
  #locate(pos: number): { index: number; offset: number; pmPos: number } {
    let rest = pos;
    let before = 0; // ProseMirror size of the paragraphs before this one
    for (let index = 0; index < this.#paras.length; index++) {
      const para = this.#paras[index]!;
      const length = this.#codePoints[index]!;
      if (rest <= length) {
        const offset = length === para.length ? rest : utf16Offset(para, rest);
        return { index, offset, pmPos: before + 1 + offset };
      }
      rest -= length + 1;
      before += para.length + 2;
    }
    throw new Error(`position ${pos} is past the end of the text`);
  }
}

function codePointLength(text: string): number {
  let pairs = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  return text.length - pairs;
}

/** UTF-16 offset of the `codePoints`-th code point of `text`. */
function utf16Offset(text: string, codePoints: number): number {
  let offset = 0;
  for (let n = 0; n < codePoints; n++) {
    offset += isHighSurrogate(text.charCodeAt(offset)) && isLowSurrogate(text.charCodeAt(offset + 1)) ? 2 : 1;
  }
  return offset;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function firstDifference(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}
