import { ItemChunker } from './item-chunker.js';
import { refuse } from './refusal.js';
import { cellText, type CellContext, type CellParts } from './cell-text.js';
import type { CellIssue, RawRow } from './table-source.js';
import { findEndTag, isXmlSpace, localNameStart, tagEnd, tagName } from './xml-text.js';

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
    bytes: null,
    valueStart: -1,
    valueEnd: -1,
    inlineStart: -1,
    inlineEnd: -1,
    hasFormula: false,
  };

  constructor(
    private readonly context: CellContext,
    private readonly partName: string,
    private readonly fileName: string,
  ) {
    this.chunker = new ItemChunker({
      root: 'worksheet',
      container: 'sheetData',
      item: 'row',
      partName,
      fileName,
      onItems: (text, bytes) => {
        this.scanRows(text, bytes);
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

  private scanRows(text: string, bytes: Buffer | null): void {
    const parts = this.parts;
    parts.text = text;
    parts.bytes = bytes;
    const length = text.length;
    let i = 0;
    while (i < length) {
      const open = text.indexOf('<', i);
      if (open < 0) {
        return;
      }
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
      const parsed = attrREnd > attrRStart ? Number(text.slice(attrRStart, attrREnd)) : Number.NaN;
      const row = Number.isInteger(parsed) && parsed > 0 ? parsed : this.lastRow + 1;
      this.lastRow = row;
      i = selfClosing ? close + 1 : this.scanCells(text, close + 1, row);
    }
  }

  /** Scans the cells of row `row` from `start` to its end tag; returns the index after it. */
  private scanCells(text: string, start: number, row: number): number {
    const length = text.length;
    const parts = this.parts;
    const cells: (string | undefined)[] = [];
    let issues: CellIssue[] | null = null;
    let hasValue = false;
    let column = -1;
    let i = start;
    for (;;) {
      const open = text.indexOf('<', i);
      const close = open < 0 ? -1 : tagEnd(text, open, length);
      if (close < 0) {
        throw this.damaged(`an unfinished row ${String(row)}`);
      }
      const first = text.charCodeAt(open + 1);
      if (first === 0x2f) {
        i = close + 1; // </row>
        break;
      }
      if (first === 0x3f || first === 0x21) {
        i = first === 0x21 && text.startsWith('<!--', open) ? endOfComment(text, open) : close + 1;
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
      const refColumn = attrREnd > attrRStart ? columnOfReference(text, attrRStart, attrREnd) : -1;
      column = refColumn >= 0 ? refColumn : column + 1;
      parts.type = attrTEnd > attrTStart ? text.slice(attrTStart, attrTEnd) : null;
      parts.style = attrSEnd > attrSStart ? Number(text.slice(attrSStart, attrSEnd)) : 0;
      parts.valueStart = -1;
      parts.valueEnd = -1;
      parts.inlineStart = -1;
      parts.inlineEnd = -1;
      parts.hasFormula = false;
      i = selfClosing ? close + 1 : this.scanCellChildren(text, close + 1);
      if (column >= MAX_COLUMNS || (selfClosing && parts.type === null)) {
        continue;
      }
      const result = cellText(parts, this.context, row, column);
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

/*
 * The r, t and s attributes of the last tag read by readAttributes, as value ranges of the text
 * (start === end when absent). Module state rather than a returned object: this runs for every
 * cell of the sheet.
 */
let attrRStart = 0;
let attrREnd = 0;
let attrTStart = 0;
let attrTEnd = 0;
let attrSStart = 0;
let attrSEnd = 0;

/** Reads the attributes of the tag text [start, end) in one pass, noting r, t and s. */
function readAttributes(text: string, start: number, end: number): void {
  attrRStart = attrREnd = attrTStart = attrTEnd = attrSStart = attrSEnd = 0;
  let i = start;
  while (i < end) {
    const eq = text.indexOf('=', i);
    if (eq < 0 || eq >= end) {
      return;
    }
    let nameEnd = eq;
    while (nameEnd > i && isXmlSpace(text.charCodeAt(nameEnd - 1))) {
      nameEnd--;
    }
    const name = text.charCodeAt(nameEnd - 1);
    const isSingleLetter = nameEnd - 2 >= i && isXmlSpace(text.charCodeAt(nameEnd - 2));
    let quote = eq + 1;
    while (quote < end && isXmlSpace(text.charCodeAt(quote))) {
      quote++;
    }
    const quoteCode = text.charCodeAt(quote);
    if (quoteCode !== 0x22 && quoteCode !== 0x27) {
      return;
    }
    const close = text.indexOf(quoteCode === 0x22 ? '"' : "'", quote + 1);
    if (close < 0 || close >= end) {
      return;
    }
    if (isSingleLetter) {
      if (name === 0x72) {
        attrRStart = quote + 1;
        attrREnd = close;
      } else if (name === 0x74) {
        attrTStart = quote + 1;
        attrTEnd = close;
      } else if (name === 0x73) {
        attrSStart = quote + 1;
        attrSEnd = close;
      }
    }
    i = close + 1;
  }
}

function endOfComment(text: string, open: number): number {
  const end = text.indexOf('-->', open + 4);
  return end < 0 ? text.length : end + 3;
}

/** The 0-based column of the cell reference in text [from, to), e.g. "AB12" ($ allowed), or -1. */
export function columnOfReference(text: string, from: number, to: number): number {
  let column = 0;
  let i = from;
  if (text.charCodeAt(i) === 0x24) {
    i += 1;
  }
  const start = i;
  for (; i < to && i - start < 4; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0x61 && code <= 0x7a) {
      code -= 0x20;
    }
    if (code < 0x41 || code > 0x5a) {
      break;
    }
    column = column * 26 + (code - 0x40);
  }
  return i === start ? -1 : column - 1;
}
