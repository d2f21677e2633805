import { isAscii } from 'node:buffer';
import { hasMarkup, isPlainValue, valueEnd } from './cell-tag.js';
import { ItemChunker } from './item-chunker.js';
import { refuse } from './refusal.js';
import { findEndTag, localNameStart, stringItemText, tagEnd, tagName } from './xml-text.js';

/**
 * Reads the shared strings table (`<sst>`) from its inflating chunks, with the same hand-written
 * scanner as the sheet (a general XML parser is about 10× slower; see sheet-scanner.ts). Each
 * `<si>` becomes its plain text: runs joined, phonetic runs dropped.
 */
export async function readSharedStrings(
  chunks: AsyncIterable<Buffer>,
  partName: string,
  fileName: string,
): Promise<string[]> {
  const strings: string[] = [];
  const chunker = new ItemChunker({
    root: 'sst',
    container: null,
    item: 'si',
    partName,
    fileName,
    onItems: (bytes) => {
      collectStringItems(bytes, strings, partName, fileName);
    },
  });
  for await (const chunk of chunks) {
    chunker.push(chunk);
    if (chunker.isDone) {
      break;
    }
  }
  chunker.finish();
  return strings;
}

/**
 * Adds the text of each `<si>` of the chunk to `out`. The usual item, `<si><t>text</t></si>`
 * with nothing to decode, is read by a fast path over the bytes (as the sheet's cells are, see
 * cell-tag.ts); any other is read by the general path from the same `<`.
 */
function collectStringItems(
  chunk: Buffer,
  out: string[],
  partName: string,
  fileName: string,
): void {
  const text = chunk.toString('latin1');
  const bytes = isAscii(chunk) ? null : chunk;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const open = text.indexOf('<', i);
    if (open < 0) {
      return;
    }
    if (hasMarkup(chunk, open, START_SI_T)) {
      const start = open + START_SI_T.length;
      const end = valueEnd(chunk, start);
      if (isPlainValue && hasMarkup(chunk, end, END_T_SI)) {
        // A slice of 13 characters or more would be a view keeping the whole chunk's text
        // alive as long as the table: copies hold the 1M-row file's table in ~40 MB less.
        out.push(end - start < 13 ? text.slice(start, end) : chunk.toString('latin1', start, end));
        i = end + END_T_SI.length;
        continue;
      }
    }
    const close = tagEnd(text, open, length);
    if (close < 0) {
      throw damaged(partName, fileName);
    }
    i = close + 1;
    const first = text.charCodeAt(open + 1);
    if (first === 0x2f || first === 0x3f || first === 0x21) {
      continue; // end tags, processing instructions, comments between items
    }
    const nameEnd = tagName(text, open, close);
    const nameStart = localNameStart;
    const isItem = nameEnd - nameStart === 2 && text.startsWith('si', nameStart);
    if (text.charCodeAt(close - 1) === 0x2f) {
      if (isItem) {
        out.push('');
      }
      continue;
    }
    const name = text.slice(nameStart, nameEnd);
    const end = findEndTag(text, close + 1, length, name);
    if (end < 0) {
      throw damaged(partName, fileName);
    }
    if (isItem) {
      const value = stringItemText(text, close + 1, end, bytes);
      if (value === null) {
        throw damaged(partName, fileName);
      }
      out.push(value);
    }
    const endClose = text.indexOf('>', end);
    if (endClose < 0) {
      throw damaged(partName, fileName);
    }
    i = endClose + 1;
  }
}

const START_SI_T = Buffer.from('<si><t>', 'latin1');
const END_T_SI = Buffer.from('</t></si>', 'latin1');

function damaged(partName: string, fileName: string): Error {
  return refuse('corrupt-file', fileName, `its part ${partName} is not well-formed`);
}
