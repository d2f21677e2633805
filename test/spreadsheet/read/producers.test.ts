import { describe, expect, it } from 'vitest';
import { FileRefusedError, readSourceFile } from '../../../src/spreadsheet/read/index.js';

/**
 * Files saved by real producers (test/fixtures/xlsx/make-fixtures.sh made them): the same users
 * written by openpyxl, then re-saved by LibreOffice Calc and Gnumeric, and written by ExcelJS.
 */
const ROW_2 = {
  userName: 'jdoe',
  email: 'jane.doe@example.com',
  firstName: 'Jane',
  lastName: 'Doe',
  phone: '15551234567',
  zip: '02134',
  active: 'true',
  cField1: 'jdoe-badge',
  cField2: '3.5',
};
const ROW_4 = {
  userName: 'msmith',
  email: 'Mary.Smith@Example.com',
  firstName: 'Mary',
  lastName: 'Smith',
  phone: '+1 312 555 0100',
  zip: '60601',
  active: 'false',
  cField1: 'plain',
  cField2: '2134',
};
const ROW_5 = {
  userName: 'zoë',
  email: 'zoe@example.com',
  firstName: 'Zoë',
  lastName: 'Ünal',
  phone: '',
  zip: '',
  active: '',
  cField1: '2020-07-23',
  cField2: '0.1',
};

describe('files saved by real producers read as the person sees them', () => {
  it.each(['libreoffice', 'gnumeric', 'exceljs'])(
    'reads users-%s.xlsx: first visible sheet, header mapped, values as text',
    async (producer) => {
      const file = await readSourceFile(`test/fixtures/xlsx/users-${producer}.xlsx`);
      expect(file.info.sheet).toBe('Users');
      expect(file.info.headerRow).toBe(1);
      expect(file.info.ignoredColumns).toEqual(['Notes']);
      expect(file.rows).toEqual([
        { row: 2, values: ROW_2, problems: [] },
        { row: 4, values: ROW_4, problems: [] },
        { row: 5, values: ROW_5, problems: [] },
      ]);
    },
  );

  it('reports the formula openpyxl saved without a cached value as a problem of that cell', async () => {
    const file = await readSourceFile('test/fixtures/xlsx/users-openpyxl.xlsx');
    expect(file.rows[0]).toEqual({
      row: 2,
      values: { ...ROW_2, cField1: '' },
      problems: [expect.objectContaining({ field: 'cField1', code: 'formula-without-value' })],
    });
    expect(file.rows.slice(1).map((row) => row.values)).toEqual([ROW_4, ROW_5]);
  });

  it("reads LibreOffice's semicolon-separated UTF-8 CSV export", async () => {
    const file = await readSourceFile('test/fixtures/csv/users-libreoffice-semicolon.csv');
    expect(file.info).toMatchObject({ format: 'csv', sheet: null, ignoredColumns: ['Notes'] });
    expect(file.rows.map((row) => row.row)).toEqual([2, 4, 5]);
    expect(file.rows[0]?.values).toEqual({ ...ROW_2, active: 'TRUE' });
    expect(file.rows[2]?.values).toEqual(ROW_5);
  });

  it.each([
    ['users-libreoffice.xls', 'xls-format'],
    ['users-libreoffice.ods', 'ods-format'],
  ])('refuses %s saved by LibreOffice (%s)', async (name, code) => {
    const error = await readSourceFile(`test/fixtures/xlsx/${name}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileRefusedError);
    expect(error).toMatchObject({ code });
  });
});
