import { describe, expect, it } from 'vitest';
import { openSourceFile, readSourceFile } from '../../../src/spreadsheet/read/index.js';
import { buildXlsx, inlineRow, writeTemp } from './build-xlsx.js';

describe('the header row and columns (SPEC §3)', () => {
  it('takes the first row with any non-blank cell as the header row', async () => {
    const rows =
      '<row r="1"><c r="A1" s="0"/></row>' +
      inlineRow(3, ['userName', 'email', 'firstName', 'lastName']) +
      inlineRow(4, ['jdoe', 'j@x.org', 'J', 'D']);
    const file = await readSourceFile(writeTemp('users.xlsx', buildXlsx({ rows })));
    expect(file.info.headerRow).toBe(3);
    expect(file.rows.map((row) => row.row)).toEqual([4]);
  });

  it('matches headers case-insensitively after trimming and lists unknown columns', async () => {
    const path = writeTemp('users.csv', ' USERNAME ,Email,Notes,firstname,LastName,notes\n');
    const file = await openSourceFile(path);
    expect(file.columns).toEqual([
      { header: 'USERNAME', field: 'userName' },
      { header: 'Email', field: 'email' },
      { header: 'Notes', field: null },
      { header: 'firstname', field: 'firstName' },
      { header: 'LastName', field: 'lastName' },
      { header: 'notes', field: null },
    ]);
    expect(file.ignoredColumns).toEqual(['Notes', 'notes']);
    expect([...file.fields]).toEqual(['userName', 'email', 'firstName', 'lastName']);
    await file.close();
  });

  it('gives each row the mapped columns present in the file only, blank cells as ""', async () => {
    const path = writeTemp(
      'users.csv',
      'userName,email,firstName,lastName,title,Notes\njdoe,j@x.org,,D,,n\n',
    );
    const file = await readSourceFile(path);
    expect(file.columns).toEqual(new Set(['userName', 'email', 'firstName', 'lastName', 'title']));
    expect(file.rows[0]?.values).toEqual({
      userName: 'jdoe',
      email: 'j@x.org',
      firstName: '',
      lastName: 'D',
      title: '',
    });
  });

  it('reads a header-only file as zero rows, not a refusal', async () => {
    const file = await readSourceFile(
      writeTemp('users.csv', 'userName,email,firstName,lastName\n'),
    );
    expect(file.rows).toEqual([]);
  });

  it('maps cell problems to the field of their column and drops those of ignored columns', async () => {
    const rows =
      inlineRow(1, ['userName', 'email', 'firstName', 'lastName', 'Notes']) +
      '<row r="2"><c t="inlineStr"><is><t>jdoe</t></is></c><c t="e"><v>#N/A</v></c>' +
      '<c><f>X()</f></c><c t="inlineStr"><is><t>D</t></is></c><c t="e"><v>#REF!</v></c></row>';
    const file = await readSourceFile(writeTemp('users.xlsx', buildXlsx({ rows })));
    expect(file.rows[0]?.values).toEqual({
      userName: 'jdoe',
      email: '',
      firstName: '',
      lastName: 'D',
    });
    expect(file.rows[0]?.problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['email', 'error-cell'],
      ['firstName', 'formula-without-value'],
    ]);
  });

  it('reads the rows once: a second iteration is a programming error', async () => {
    const file = await openSourceFile(
      writeTemp('users.csv', 'userName,email,firstName,lastName\n'),
    );
    for await (const row of file.rows()) {
      expect(row).toBeDefined();
    }
    await expect(async () => {
      for await (const row of file.rows()) {
        expect(row).toBeDefined();
      }
    }).rejects.toThrow('only once');
  });
});
