import { isAscii } from 'node:buffer';
import {
  cellColumn,
  digitsValue,
  END_ROW,
  hasMarkup,
  isPlainValue,
  readAttributes,
  readPlainCell,
  readPlainRow,
  rowNumber,
  startCell,
} from './cell-tag.js';
import { cellText, type CellContext, type CellParts } from './cell-text.js';
import { SLICE_VIEW_LENGTH, type ColumnStrings } from './column-strings.js';
import { ItemChunker } from './item-chunker.js';
import { refuse } from './refusal.js';
import type { CellIssue, RawRow } from './table-source.js';
import { findEndTag, localNameStart, tagEnd, tagName } from './xml-text.js';

/** Excel's last column is XFD (16,384 columns); cells beyond it are not part of any table. */
const MAX_COLUMNS = 16_384;

/**
 * The worksheet scanner. It is hand-written on purpose: every JavaScript XML or spreadsheet
 * library measured for this project (saxes, ExcelJS, SheetJS, read-excel-file) is about 10×
 * slower than the floor of inflating the part, and several fail or corrupt text on large sheets
 * (see docs/spreadsheet-reading.md). It reads the inflating part in chunks cut at `</row>`
 * (ItemChunker), walks each row's children in turn — never searching past the element it is in —
 * and turns each cell into text (cellText). Rows and cells without an `r` attribute follow the
 * previous one; `<dimension>` is never trusted. Only non-blank rows are emitted.
 *
 * Rows and cells written the usual way are read from the bytes by the fast paths of cell-tag.ts,
 * and their usual values (shared strings, plain text) turned into text here; anything else goes
 * through the general path, which reads the Latin-1 text of the chunk, made only when needed.
 */
export class SheetScanner {
  private readonly chunker: ItemChunker;
  private lastRow = 0;
  private out: RawRow[] = [];
  /** Reused for every cell: cellText reads it synchronously. */
  private readonly parts: CellParts = {
    type: null,
    style: 0,
    text: '',
    bytes: Buffer.alloc(0),
    isAscii: true,
    valueStart: -1,
    valueEnd: -1,
    inlineStart: -1,
    inlineEnd: -1,
    hasFormula: false,
  };

  /**
   * @param strings pools equal cells of a column into one string, for callers that keep the
   *   rows (see ColumnStrings); null to make a string per cell.
   */
  constructor(
    private readonly context: CellContext,
    private readonly partName: string,
    private readonly fileName: string,
    private readonly strings: ColumnStrings | null = null,
  ) {
    this.chunker = new ItemChunker({
      root: 'worksheet',
      container: 'sheetData',
      item: 'row',
      partName,
      fileName,
      onItems: (bytes) => {
        this.scanRows(bytes);
      },
    });
  }

  /** Whether `</sheetData>` has been seen: the rest of the part holds no cells. */
  get isDone(): boolean {
    return this.chunker.isDone;
  }

  /** Scans the next inflated chunk and returns the non-blank rows it completed. */
  push(chunk: Buffer): RawRow[] {
    this.chunker.push(chunk);
    return this.take();
  }

  /** Ends the part and returns the last rows. */
  finish(): RawRow[] {
    this.chunker.finish();
    return this.take();
  }

  private take(): RawRow[] {
    const rows = this.out;
    this.out = [];
    return rows;
  }

  private damaged(what: string): Error {
    return refuse('corrupt-file', this.fileName, `its part ${this.partName} has ${what}`);
  }

  /** The chunk's Latin-1 text for the general path, made on first use. */
  private textOf(bytes: Buffer): string {
    const parts = this.parts;
    if (parts.text === '') {
      parts.text = bytes.toString('latin1');
      parts.isAscii = isAscii(bytes);
    }
    return parts.text;
  }

  private scanRows(bytes: Buffer): void {
    const parts = this.parts;
    parts.bytes = bytes;
    parts.text = '';
    const length = bytes.length;
    let i = 0;
    while (i < length) {
      let open = i;
      while (open < length && bytes[open] !== 0x3c) {
        open++;
      }
      if (open === length) {
        return;
      }
      const rowEnd =
        bytes[open + 1] === 0x72 && bytes[open + 2] === 0x6f && bytes[open + 3] === 0x77
          ? readPlainRow(bytes, open)
          : -1;
      if (rowEnd >= 0) {
        i = this.scanCells(bytes, rowEnd, this.nextRow(rowNumber(bytes)));
        continue;
      }
      const text = this.textOf(bytes);
      const close = tagEnd(text, open, length);
      if (close < 0) {
        throw this.damaged('an unfinished tag');
      }
      const first = text.charCodeAt(open + 1);
      if (first === 0x2f || first === 0x3f || first === 0x21) {
        i = first === 0x21 && text.startsWith('<!--', open) ? endOfComment(text, open) : close + 1;
        continue;
      }
      const nameEnd = tagName(text, open, close);
      const nameStart = localNameStart;
      const selfClosing = text.charCodeAt(close - 1) === 0x2f;
      if (nameEnd - nameStart !== 3 || !text.startsWith('row', nameStart)) {
        i = selfClosing ? close + 1 : this.skipElement(text, close, nameStart, nameEnd);
        continue;
      }
      readAttributes(text, nameEnd, close);
      const row = this.nextRow(rowNumber(bytes));
      i = selfClosing ? close + 1 : this.scanCells(bytes, close + 1, row);
    }
  }

  /** The row's number: its `r` attribute when valid, else the one after the previous row. */
  private nextRow(parsed: number): number {
    const row = Number.isInteger(parsed) && parsed > 0 ? parsed : this.lastRow + 1;
    this.lastRow = row;
    return row;
  }

  /** Scans the cells of row `row` from `start` to its end tag; returns the index after it. */
  private scanCells(bytes: Buffer, start: number, row: number): number {
    const length = bytes.length;
    const parts = this.parts;
    const cells: (string | undefined)[] = [];
    let issues: CellIssue[] | null = null;
    let hasValue = false;
    let column = -1;
    let i = start;
    for (;;) {
      let open = i;
      while (open < length && bytes[open] !== 0x3c) {
        open++;
      }
      const next = bytes[open + 1];
      const plainEnd = next === 0x63 ? readPlainCell(bytes, open, parts) : -1;
      if (plainEnd >= 0) {
        i = plainEnd;
      } else if (next === 0x2f && hasMarkup(bytes, open, END_ROW)) {
        i = open + END_ROW.length;
        break;
      } else {
        const text = this.textOf(bytes);
        const close = open === length ? -1 : tagEnd(text, open, length);
        if (close < 0) {
          throw this.damaged(`an unfinished row ${String(row)}`);
        }
        const first = text.charCodeAt(open + 1);
        if (first === 0x2f) {
          i = close + 1; // </x:row>
          break;
        }
        if (first === 0x3f || first === 0x21) {
          i =
            first === 0x21 && text.startsWith('<!--', open) ? endOfComment(text, open) : close + 1;
          continue;
        }
        const nameEnd = tagName(text, open, close);
        const nameStart = localNameStart;
        const selfClosing = text.charCodeAt(close - 1) === 0x2f;
        if (nameEnd - nameStart !== 1 || text.charCodeAt(nameStart) !== 0x63) {
          i = selfClosing ? close + 1 : this.skipElement(text, close, nameStart, nameEnd);
          continue;
        }
        readAttributes(text, nameEnd, close);
        startCell(bytes, parts);
        i = selfClosing ? close + 1 : this.scanCellChildren(text, close + 1);
      }
      const refColumn = cellColumn(bytes);
      column = refColumn >= 0 ? refColumn : column + 1;
      if (column >= MAX_COLUMNS) {
        continue;
      }
      const result = this.usualText(bytes, column) ?? this.generalText(bytes, row, column);
      if (typeof result === 'string') {
        if (result !== '') {
          cells[column] = result;
          hasValue = true;
        }
      } else {
        (issues ??= []).push(result);
        hasValue = true;
      }
    }
    if (hasValue) {
      this.out.push({ row, cells, issues });
    }
    return i;
  }

  /**
   * The text of a cell holding what most cells hold — a shared string's index, or plain text
   * in `<v>` or a single `<t>` (isPlainValue) — read from the bytes; null for anything else
   * (cellText).
   */
  private usualText(bytes: Buffer, column: number): string | null {
    const { type, valueStart, valueEnd, inlineStart, inlineEnd } = this.parts;
    if (type === 's') {
      const index = valueEnd > valueStart ? digitsValue(bytes, valueStart, valueEnd) : -1;
      return this.context.sharedStrings[index]?.trim() ?? null;
    }
    if (!isPlainValue) {
      return null;
    }
    if (type === 'str' && valueStart >= 0) {
      return this.valueText(bytes, column, valueStart, valueEnd);
    }
    if (type === 'inlineStr' && inlineStart >= 0) {
      return this.valueText(bytes, column, inlineStart + 3, inlineEnd - 4); // <t>…</t>
    }
    return null;
  }

  /**
   * Plain text at [start, end) of the chunk, pooled by column. A new value is copied from the
   * bytes. Only a short one is sliced, and only from chunk text the general path has already
   * made (V8 copies a slice of fewer than 13 characters). A longer slice would be a view that
   * keeps the whole chunk's text alive as long as the value lives, and a preview keeps every
   * row until it is staged: at a million rows, views kept the sheet's whole XML (about 1 GB) in
   * memory. The chunk's text is never made just for this: a 256 KiB chunk's text is a string
   * in V8's large-object space, and making one per chunk to slice a few values from it took
   * most of a 100k-row read (119 MB of XML: 1.8 s pooled against 1.0 s with copies).
   */
  private valueText(bytes: Buffer, column: number, start: number, end: number): string {
    const strings = this.strings;
    const pooled = strings === null ? null : strings.find(column, bytes, start, end);
    if (pooled !== null) {
      return pooled;
    }
    const chunkText = this.parts.text;
    const text =
      end - start < SLICE_VIEW_LENGTH && chunkText !== ''
        ? chunkText.slice(start, end)
        : bytes.toString('latin1', start, end);
    return strings === null ? text : strings.keep(text);
  }

  private generalText(bytes: Buffer, row: number, column: number): string | CellIssue {
    this.textOf(bytes);
    const result = cellText(this.parts, this.context, row, column);
    return typeof result === 'string' && this.strings !== null
      ? this.strings.text(column, result)
      : result;
  }

  /** Notes where a cell's `<v>`, `<is>` and `<f>` are; returns the index after `</c>`. */
  private scanCellChildren(text: string, start: number): number {
    const parts = this.parts;
    const length = text.length;
    let i = start;
    for (;;) {
      const open = text.indexOf('<', i);
      if (open < 0) {
        throw this.damaged('an unfinished cell');
      }
      // fast path for the usual unprefixed <v>…</v>: its content holds no markup
      if (text.charCodeAt(open + 1) === 0x76 && text.charCodeAt(open + 2) === 0x3e) {
        const end = text.indexOf('</v>', open + 3);
        if (end >= 0) {
          parts.valueStart = open + 3;
          parts.valueEnd = end;
          i = end + 4;
          continue;
        }
      }
      const close = tagEnd(text, open, length);
      if (close < 0) {
        throw this.damaged('an unfinished cell');
      }
      const first = text.charCodeAt(open + 1);
      if (first === 0x2f) {
        return close + 1; // </c>
      }
      if (first === 0x3f || first === 0x21) {
        i = first === 0x21 && text.startsWith('<!--', open) ? endOfComment(text, open) : close + 1;
        continue;
      }
      const nameEnd = tagName(text, open, close);
      const nameStart = localNameStart;
      const nameLength = nameEnd - nameStart;
      const name = text.charCodeAt(nameStart);
      if (nameLength === 1 && name === 0x66) {
        parts.hasFormula = true;
      }
      if (text.charCodeAt(close - 1) === 0x2f) {
        i = close + 1;
        continue;
      }
      const end = findEndTag(text, close + 1, length, text.slice(nameStart, nameEnd));
      const endClose = end < 0 ? -1 : tagEnd(text, end, length);
      if (endClose < 0) {
        throw this.damaged('an unfinished cell');
      }
      if (nameLength === 1 && name === 0x76) {
        parts.valueStart = close + 1;
        parts.valueEnd = end;
      } else if (nameLength === 2 && name === 0x69 && text.charCodeAt(nameStart + 1) === 0x73) {
        parts.inlineStart = close + 1;
        parts.inlineEnd = end;
      }
      i = endClose + 1;
    }
  }

  /** Skips an element this scanner does not read; returns the index after its end tag. */
  private skipElement(text: string, close: number, nameStart: number, nameEnd: number): number {
    const end = findEndTag(text, close + 1, text.length, text.slice(nameStart, nameEnd));
    const endClose = end < 0 ? -1 : tagEnd(text, end, text.length);
    if (endClose < 0) {
      throw this.damaged('an unfinished element');
    }
    return endClose + 1;
  }
}

function endOfComment(text: string, open: number): number {
  const end = text.indexOf('-->', open + 4);
  return end < 0 ? text.length : end + 3;
}
