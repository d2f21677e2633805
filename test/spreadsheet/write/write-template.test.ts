import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELDS } from '../../../src/engine/fields.js';
import { openSourceFile } from '../../../src/spreadsheet/read/index.js';
import {
  REQUIRED_HEADER_ARGB,
  TEMPLATE_SHEET_NAME,
  createTemplateBuffer,
  writeTemplate,
} from '../../../src/spreadsheet/write/write-template.js';
import { memoryOutput, part, readXlsxParts } from './xlsx-parts.js';

let bytes: Buffer;
let sheet: ExcelJS.Worksheet;
let sheetXml: string;
let directory: string;

// ExcelJS's typings say a cell always has a note and a fill; read back, most have neither.
function noteText(cell: ExcelJS.Cell): string {
  const note: unknown = cell.note;
  if (typeof note === 'string') {
    return note;
  }
  if (typeof note === 'object' && note !== null && 'texts' in note && Array.isArray(note.texts)) {
    return note.texts
      .map((run: unknown) =>
        typeof run === 'object' && run !== null && 'text' in run ? String(run.text) : '',
      )
      .join('');
  }
  return '';
}

function fillArgb(cell: ExcelJS.Cell): string | null {
  const fill: unknown = cell.fill;
  if (typeof fill !== 'object' || fill === null || !('fgColor' in fill)) {
    return null;
  }
  const color: unknown = fill.fgColor;
  return typeof color === 'object' && color !== null && 'argb' in color ? String(color.argb) : null;
}

beforeAll(async () => {
  bytes = await createTemplateBuffer();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const found = workbook.getWorksheet(TEMPLATE_SHEET_NAME);
  if (found === undefined) {
    throw new Error(`no sheet ${TEMPLATE_SHEET_NAME}`);
  }
  sheet = found;
  sheetXml = part(await readXlsxParts(bytes), 'xl/worksheets/sheet1.xml');
  directory = await mkdtemp(join(tmpdir(), 'usersync-template-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the template (SPEC §6)', () => {
  it('has one sheet "Users" with the 24 columns in SPEC order', () => {
    const headers = FIELDS.map((_, index) => sheet.getRow(1).getCell(index + 1).text);
    expect(headers).toEqual(FIELDS.map((spec) => spec.name));
    expect(headers).toHaveLength(24);
    expect(sheet.getRow(1).getCell(25).text).toBe('');
    expect(sheet.workbook.worksheets).toHaveLength(1);
  });

  it('fills exactly the required headers yellow', () => {
    FIELDS.forEach((spec, index) => {
      const argb = fillArgb(sheet.getRow(1).getCell(index + 1));
      expect({ field: spec.name, argb }).toEqual({
        field: spec.name,
        argb: spec.required ? REQUIRED_HEADER_ARGB : null,
      });
    });
  });

  it("puts a note with the field's description on each header", () => {
    FIELDS.forEach((spec, index) => {
      expect(noteText(sheet.getRow(1).getCell(index + 1))).toBe(spec.description);
    });
  });

  it('has one italic sample row with each field’s sample value, and nothing below it', () => {
    FIELDS.forEach((spec, index) => {
      const cell = sheet.getRow(2).getCell(index + 1);
      expect(cell.value).toBe(spec.sample);
      expect(cell.font.italic).toBe(true);
    });
    FIELDS.forEach((_, index) => {
      expect(sheet.getRow(1).getCell(index + 1).font.italic).toBeFalsy();
    });
    expect(sheet.rowCount).toBe(2);
  });

  it('freezes the header row', () => {
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheetXml).toMatch(/<pane ySplit="1" topLeftCell="A2" [^>]*state="frozen"\/>/);
  });

  it('offers a true/false list on the whole active column', () => {
    expect(sheetXml).toContain('<dataValidations count="1">');
    expect(sheetXml).toMatch(
      /<dataValidation type="list" allowBlank="1"[^>]* sqref="V2:V1048576"><formula1>&quot;true,false&quot;<\/formula1><\/dataValidation>/,
    );
    expect(sheet.getRow(1).getCell(22).text).toBe('active');
  });

  it('writes every cell as a string and formats every column as Text, so zip 02134 stays text', () => {
    const cells = [...sheetXml.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>/g)];
    expect(cells).toHaveLength(48);
    for (const [, , attributes] of cells) {
      expect(attributes).toContain('t="s"');
    }
    expect(sheetXml).not.toContain('<f>');
    FIELDS.forEach((_, index) => {
      expect(sheet.getColumn(index + 1).numFmt).toBe('@');
      expect(sheet.getRow(2).getCell(index + 1).numFmt).toBe('@');
    });
  });

  it('gives every column a sensible width', () => {
    FIELDS.forEach((spec, index) => {
      const width = sheet.getColumn(index + 1).width ?? 0;
      expect(width).toBeGreaterThanOrEqual(Math.min(40, spec.sample.length));
      expect(width).toBeLessThanOrEqual(40);
    });
  });

  it('writes the same bytes to a path and to a stream', async () => {
    const path = join(directory, 'to-path.xlsx');
    await writeTemplate(path);
    const output = memoryOutput();
    await writeTemplate(output);
    const fromPath = await readXlsxParts(await readFile(path));
    const fromStream = await readXlsxParts(output.bytes());
    expect(part(fromStream, 'xl/worksheets/sheet1.xml')).toBe(
      part(fromPath, 'xl/worksheets/sheet1.xml'),
    );
  });

  it('is read back by the importer with the sample row intact', async () => {
    const path = join(directory, 'read-back.xlsx');
    await writeTemplate(path);
    const opened = await openSourceFile(path);
    const rows = [];
    for await (const row of opened.rows()) {
      rows.push(row);
    }
    expect(opened.sheet).toBe(TEMPLATE_SHEET_NAME);
    expect(opened.ignoredColumns).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        values: Object.fromEntries(FIELDS.map((spec) => [spec.name, spec.sample])),
        problems: [],
      },
    ]);
  });
});
