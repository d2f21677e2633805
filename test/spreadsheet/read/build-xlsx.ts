import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { resolveReadLimits } from '../../../src/spreadsheet/read/read-limits.js';
import type { RawRow } from '../../../src/spreadsheet/read/table-source.js';
import { openXlsxTable } from '../../../src/spreadsheet/read/xlsx-table.js';

/** One file of a zip built by a test. */
export interface ZipPart {
  readonly name: string;
  readonly data: string | Buffer;
  /** Store without compression (method 0) instead of deflating. */
  readonly store?: boolean;
}

/** A minimal zip writer (local headers, central directory, end record) for hand-made files. */
export function buildZip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data;
    const compressed = part.store === true ? data : deflateRawSync(data);
    const name = Buffer.from(part.name, 'utf8');
    const crc = crc32(data);
    const method = part.store === true ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** What a hand-made workbook holds. */
export interface XlsxSpec {
  /** The content of `<sheetData>` of the first sheet (or `sheets` for several). */
  readonly rows?: string;
  /** Sheets in workbook order, each with its `<sheetData>` content and state. */
  readonly sheets?: readonly { name: string; rows: string; state?: string }[];
  /** Shared strings, written as plain `<si><t>` items. */
  readonly sharedStrings?: readonly string[];
  /** The whole sharedStrings.xml, when the items need markup. */
  readonly sharedStringsXml?: string;
  /** `<numFmts>` and `<cellXfs>` content: the whole styles.xml. */
  readonly stylesXml?: string;
  /** Attributes of `<workbookPr>`, e.g. `date1904="1"`. */
  readonly workbookPr?: string;
  /** Replaces a generated sheet part's whole XML (index 0 = sheet1.xml). */
  readonly sheetXml?: string;
}

/** Builds a small .xlsx whose parts are written by hand, for cell and refusal tests. */
export function buildXlsx(spec: XlsxSpec): Buffer {
  const sheets = spec.sheets ?? [{ name: 'Users', rows: spec.rows ?? '' }];
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
  ];
  const sheetEntries = sheets
    .map(
      (sheet, index) =>
        `<sheet name="${sheet.name}" sheetId="${String(index + 1)}" r:id="rId${String(index + 1)}"${sheet.state === undefined ? '' : ` state="${sheet.state}"`}/>`,
    )
    .join('');
  parts.push({
    name: 'xl/workbook.xml',
    data: `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr ${spec.workbookPr ?? ''}/><sheets>${sheetEntries}</sheets></workbook>`,
  });
  const rels = sheets.map(
    (_sheet, index) =>
      `<Relationship Id="rId${String(index + 1)}" Type="${REL}/worksheet" Target="worksheets/sheet${String(index + 1)}.xml"/>`,
  );
  rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>`);
  parts.push({
    name: 'xl/_rels/workbook.xml.rels',
    data: `<?xml version="1.0"?><Relationships xmlns="${PKG}">${rels.join('')}</Relationships>`,
  });
  sheets.forEach((sheet, index) => {
    parts.push({
      name: `xl/worksheets/sheet${String(index + 1)}.xml`,
      data:
        index === 0 && spec.sheetXml !== undefined
          ? spec.sheetXml
          : `<?xml version="1.0"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${sheet.rows}</sheetData></worksheet>`,
    });
  });
  const strings = (spec.sharedStrings ?? []).map((text) => `<si><t>${text}</t></si>`).join('');
  parts.push({
    name: 'xl/sharedStrings.xml',
    data: spec.sharedStringsXml ?? `<?xml version="1.0"?><sst xmlns="${MAIN}">${strings}</sst>`,
  });
  parts.push({
    name: 'xl/styles.xml',
    data:
      spec.stylesXml ??
      `<?xml version="1.0"?><styleSheet xmlns="${MAIN}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`,
  });
  return buildZip(parts);
}

/** Inline-string cells for a row: `row(1, ['userName', 'email'])`. */
export function inlineRow(row: number, values: readonly string[]): string {
  const cells = values.map((value) => `<c t="inlineStr"><is><t>${value}</t></is></c>`).join('');
  return `<row r="${String(row)}">${cells}</row>`;
}

/** The header of the four required columns, as inline strings in row 1. */
export const REQUIRED_HEADER = inlineRow(1, ['userName', 'email', 'firstName', 'lastName']);

const directory = mkdtempSync(join(tmpdir(), 'usersync-read-test-'));
let counter = 0;

/** Writes `data` to a fresh temporary file named `name` and returns its path. */
export function writeTemp(name: string, data: string | Buffer): string {
  counter += 1;
  const path = join(directory, `${String(counter)}-${name}`);
  writeFileSync(path, data);
  return path;
}

/** Every raw row of the workbook `spec`, written to a temporary file `name` and read back. */
export async function readXlsxRows(spec: XlsxSpec, name = 'cells.xlsx'): Promise<RawRow[]> {
  const path = writeTemp(name, buildXlsx(spec));
  const table = await openXlsxTable(path, name, resolveReadLimits());
  const rows: RawRow[] = [];
  for (;;) {
    const next = await table.batches.next();
    if (next.done === true) {
      return rows;
    }
    rows.push(...next.value);
  }
}

/**
 * A minimal OLE2 compound file (the container of .xls files and of password-protected
 * workbooks) whose directory names `streams`. Enough for format detection.
 */
export function buildOle2(streams: readonly string[]): Buffer {
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c);
  header.writeUInt32LE(1, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(0xfffffffe, 0x3c);
  header.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) {
    header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  }
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  fat.writeUInt32LE(0xfffffffe, 4);
  const directory = Buffer.alloc(512, 0);
  ['Root Entry', ...streams].slice(0, 4).forEach((name, index) => {
    const offset = index * 128;
    directory.write(name, offset, 'utf16le');
    directory.writeUInt16LE((name.length + 1) * 2, offset + 0x40);
    directory[offset + 0x42] = index === 0 ? 5 : 2;
  });
  return Buffer.concat([header, fat, directory]);
}
