import type { ColumnStrings } from './column-strings.js';
import { readDateStyles } from './date-styles.js';
import type { ReadLimits } from './read-limits.js';
import { refuse } from './refusal.js';
import { readSharedStrings } from './shared-strings.js';
import { SheetScanner } from './sheet-scanner.js';
import type { RawRow, TableSource } from './table-source.js';
import { readWorkbookLayout, SMALL_PART_MAX_BYTES } from './workbook-layout.js';
import { parseXmlPart } from './xml-tree.js';
import { ZipArchive } from './zip-archive.js';

/**
 * Opens the first visible worksheet of the .xlsx at `path`: reads the workbook's layout, its
 * styles (which number formats are dates) and its shared strings, then streams the sheet's rows.
 */
export async function openXlsxTable(
  path: string,
  fileName: string,
  limits: ReadLimits,
  strings: ColumnStrings | null = null,
): Promise<TableSource> {
  const zip = await ZipArchive.open(path, fileName, limits);
  try {
    await refuseOpenDocument(zip, fileName);
    const layout = await readWorkbookLayout(zip, fileName);
    const styles =
      layout.stylesPart === null
        ? null
        : parseXmlPart(
            await zip.readPart(layout.stylesPart, SMALL_PART_MAX_BYTES),
            layout.stylesPart,
            fileName,
          );
    const sharedStrings =
      layout.sharedStringsPart === null
        ? []
        : await readSharedStrings(
            zip.streamPart(layout.sharedStringsPart),
            layout.sharedStringsPart,
            fileName,
          );
    const scanner = new SheetScanner(
      { sharedStrings, dateStyles: readDateStyles(styles), date1904: layout.date1904 },
      layout.sheetPart,
      fileName,
      strings,
    );
    const batches = scanSheet(zip, scanner, layout.sheetPart);
    return {
      format: 'xlsx',
      sheet: layout.sheetName,
      batches,
      close: async () => {
        await batches.return(undefined);
        zip.close();
      },
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

async function* scanSheet(
  zip: ZipArchive,
  scanner: SheetScanner,
  sheetPart: string,
): AsyncGenerator<RawRow[], undefined, undefined> {
  try {
    for await (const chunk of zip.streamPart(sheetPart)) {
      const rows = scanner.push(chunk);
      if (rows.length > 0) {
        yield rows;
      }
      if (scanner.isDone) {
        break;
      }
    }
    const rows = scanner.finish();
    if (rows.length > 0) {
      yield rows;
    }
    return undefined;
  } finally {
    zip.close();
  }
}

/** An OpenDocument file is a zip too; its `mimetype` part says what it is. */
async function refuseOpenDocument(zip: ZipArchive, fileName: string): Promise<void> {
  if (!zip.has('mimetype')) {
    return;
  }
  const mimetype = (await zip.readPart('mimetype', 1024)).toString('latin1');
  if (mimetype.startsWith('application/vnd.oasis.opendocument.spreadsheet')) {
    throw refuse('ods-format', fileName);
  }
  if (mimetype.startsWith('application/vnd.oasis.opendocument')) {
    throw refuse('not-a-workbook', fileName, 'it is an OpenDocument file');
  }
}
