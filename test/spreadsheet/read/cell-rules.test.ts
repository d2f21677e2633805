import { describe, expect, it } from 'vitest';
import { readXlsxRows, type XlsxSpec } from './build-xlsx.js';

/** The text of the single cell A1 of a sheet whose only row is `<row r="1">${cellXml}</row>`. */
async function cellA1(cellXml: string, spec: Omit<XlsxSpec, 'rows'> = {}): Promise<string> {
  const rows = await readXlsxRows({ ...spec, rows: `<row r="1">${cellXml}</row>` });
  return rows[0]?.cells[0] ?? '';
}

const DATE_STYLES =
  '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="&quot;day&quot; 0"/>' +
  '<numFmt numFmtId="166" formatCode="[$-409]mmmm\\ d,\\ yyyy"/><numFmt numFmtId="167" formatCode="h:mm"/></numFmts>' +
  '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>' +
  '<xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="20"/><xf numFmtId="22"/></cellXfs></styleSheet>';

describe('xlsx cell values become text (SPEC §3)', () => {
  it('reads shared strings by index, trimmed', async () => {
    expect(await cellA1('<c t="s"><v>1</v></c>', { sharedStrings: ['zero', '  one  '] })).toBe(
      'one',
    );
  });

  it('reads inline strings', async () => {
    expect(await cellA1('<c t="inlineStr"><is><t>jdoe</t></is></c>')).toBe('jdoe');
  });

  it('joins rich-text runs and drops phonetic runs', async () => {
    const sharedStringsXml =
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><rPr><b/></rPr><t>Ja</t></r>' +
      '<r><t xml:space="preserve">ne </t></r><r><t>Doe</t></r><rPh sb="0" eb="1"><t>ジェーン</t></rPh>' +
      '<phoneticPr fontId="1"/></si></sst>';
    expect(await cellA1('<c t="s"><v>0</v></c>', { sharedStringsXml })).toBe('Jane Doe');
  });

  it('keeps spaces marked xml:space="preserve" inside a value and trims the whole value', async () => {
    expect(await cellA1('<c t="inlineStr"><is><t xml:space="preserve">  a  b  </t></is></c>')).toBe(
      'a  b',
    );
  });

  it('does not let the indentation of pretty-printed XML leak into values', async () => {
    const cell =
      '<c r="A1" t="inlineStr">\n      <is>\n        <t>\n          jdoe\n        </t>\n      </is>\n    </c>';
    expect(await cellA1(`\n    ${cell}\n  `)).toBe('jdoe');
  });

  it('decodes XML entities and numeric character references', async () => {
    expect(
      await cellA1(
        '<c t="inlineStr"><is><t>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#233;&#x263A;</t></is></c>',
      ),
    ).toBe('<a> & "b" \'c\' é☺');
  });

  it("undoes OOXML's _xHHHH_ escapes", async () => {
    expect(await cellA1('<c t="inlineStr"><is><t>a_x000D_b_x005F_x</t></is></c>')).toBe('a\rb_x');
  });

  it('reads booleans as true and false', async () => {
    const rows = await readXlsxRows({
      rows: '<row r="1"><c t="b"><v>1</v></c><c t="b"><v>0</v></c></row>',
    });
    expect(rows[0]?.cells).toEqual(['true', 'false']);
  });

  it.each([
    ['15551234567', '15551234567'],
    ['2134.0', '2134'],
    ['1.5E+10', '15000000000'],
    ['1.23456789e+22', '12345678900000000000000'],
    ['0.1', '0.1'],
    ['0.30000000000000004', '0.30000000000000004'],
    ['-12.50', '-12.5'],
    ['1E-7', '1e-7'],
    ['007', '7'],
  ])('writes the number %s as %s (whole numbers without .0 or exponent)', async (raw, text) => {
    expect(await cellA1(`<c><v>${raw}</v></c>`)).toBe(text);
  });

  it('reads a t="str" formula by its cached value', async () => {
    expect(await cellA1('<c t="str"><f>A2&amp;"x"</f><v>jdoe</v></c>')).toBe('jdoe');
  });

  it("reads Gnumeric's formula whose cached value is a shared-string index", async () => {
    expect(await cellA1('<c t="s"><f>LOWER(B1)</f><v>0</v></c>', { sharedStrings: ['jdoe'] })).toBe(
      'jdoe',
    );
  });

  it('reports a formula without a cached value as a problem of that cell', async () => {
    const rows = await readXlsxRows({ rows: '<row r="3"><c r="B3"><f>SUM(A1:A2)</f></c></row>' });
    expect(rows[0]?.issues).toEqual([
      expect.objectContaining({ column: 1, code: 'formula-without-value' }),
    ]);
    expect(rows[0]?.issues?.[0]?.message).toContain('B3');
  });

  it('reports an error cell as a problem naming the error', async () => {
    const rows = await readXlsxRows({ rows: '<row r="2"><c r="C2" t="e"><v>#N/A</v></c></row>' });
    expect(rows[0]?.issues).toEqual([expect.objectContaining({ column: 2, code: 'error-cell' })]);
    expect(rows[0]?.issues?.[0]?.message).toContain('#N/A');
    expect(rows[0]?.issues?.[0]?.message).toContain('C2');
  });

  it('reads t="d" ISO dates as YYYY-MM-DD', async () => {
    expect(await cellA1('<c t="d"><v>2014-02-14T08:27:48.765Z</v></c>')).toBe('2014-02-14');
  });

  it.each([
    [1, '44035', '2020-07-23', 'built-in format 14'],
    [2, '44035.75', '2020-07-23', 'custom dd/mm/yyyy, time of day dropped'],
    [4, '44035', '2020-07-23', 'custom with a [$-409] locale and escaped spaces'],
    [7, '44035.5', '2020-07-23', 'built-in 22 (date and time)'],
    [3, '44035', '44035', 'quoted text "day" is no date token'],
    [5, '0.5', '0.5', 'custom h:mm shows no date'],
    [6, '0.5', '0.5', 'built-in 20 (h:mm) shows no date'],
  ])('style %i: %s shows as %s (%s)', async (style, raw, text) => {
    expect(
      await cellA1(`<c s="${String(style)}"><v>${raw}</v></c>`, { stylesXml: DATE_STYLES }),
    ).toBe(text);
  });

  it.each([
    ['1', '1900-01-01'],
    ['59', '1900-02-28'],
    ['60', '1900-02-29'],
    ['61', '1900-03-01'],
    ['2958465', '9999-12-31'],
  ])('in the 1900 system serial %s is %s (with the 1900 leap-year bug)', async (raw, text) => {
    expect(await cellA1(`<c s="1"><v>${raw}</v></c>`, { stylesXml: DATE_STYLES })).toBe(text);
  });

  it('counts dates from 1904-01-01 when the workbook uses the 1904 system', async () => {
    const spec = { stylesXml: DATE_STYLES, workbookPr: 'date1904="1"' };
    expect(await cellA1('<c s="1"><v>0</v></c>', spec)).toBe('1904-01-01');
    expect(await cellA1('<c s="1"><v>42573</v></c>', spec)).toBe('2020-07-23');
  });

  it('keeps a negative number in a date format as a number (Excel shows no date for it)', async () => {
    expect(await cellA1('<c s="1"><v>-3</v></c>', { stylesXml: DATE_STYLES })).toBe('-3');
  });

  it('reads single-quoted attributes', async () => {
    const rows = await readXlsxRows({
      rows: "<row r='4'><c r='B4' t='inlineStr'><is><t>x</t></is></c></row>",
    });
    expect(rows[0]).toMatchObject({ row: 4, cells: [undefined, 'x'] });
  });

  it('places rows and cells without an r attribute after the previous ones', async () => {
    const rows = await readXlsxRows({
      rows:
        '<row r="2"><c r="B2"><v>1</v></c><c><v>2</v></c></row>' +
        '<row><c><v>3</v></c><c r="D3"><v>4</v></c><c><v>5</v></c></row>',
    });
    expect(rows.map((row) => [row.row, [...row.cells]])).toEqual([
      [2, [undefined, '1', '2']],
      [3, ['3', undefined, undefined, '4', '5']],
    ]);
  });

  it('ignores a missing or absurd <dimension>', async () => {
    const sheetXml =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>' +
      '<sheetData><row r="1"><c><v>1</v></c></row></sheetData></worksheet>';
    expect((await readXlsxRows({ sheetXml })).map((row) => row.cells)).toEqual([['1']]);
  });

  it('reads worksheets whose elements carry a namespace prefix', async () => {
    const sheetXml =
      '<x:worksheet xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main"><x:sheetData>' +
      '<x:row r="1"><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    expect((await readXlsxRows({ sheetXml })).map((row) => row.cells)).toEqual([['a', '2']]);
  });

  it('skips rows whose cells are all blank', async () => {
    const rows = await readXlsxRows({
      rows:
        '<row r="1"><c r="A1" s="1"/><c r="B1" t="inlineStr"><is><t>  </t></is></c></row>' +
        '<row r="2"/><row r="3"><c><v>1</v></c></row>',
    });
    expect(rows.map((row) => row.row)).toEqual([3]);
  });

  it('reads the first visible sheet in workbook order, skipping hidden and very hidden ones', async () => {
    const rows = await readXlsxRows({
      sheets: [
        { name: 'Hidden', rows: '<row r="1"><c><v>1</v></c></row>', state: 'hidden' },
        { name: 'VeryHidden', rows: '<row r="1"><c><v>2</v></c></row>', state: 'veryHidden' },
        { name: 'Users', rows: '<row r="1"><c><v>3</v></c></row>' },
        { name: 'Later', rows: '<row r="1"><c><v>4</v></c></row>' },
      ],
    });
    expect(rows[0]?.cells).toEqual(['3']);
  });
});
