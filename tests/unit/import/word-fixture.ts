/**
 * Real .docx files for the import tests, written by the `docx` package (the
 * same library the export uses, and a real OOXML writer): headings, nested
 * lists, a table, bold and italic, a link, a comment with a reply, a tracked
 * insertion and a tracked deletion.
 */
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';

export const ANNA = 'Anna Svensson';
export const OMAR = 'Omar Said';
export const COMMENT_DATE = new Date('2026-03-03T09:30:00Z');

export async function richWordFile(): Promise<Uint8Array> {
  const document = new Document({
    comments: {
      children: [
        { id: 0, author: ANNA, initials: 'AS', date: COMMENT_DATE, children: [new Paragraph('Stämmer siffran?')] },
        { id: 1, parentId: 0, author: OMAR, initials: 'OS', date: new Date('2026-03-04T10:00:00Z'), children: [new Paragraph('Ja, enligt SCB.')] },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'numbers',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.' },
            { level: 1, format: LevelFormat.DECIMAL, text: '%2.' },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Migrationsverkets åtgärder', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('Vi ska '),
              new TextRun({ text: 'korta', bold: true }),
              new TextRun(' väntetiderna och '),
              new TextRun({ text: 'förbättra', italics: true }),
              new TextRun(' '),
              new ExternalHyperlink({ link: 'https://www.migrationsverket.se', children: [new TextRun({ text: 'informationen', style: 'Hyperlink' })] }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ text: 'Mål', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({
            children: [
              new TextRun('Andelen i arbete är '),
              // Word gives a reply the same range as the comment it answers.
              new CommentRangeStart(0),
              new CommentRangeStart(1),
              new TextRun('42 procent'),
              new CommentRangeEnd(0),
              new TextRun({ children: [new CommentReference(0)] }),
              new CommentRangeEnd(1),
              new TextRun({ children: [new CommentReference(1)] }),
              new TextRun(' i dag.'),
            ],
          }),
          new Paragraph({ text: 'Språkstöd', bullet: { level: 0 } }),
          new Paragraph({ text: 'Yrkessvenska', bullet: { level: 1 } }),
          new Paragraph({ text: 'Mentorer', bullet: { level: 0 } }),
          new Paragraph({ text: 'Kartlägg', numbering: { reference: 'numbers', level: 0 } }),
          new Paragraph({ text: 'Matcha', numbering: { reference: 'numbers', level: 0 } }),
          new Table({
            rows: [
              new TableRow({ children: [new TableCell({ children: [new Paragraph('Åtgärd')] }), new TableCell({ children: [new Paragraph('Ansvar')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('Praktik')] }), new TableCell({ children: [new Paragraph('AF')] })] }),
            ],
          }),
          new Paragraph({
            children: [
              new TextRun('Insatsen börjar '),
              new InsertedTextRun({ text: 'redan ', id: 10, author: ANNA, date: '2026-03-05T08:00:00Z' }),
              new TextRun('i '),
              new DeletedTextRun({ text: 'juni', id: 11, author: OMAR, date: '2026-03-06T08:00:00Z' }),
              new TextRun('maj.'),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/** A paragraph whose formatting Anna changed with tracking on: one run made bold, one made not italic. */
export async function formatChangeWordFile(): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            children: [
              new TextRun('Det här är '),
              new TextRun({ text: 'nu fet', bold: true, revision: { id: 30, author: ANNA, date: '2026-03-07T08:00:00Z', bold: false } }),
              new TextRun(' och '),
              new TextRun({ text: 'inte längre kursiv', revision: { id: 31, author: ANNA, date: '2026-03-07T08:00:00Z', italics: true } }),
              new TextRun('.'),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
