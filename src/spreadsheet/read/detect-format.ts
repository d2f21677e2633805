import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { TextDecoder } from 'node:util';
import { formatBytes, type ReadLimits } from './read-limits.js';
import { refuse } from './refusal.js';

/** How many bytes are looked at to tell the format (and sniff a CSV dialect). */
const HEAD_BYTES = 64 * 1024;
const OLE2_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** What the file's content says it is. */
export type DetectedFormat =
  | { readonly format: 'xlsx' }
  | { readonly format: 'csv'; /** The file's first bytes. */ readonly head: Buffer };

/**
 * Tells the format from the content (magic bytes), using the name only to explain a mismatch:
 * a zip is read as a workbook, an OLE2 file is an old .xls or an encrypted workbook, UTF-8 text
 * is CSV when its name allows it. Refuses empty and oversized files first.
 */
export async function detectFormat(
  path: string,
  fileName: string,
  limits: ReadLimits,
): Promise<DetectedFormat> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) {
      throw refuse('empty-file', fileName);
    }
    if (size > limits.maxUploadBytes) {
      throw refuse(
        'file-too-large',
        fileName,
        `${formatBytes(size)}; the limit is ${formatBytes(limits.maxUploadBytes)}`,
      );
    }
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    if (head[0] === 0x50 && head[1] === 0x4b) {
      return { format: 'xlsx' };
    }
    if (head.subarray(0, 8).equals(OLE2_SIGNATURE)) {
      const encrypted = await isEncryptedPackage(handle, head);
      throw refuse(encrypted ? 'password-protected' : 'xls-format', fileName);
    }
    return { format: 'csv', head: textHead(head, fileName) };
  } finally {
    await handle.close();
  }
}

const SPREADSHEET_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm', '.xls', '.ods']);
const TEXT_EXTENSIONS = new Set(['.csv', '.txt', '']);

/** Checks that a file that is not a zip or OLE2 file can be read as CSV, and returns its head. */
function textHead(head: Buffer, fileName: string): Buffer {
  const extension = extname(fileName).toLowerCase();
  if (SPREADSHEET_EXTENSIONS.has(extension)) {
    const what = extension === '.ods' ? 'an .ods file' : 'an Excel workbook';
    throw refuse('unknown-format', fileName, `it is named ${extension} but is not ${what} inside`);
  }
  if (head.includes(0)) {
    throw refuse('unknown-format', fileName, 'it is not a text file');
  }
  if (!TEXT_EXTENSIONS.has(extension)) {
    throw refuse('unknown-format', fileName, `files named ${extension} are not read`);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch (error) {
    throw refuse('not-utf8', fileName, 'it holds bytes that are not UTF-8', error);
  }
  return head;
}

/**
 * Whether an OLE2 compound file holds an encrypted OOXML package (the container Excel writes for
 * a password-protected .xlsx): its directory names the streams EncryptionInfo and
 * EncryptedPackage. Follows the directory's sector chain through the FAT; a file too odd to
 * walk is taken for a plain .xls.
 */
async function isEncryptedPackage(handle: FileHandle, head: Buffer): Promise<boolean> {
  if (head.length < 512) {
    return false;
  }
  const sectorShift = head.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) {
    return false;
  }
  const sectorSize = 1 << sectorShift;
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    fatSectors.push(head.readUInt32LE(0x4c + i * 4));
  }
  const sector = Buffer.alloc(sectorSize);
  const readSector = async (id: number): Promise<boolean> => {
    const { bytesRead } = await handle.read(sector, 0, sectorSize, (id + 1) * sectorSize);
    return bytesRead === sectorSize;
  };
  const nextSector = async (id: number): Promise<number> => {
    const perSector = sectorSize / 4;
    const fatSector = fatSectors[Math.floor(id / perSector)];
    if (fatSector === undefined || fatSector >= 0xfffffffa || !(await readSector(fatSector))) {
      return -1;
    }
    return sector.readUInt32LE((id % perSector) * 4);
  };
  const names = new Set<string>();
  let id = head.readUInt32LE(0x30);
  for (let visited = 0; id < 0xfffffffa && visited < 4096; visited++) {
    if (!(await readSector(id))) {
      break;
    }
    for (let entry = 0; entry + 128 <= sectorSize; entry += 128) {
      const nameBytes = Math.min(sector.readUInt16LE(entry + 0x40), 64);
      names.add(sector.toString('utf16le', entry, entry + Math.max(nameBytes - 2, 0)));
    }
    id = await nextSector(id);
    if (id < 0) {
      break;
    }
  }
  return names.has('EncryptionInfo') && names.has('EncryptedPackage');
}
