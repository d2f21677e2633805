import { describe, expect, it } from 'vitest';
import { readXlsxRows } from './build-xlsx.js';

/*
 * The sheet scanner reads rows and cells written the usual way through byte-level fast paths
 * (cell-tag.ts) and everything else through its general, text-based path. Each case here is read
 * in the usual shape and in shapes only the general path reads, and must give the same result.
 */

const SHARED = ['zero', '  one  ', 'São Paulo'];
const STYLES =
  '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>';

/** A cell: its attributes other than r (name, value), its content, and its expected text. */
interface CellCase {
  readonly attributes: readonly (readonly [string, string])[];
  readonly content: string | null;
  readonly text: string | undefined;
}

const str = (value: string, text: string | undefined): CellCase => ({
  attributes: [['t', 'str']],
  content: `<v>${value}</v>`,
  text,
});

const CASES: readonly CellCase[] = [
  { attributes: [['t', 's']], content: '<v>0</v>', text: 'zero' },
  { attributes: [['t', 's']], content: '<v>1</v>', text: 'one' },
  { attributes: [['t', 's']], content: '<v>2</v>', text: 'São Paulo' },
  { attributes: [['t', 's']], content: '<v></v>', text: 'zero' },
  { attributes: [['t', 's']], content: null, text: undefined },
  str('plain', 'plain'),
  str('', undefined),
  str('  padded\t', 'padded'),
  str('a &amp; b &#233;', 'a & b é'),
  str('line\r\nend', 'line\nend'),
  str('a_x000D_b', 'a\rb'),
  str('snake_case x_y', 'snake_case x_y'),
  str('Zürich 東京', 'Zürich 東京'),
  str('<![CDATA[<raw> & ]]>', '<raw> &'),
  { attributes: [['t', 'inlineStr']], content: '<is><t>jdoe</t></is>', text: 'jdoe' },
  { attributes: [['t', 'inlineStr']], content: '<is><t> jdoe </t></is>', text: 'jdoe' },
  { attributes: [['t', 'inlineStr']], content: '<is><t>Kraków</t></is>', text: 'Kraków' },
  { attributes: [['t', 'inlineStr']], content: '<is><t></t></is>', text: undefined },
  {
    attributes: [['t', 'inlineStr']],
    content: '<is><r><t>Ja</t></r><r><t xml:space="preserve">ne </t></r><r><t>Doe</t></r></is>',
    text: 'Jane Doe',
  },
  { attributes: [['t', 'inlineStr']], content: '<v>from v</v>', text: 'from v' },
  { attributes: [['t', 'b']], content: '<v>1</v>', text: 'true' },
  { attributes: [['t', 'b']], content: '<v>0</v>', text: 'false' },
  { attributes: [['t', 'd']], content: '<v>2014-02-14T08:27:48Z</v>', text: '2014-02-14' },
  { attributes: [['t', 'n']], content: '<v>2134.0</v>', text: '2134' },
  { attributes: [], content: '<v>15551234567</v>', text: '15551234567' },
  { attributes: [], content: null, text: undefined },
  { attributes: [['s', '1']], content: '<v>44035</v>', text: '2020-07-23' },
  {
    attributes: [
      ['s', '1'],
      ['t', 'n'],
    ],
    content: '<v>44035</v>',
    text: '2020-07-23',
  },
  { attributes: [['s', '0']], content: '<v>44035</v>', text: '44035' },
  { attributes: [['t', 'str']], content: '<f>A1</f><v>cached</v>', text: 'cached' },
];

/** Ways to write a cell's start tag and content; only the first two are the fast path's. */
const SHAPES: Readonly<Record<string, (ref: string, cell: CellCase) => string>> = {
  'r first, double quotes': (ref, cell) => element('c', [['r', ref], ...cell.attributes], cell),
  'r last': (ref, cell) => element('c', [...cell.attributes, ['r', ref]], cell),
  'single quotes': (ref, cell) =>
    element('c', [['r', ref], ...cell.attributes], cell, { quote: "'" }),
  'spaces around =': (ref, cell) =>
    element('c', [['r', ref], ...cell.attributes], cell, { equals: ' = ' }),
  'line breaks between attributes and children': (ref, cell) =>
    element('c', [['r', ref], ...cell.attributes], cell, { space: '\n  ' }),
  'another attribute': (ref, cell) =>
    element('c', [['r', ref], ['cm', '1'], ...cell.attributes], cell),
  'namespace prefix': (ref, cell) =>
    element('x:c', [['r', ref], ...cell.attributes], cell, { prefix: 'x:' }),
};

function element(
  name: string,
  attributes: readonly (readonly [string, string])[],
  cell: CellCase,
  style: { quote?: string; equals?: string; space?: string; prefix?: string } = {},
): string {
  const { quote = '"', equals = '=', space = ' ', prefix = '' } = style;
  const written = attributes.map(
    ([key, value]) => `${space}${key}${equals}${quote}${value}${quote}`,
  );
  if (cell.content === null) {
    return `<${name}${written.join('')}/>`;
  }
  const content = cell.content.replace(/<(\/?)(v|f|is|t|r)([ >])/g, `<$1${prefix}$2$3`);
  const between = space === ' ' ? '' : space;
  return `<${name}${written.join('')}>${between}${content}${between}</${name}>`;
}

function sheetXml(rows: string, prefix: string): string {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return prefix === ''
    ? `<worksheet xmlns="${ns}"><sheetData>${rows}</sheetData></worksheet>`
    : `<x:worksheet xmlns:x="${ns}"><x:sheetData>${rows}</x:sheetData></x:worksheet>`;
}

describe('the usual cell shapes and the others read alike', () => {
  const expected = CASES.map((cell) => cell.text);

  it.each(Object.keys(SHAPES))('cells written with %s', async (shape) => {
    const write = SHAPES[shape];
    if (write === undefined) {
      throw new Error(shape);
    }
    const prefix = shape === 'namespace prefix' ? 'x:' : '';
    const cells = CASES.map((cell, index) => write(`${columnName(index)}4`, cell)).join('');
    const rows = await readXlsxRows({
      sheetXml: sheetXml(`<${prefix}row r="4" spans="1:30">${cells}</${prefix}row>`, prefix),
      sharedStrings: SHARED,
      stylesXml: STYLES,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.row).toBe(4);
    expect(rows[0]?.issues).toBeNull();
    expect(Array.from({ length: CASES.length }, (_unused, index) => rows[0]?.cells[index])).toEqual(
      expected,
    );
  });

  it('reports the same problems on both paths', async () => {
    const cells = (quote: string): string =>
      `<c r=${quote}A2${quote} t=${quote}s${quote}><v>9</v></c>` +
      `<c r=${quote}B2${quote} t=${quote}e${quote}><v>#N/A</v></c>` +
      `<c r=${quote}C2${quote} t=${quote}b${quote}><v>maybe</v></c>` +
      `<c r=${quote}D2${quote} t=${quote}str${quote}><f>A1</f></c>`;
    for (const quote of ['"', "'"]) {
      const rows = await readXlsxRows({ rows: `<row r="2">${cells(quote)}</row>` });
      expect(rows[0]?.issues?.map((issue) => [issue.column, issue.code])).toEqual([
        [0, 'unreadable-cell'],
        [1, 'error-cell'],
        [2, 'unreadable-cell'],
        [3, 'formula-without-value'],
      ]);
    }
  });
});

describe('rows are numbered alike on both paths', () => {
  it.each([
    ['<row r="3" spans="1:2" x14ac:dyDescent="0.25">', 3],
    ['<row>', 1],
    ["<row r='3'>", 3],
    ['<row  r="3">', 3],
    ['<row r="3"\n  spans="1:2">', 3],
    ['<row r="x">', 1],
    ['<row r="0">', 1],
    ['<row r="2.5">', 1],
    ['<row ht="15" r="3">', 3],
    ['<row rr="5">', 1],
  ])('%s is row %i', async (startTag, row) => {
    const rows = await readXlsxRows({
      rows: `${startTag}<c r="B${String(row)}"><v>1</v></c></row>`,
    });
    expect(rows.map((read) => [read.row, [...read.cells]])).toEqual([[row, [undefined, '1']]]);
  });

  it('follows a self-closing row and reads whitespace and comments between rows and cells', async () => {
    const rows = await readXlsxRows({
      rows: '\n  <row r="2"/>\n  <!-- note -->\n  <row>\n    <c><v>1</v></c>\n    <c r="C3" t="str"><v>x</v></c>\n  </row>\n',
    });
    expect(rows.map((read) => [read.row, [...read.cells]])).toEqual([[3, ['1', undefined, 'x']]]);
  });
});

describe('shared strings read alike on both paths', () => {
  /** Items as written, each with the text its cell must show; only plain `<si><t>` is fast. */
  const ITEMS: readonly (readonly [string, string | undefined])[] = [
    ['<si><t>plain</t></si>', 'plain'],
    ['<si><t></t></si>', undefined],
    ['<si><t/></si>', undefined],
    ['<si/>', undefined],
    ['<si><t>  padded  </t></si>', 'padded'],
    ['<si><t xml:space="preserve">  a  b  </t></si>', 'a  b'],
    ['<si><t>a &amp; b &#233;</t></si>', 'a & b é'],
    ['<si><t>Zürich 東京</t></si>', 'Zürich 東京'],
    ['<si><t>a_x000D_b</t></si>', 'a\rb'],
    ['<si><t>line\r\nend</t></si>', 'line\nend'],
    [
      '<si><r><t>Ja</t></r><r><t xml:space="preserve">ne </t></r><r><t>Doe</t></r></si>',
      'Jane Doe',
    ],
    ['<si><t>kanji</t><rPh sb="0" eb="1"><t>かんじ</t></rPh></si>', 'kanji'],
    ['<si>\n  <t>indented</t>\n</si>', 'indented'],
    ['<si><t>after</t></si><!-- a comment between items -->', 'after'],
  ];

  it('gives each item the text its cells show', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const cells = ITEMS.map(
      (_item, index) => `<c r="${columnName(index)}1" t="s"><v>${String(index)}</v></c>`,
    ).join('');
    const rows = await readXlsxRows({
      rows: `<row r="1">${cells}</row>`,
      sharedStringsXml: `<sst xmlns="${ns}">${ITEMS.map(([xml]) => xml).join('')}</sst>`,
    });
    expect(Array.from({ length: ITEMS.length }, (_unused, index) => rows[0]?.cells[index])).toEqual(
      ITEMS.map(([, text]) => text),
    );
  });
});

function columnName(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `A${String.fromCharCode(65 + index - 26)}`;
}
