import { describe, expect, it } from 'vitest';
import { readSourceFile } from '../../../src/spreadsheet/read/index.js';
import { writeTemp } from './build-xlsx.js';

async function readCsv(text: string | Buffer): Promise<Awaited<ReturnType<typeof readSourceFile>>> {
  return readSourceFile(writeTemp('users.csv', text));
}

const HEADER = 'userName,email,firstName,lastName';

describe('CSV files (SPEC §3: UTF-8 with or without BOM, comma or semicolon, RFC 4180)', () => {
  it('reads UTF-8 with a byte order mark', async () => {
    const file = await readCsv(Buffer.from(`\ufeff${HEADER}\nzoë,z@example.com,Zoë,Ünal\n`));
    expect(file.info.columns[0]).toEqual({ header: 'userName', field: 'userName' });
    expect(file.rows[0]?.values.firstName).toBe('Zoë');
  });

  it('sniffs the semicolon from the header line', async () => {
    const file = await readCsv('userName;email;firstName;lastName;cField1\njdoe;j@x.org;J;D;1,5\n');
    expect(file.rows[0]?.values).toMatchObject({ userName: 'jdoe', cField1: '1,5' });
  });

  it('keeps commas, quotes and line breaks inside quoted values (RFC 4180)', async () => {
    const file = await readCsv(
      `${HEADER},address1\r\njdoe,j@x.org,"Doe, Jane","say ""hi""","1 Main St\r\nSuite 4"\r\nmsmith,m@x.org,M,S,\r\n`,
    );
    expect(file.rows[0]?.values).toMatchObject({
      firstName: 'Doe, Jane',
      lastName: 'say "hi"',
      address1: '1 Main St\r\nSuite 4',
    });
    expect(file.rows[1]?.row).toBe(3);
  });

  it('reads LF line ends and trims every value', async () => {
    const file = await readCsv(`${HEADER}\n  jdoe , j@x.org ,J,D\n`);
    expect(file.rows[0]?.values).toMatchObject({ userName: 'jdoe', email: 'j@x.org' });
  });

  it('numbers rows as a spreadsheet shows them: blank lines skipped but counted', async () => {
    const file = await readCsv(`\n,,\n${HEADER}\njdoe,j@x.org,J,D\n,,,\n\nmsmith,m@x.org,M,S`);
    expect(file.info.headerRow).toBe(3);
    expect(file.rows.map((row) => row.row)).toEqual([4, 7]);
  });

  it('streams a file larger than one read chunk without losing or splitting rows', async () => {
    const lines = Array.from(
      { length: 30_000 },
      (_, i) => `u${String(i)},é${String(i)}@x.org,Ünal,D`,
    );
    const file = await readCsv(`${HEADER}\n${lines.join('\n')}\n`);
    expect(file.rows).toHaveLength(30_000);
    expect(file.rows[29_999]?.values).toMatchObject({ userName: 'u29999', email: 'é29999@x.org' });
  });

  it('reads a quoted value spanning many read chunks whole, and the rows after it', async () => {
    const long = 'x'.repeat(3_000_000);
    const file = await readCsv(`${HEADER}\r\na,"${long}",c,d\r\nb,e@x.org,f,g\r\n`);
    expect(file.rows.map((row) => [row.row, row.values.email?.length])).toEqual([
      [2, 3_000_000],
      [3, 7],
    ]);
  });

  it('refuses a file whose quoted value never ends', async () => {
    const text = `${HEADER}\r\na,"${'y'.repeat(17 * 1024 * 1024)}\r\n`;
    await expect(readCsv(text)).rejects.toMatchObject({ code: 'corrupt-file' });
  });
});
