import { describe, expect, it } from 'vitest';
import { openSourceFile, type OpenSourceOptions } from '../../../src/spreadsheet/read/index.js';
import { FileRefusedError, type RefusalCode } from '../../../src/spreadsheet/read/refusal.js';
import {
  buildOle2,
  buildXlsx,
  buildZip,
  inlineRow,
  REQUIRED_HEADER,
  writeTemp,
} from './build-xlsx.js';

/** Opens the file and reads all its rows; returns the refusal (fails if there is none). */
async function refusalOf(
  name: string,
  data: string | Buffer,
  options: OpenSourceOptions = {},
): Promise<FileRefusedError> {
  const path = writeTemp(name, data);
  try {
    const file = await openSourceFile(path, { fileName: name, ...options });
    for await (const row of file.rows()) {
      expect(row).toBeDefined();
    }
  } catch (error) {
    expect(error).toBeInstanceOf(FileRefusedError);
    if (error instanceof FileRefusedError) {
      expect(error.fileName).toBe(name);
      expect(error.message).toContain(`"${name}"`);
      expect(error.message).not.toMatch(/\n\s+at /);
      return error;
    }
  }
  throw new Error(`${name} was not refused`);
}

async function expectRefusal(
  code: RefusalCode,
  name: string,
  data: string | Buffer,
  options: OpenSourceOptions = {},
): Promise<FileRefusedError> {
  const refusal = await refusalOf(name, data, options);
  expect(refusal.code).toBe(code);
  return refusal;
}

const VALID = buildXlsx({
  rows: REQUIRED_HEADER + inlineRow(2, ['jdoe', 'j@example.com', 'J', 'D']),
});

describe('files refused as a whole (SPEC §3)', () => {
  it('refuses an empty file', async () => {
    await expectRefusal('empty-file', 'users.xlsx', Buffer.alloc(0));
  });

  it('refuses an old Excel 97–2003 file and says to save it as .xlsx', async () => {
    const refusal = await expectRefusal('xls-format', 'users.xls', buildOle2(['Workbook']));
    expect(refusal.message).toContain('Excel 97–2003');
    expect(refusal.message).toContain('.xlsx');
  });

  it('refuses a password-protected workbook and says to remove the password', async () => {
    const file = buildOle2(['EncryptionInfo', 'EncryptedPackage']);
    const refusal = await expectRefusal('password-protected', 'users.xlsx', file);
    expect(refusal.message).toContain('password');
  });

  it('refuses an OpenDocument spreadsheet', async () => {
    const ods = buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true },
      { name: 'content.xml', data: '<office:document-content/>' },
    ]);
    await expectRefusal('ods-format', 'users.ods', ods);
  });

  it('refuses a truncated zip', async () => {
    await expectRefusal('corrupt-file', 'users.xlsx', VALID.subarray(0, VALID.length - 40));
  });

  it('refuses a zip whose sheet part is damaged', async () => {
    const sheet = buildXlsx({ rows: REQUIRED_HEADER });
    const damaged = Buffer.from(sheet);
    const at = damaged.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    damaged.fill(0x41, at + 2, at + 40);
    await expectRefusal('corrupt-file', 'users.xlsx', damaged);
  });

  it('refuses a zip that is not a workbook', async () => {
    const zip = buildZip([{ name: 'notes.txt', data: 'hello' }]);
    await expectRefusal('not-a-workbook', 'archive.xlsx', zip);
  });

  it('refuses a Word document', async () => {
    const docx = buildZip([
      {
        name: '_rels/.rels',
        data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      },
      { name: 'word/document.xml', data: '<w:document xmlns:w="urn:w"/>' },
    ]);
    await expectRefusal('not-a-workbook', 'users.docx', docx);
  });

  it('refuses a text file named .xlsx', async () => {
    await expectRefusal('unknown-format', 'users.xlsx', 'userName,email\n');
  });

  it('refuses a binary file of unknown format', async () => {
    await expectRefusal('unknown-format', 'users.bin', Buffer.from([1, 2, 0, 4, 5]));
  });

  it('refuses a CSV file that is not UTF-8', async () => {
    const latin1 = Buffer.from(
      'userName,email,firstName,lastName\nzoe,z@example.com,Zo\xeb,U\n',
      'latin1',
    );
    await expectRefusal('not-utf8', 'users.csv', latin1);
  });

  it('refuses a workbook whose sheets are all hidden', async () => {
    const file = buildXlsx({ sheets: [{ name: 'Users', rows: REQUIRED_HEADER, state: 'hidden' }] });
    await expectRefusal('no-visible-sheet', 'users.xlsx', file);
  });

  it('refuses a sheet with no non-blank row (no header)', async () => {
    await expectRefusal(
      'no-header',
      'users.xlsx',
      buildXlsx({ rows: '<row r="1"><c r="A1"/></row>' }),
    );
  });

  it('refuses a header row missing required columns, naming them', async () => {
    const file = buildXlsx({ rows: inlineRow(1, ['userName', 'firstName']) });
    const refusal = await expectRefusal('missing-columns', 'users.xlsx', file);
    expect(refusal.message).toContain('"email", "lastName"');
  });

  it('refuses a header row naming a column twice, naming it', async () => {
    const file = buildXlsx({
      rows: inlineRow(1, ['userName', 'email', 'firstName', 'lastName', 'EMAIL ']),
    });
    const refusal = await expectRefusal('duplicate-column', 'users.xlsx', file);
    expect(refusal.message).toContain('"email"');
  });
});

describe('limits (SPEC §3), each configurable', () => {
  it('refuses an upload larger than maxUploadBytes', async () => {
    const refusal = await expectRefusal('file-too-large', 'users.xlsx', VALID, {
      limits: { maxUploadBytes: 100 },
    });
    expect(refusal.message).toContain('100 bytes');
  });

  it('refuses a part that inflates beyond maxPartBytes, whatever its header says', async () => {
    const big = buildXlsx({ rows: REQUIRED_HEADER + inlineRow(2, ['x'.repeat(50_000)]) });
    await expectRefusal('part-too-large', 'users.xlsx', big, { limits: { maxPartBytes: 20_000 } });
  });

  it('refuses a part whose compression ratio is a zip bomb', async () => {
    const padding = '<row r="3"/>'.repeat(400_000);
    const bomb = buildXlsx({ rows: REQUIRED_HEADER + padding });
    await expectRefusal('compression-ratio', 'users.xlsx', bomb, {
      limits: { compressionRatioGraceBytes: 1024 * 1024 },
    });
  });

  it('refuses more data rows than maxRows', async () => {
    const rows = [2, 3, 4]
      .map((row) => inlineRow(row, [`u${String(row)}`, 'e', 'f', 'l']))
      .join('');
    const file = buildXlsx({ rows: REQUIRED_HEADER + rows });
    await expectRefusal('too-many-rows', 'users.xlsx', file, { limits: { maxRows: 2 } });
    const path = writeTemp('ok.xlsx', file);
    const opened = await openSourceFile(path, { limits: { maxRows: 3 } });
    let count = 0;
    for await (const row of opened.rows()) {
      count += row.row > 0 ? 1 : 0;
    }
    expect(count).toBe(3);
  });

  it('refuses a "billion laughs" entity bomb quickly, in a small part and in the sheet', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from(
        { length: 9 },
        (_, i) =>
          `<!ENTITY lol${String(i + 1)} "${`&lol${i === 0 ? '' : String(i)};`.repeat(10)}">`,
      ).join('') +
      ']>';
    const inWorkbook = buildZip([
      {
        name: '_rels/.rels',
        data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      },
      { name: 'xl/workbook.xml', data: `${laughs}<workbook>&lol9;</workbook>` },
    ]);
    const started = Date.now();
    await expectRefusal('dtd-forbidden', 'users.xlsx', inWorkbook);
    const inSheet = buildXlsx({
      sheetXml: `${laughs}<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>`,
    });
    await expectRefusal('dtd-forbidden', 'users.xlsx', inSheet);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
