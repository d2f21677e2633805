import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import Papa from 'papaparse';
import type { ColumnStrings } from './column-strings.js';
import { FileRefusedError, refuse } from './refusal.js';
import type { RawRow, TableSource } from './table-source.js';

/**
 * Bytes read per chunk; papaparse parses each chunk plus the unfinished record before it. Small
 * chunks keep each batch's rows few enough to die young: with 1 MiB chunks, the rows of the
 * batch in hand survived every scavenge and garbage collection took over a third of the read
 * (100k rows: 0.55 s at 1 MiB, 0.24 s at 64 KiB).
 */
const CHUNK_BYTES = 64 * 1024;
/** An unfinished record longer than this means a quote that never closes: the file is refused. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** How a CSV file is written, sniffed from its header line. */
export interface CsvDialect {
  readonly delimiter: ',' | ';';
  readonly newline: '\r\n' | '\n' | '\r';
  /** Bytes to skip at the start (3 for a UTF-8 byte order mark). */
  readonly skipBytes: number;
}

/**
 * Sniffs the dialect from the file's first bytes: a UTF-8 BOM, the line ending, and the delimiter
 * (semicolon when the header line has more semicolons than commas outside quotes, as Excel
 * writes CSV in locales whose decimal separator is a comma).
 */
export function sniffCsvDialect(head: Buffer): CsvDialect {
  const skipBytes = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const text = head.toString('utf8', skipBytes);
  let newline: CsvDialect['newline'] | null = null;
  let commas = 0;
  let semicolons = 0;
  let lineHasText = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      quoted = !quoted;
      lineHasText = true;
    } else if (quoted) {
      continue;
    } else if (char === ',') {
      commas++;
    } else if (char === ';') {
      semicolons++;
    } else if (char === '\n' || char === '\r') {
      newline ??= char === '\r' ? (text[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
      if (lineHasText) {
        break;
      }
      commas = 0;
      semicolons = 0;
    } else if (char !== undefined && char.trim() !== '') {
      lineHasText = true;
    }
  }
  return { delimiter: semicolons > commas ? ';' : ',', newline: newline ?? '\n', skipBytes };
}

/**
 * Opens a CSV file (UTF-8, RFC 4180) for streaming with papaparse's parser, fed chunk by chunk
 * so the file is never held whole. Record numbers are the rows a spreadsheet program shows
 * (a quoted value spanning lines is one row); every cell is trimmed; blank rows are skipped.
 */
export function openCsvTable(
  path: string,
  fileName: string,
  head: Buffer,
  strings: ColumnStrings | null = null,
): TableSource {
  const dialect = sniffCsvDialect(head);
  const stream = createReadStream(path, { start: dialect.skipBytes, highWaterMark: CHUNK_BYTES });
  const batches = readCsvBatches(stream, dialect, fileName, strings);
  return {
    format: 'csv',
    sheet: null,
    batches,
    close: async () => {
      await batches.return(undefined);
      stream.destroy();
    },
  };
}

async function* readCsvBatches(
  stream: AsyncIterable<unknown>,
  dialect: CsvDialect,
  fileName: string,
  strings: ColumnStrings | null,
): AsyncGenerator<RawRow[], undefined, undefined> {
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let unfinished = '';
  let record = 0;
  const parse = (input: string, isLast: boolean): RawRow[] => {
    const results = parser.parse(input, 0, !isLast) as Papa.ParseResult<string[]>;
    unfinished = isLast ? '' : input.slice(results.meta.cursor);
    if (unfinished.length > MAX_RECORD_CHARS) {
      throw refuse('corrupt-file', fileName, 'a quoted value never ends');
    }
    const rows: RawRow[] = [];
    // papaparse's own arrays are trimmed in place: a copy per row was a good part of the
    // garbage collection that took a third of the CSV read
    for (const cells of results.data) {
      record += 1;
      let isBlank = true;
      for (let i = 0; i < cells.length; i++) {
        const trimmed = (cells[i] ?? '').trim();
        const cell = strings === null ? trimmed : strings.text(i, trimmed);
        cells[i] = cell;
        isBlank &&= cell === '';
      }
      if (!isBlank) {
        rows.push({ row: record, cells, issues: null });
      }
    }
    return rows;
  };
  try {
    // Text read since the last parse. A record longer than a chunk (a long quoted value, or a
    // quote that never closes) is parsed again with each parse: waiting until the new text is as
    // long as the unfinished record keeps that work linear, not quadratic, in its length (and a
    // record past MAX_RECORD_CHARS is still parsed, and refused, as soon as it is read).
    let fresh = '';
    for await (const chunk of stream) {
      if (!Buffer.isBuffer(chunk)) {
        continue;
      }
      fresh += decode(decoder, chunk, true, fileName);
      if (
        fresh.length < unfinished.length &&
        unfinished.length + fresh.length <= MAX_RECORD_CHARS
      ) {
        continue;
      }
      const rows = parse(unfinished + fresh, false);
      fresh = '';
      if (rows.length > 0) {
        yield rows;
      }
    }
    const rest = fresh + decode(decoder, Buffer.alloc(0), false, fileName);
    const rows = parse(unfinished + rest, true);
    if (rows.length > 0) {
      yield rows;
    }
  } catch (error) {
    if (error instanceof FileRefusedError) {
      throw error;
    }
    throw refuse('corrupt-file', fileName, 'it could not be read to the end', error);
  }
  return undefined;
}

function decode(decoder: TextDecoder, chunk: Buffer, stream: boolean, fileName: string): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch (error) {
    throw refuse('not-utf8', fileName, 'it holds bytes that are not UTF-8', error);
  }
}
