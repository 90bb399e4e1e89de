/**
 * The XML reader for the parts of a Word file that our own OOXML pass reads
 * (document.xml, comments.xml, commentsExtended.xml), and the writer that
 * puts a rewritten document.xml back for mammoth.
 *
 * A .docx comes from outside, so the reader refuses what no Word file needs
 * and an attacker does: any DOCTYPE (the only way to declare entities, so no
 * external entity is ever fetched (XXE) and no entity is ever expanded
 * (billion laughs)), elements nested deeper than `MAX_XML_DEPTH`, and more
 * than `MAX_XML_ELEMENTS` elements. saxes (ISC) itself resolves only the five
 * predefined entities and character references, and throws on any other.
 */
import { SaxesParser } from 'saxes';

/** Word nests tables in tables, runs in hyperlinks in fields; 200 is far beyond any real document. */
export const MAX_XML_DEPTH = 200;
/** A 300-page document.xml has a few hundred thousand elements. */
export const MAX_XML_ELEMENTS = 3_000_000;

export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlNode[];
}

export type XmlNode = XmlElement | string;

/** Why an XML part was refused: `hostile` for what only a crafted file does, `damaged` for what is not well-formed. */
export class XmlRefusal extends Error {
  readonly reason: 'hostile' | 'damaged';

  constructor(reason: 'hostile' | 'damaged', message: string) {
    super(message);
    this.name = 'XmlRefusal';
    this.reason = reason;
  }
}

/** Parses `text` into an element tree (names as written, prefixes included). */
export function parseXml(text: string, part: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const root: XmlElement = { name: '#root', attributes: {}, children: [] };
  const stack: XmlElement[] = [root];
  let elements = 0;
  let refusal: XmlRefusal | null = null;
  parser.on('doctype', () => {
    refusal ??= new XmlRefusal('hostile', `${part} declares a DOCTYPE, which no Word file has`);
  });
  parser.on('opentag', (tag) => {
    if (refusal !== null) return;
    elements++;
    if (stack.length > MAX_XML_DEPTH) refusal = new XmlRefusal('hostile', `${part} nests elements deeper than ${MAX_XML_DEPTH}`);
    else if (elements > MAX_XML_ELEMENTS) refusal = new XmlRefusal('hostile', `${part} has more than ${MAX_XML_ELEMENTS} elements`);
    const element: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [] };
    stack.at(-1)?.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    if (stack.length > 1) stack.pop();
  });
  const addText = (value: string): void => {
    if (refusal === null && stack.length > 1) stack.at(-1)?.children.push(value);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    // Fed in slices so that a refusal stops the work early instead of after the whole part.
    const slice = 1 << 20;
    for (let start = 0; start < text.length && refusal === null; start += slice) parser.write(text.slice(start, start + slice));
    if (refusal === null) parser.close();
  } catch (error) {
    if (refusal !== null) throw refusal;
    throw new XmlRefusal('damaged', `${part} is not well-formed XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (refusal !== null) throw refusal;
  const top = root.children.find((child): child is XmlElement => typeof child !== 'string');
  if (top === undefined) throw new XmlRefusal('damaged', `${part} has no root element`);
  return top;
}

/** Writes a tree back as XML text, with the declaration Word writes. */
export function writeXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'];
  const write = (node: XmlNode): void => {
    if (typeof node === 'string') {
      out.push(escapeText(node));
      return;
    }
    out.push('<', node.name);
    for (const [name, value] of Object.entries(node.attributes)) out.push(' ', name, '="', escapeAttribute(value), '"');
    if (node.children.length === 0) {
      out.push('/>');
      return;
    }
    out.push('>');
    for (const child of node.children) write(child);
    out.push('</', node.name, '>');
  };
  write(root);
  return out.join('');
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== 'string' && (name === undefined || child.name === name));
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return childElements(element, name)[0];
}

/** The text of every `w:t` (or `w:delText`) under `element`, paragraphs separated by newlines. */
export function wordText(element: XmlElement): string {
  const parts: string[] = [];
  const visit = (node: XmlElement): void => {
    for (const child of node.children) {
      if (typeof child === 'string') {
        if (node.name === 'w:t' || node.name === 'w:delText') parts.push(child);
        continue;
      }
      if (child.name === 'w:p' && parts.length > 0) parts.push('\n');
      else if (child.name === 'w:br' || child.name === 'w:cr') parts.push('\n');
      else if (child.name === 'w:tab') parts.push('\t');
      visit(child);
    }
  };
  visit(element);
  return parts.join('');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
