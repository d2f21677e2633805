import { isAscii } from 'node:buffer';
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
      const text = bytes.toString('latin1');
      collectStringItems(text, isAscii(bytes) ? null : bytes, strings, partName, fileName);
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

function collectStringItems(
  text: string,
  bytes: Buffer | null,
  out: string[],
  partName: string,
  fileName: string,
): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    const open = text.indexOf('<', i);
    if (open < 0) {
      return;
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

function damaged(partName: string, fileName: string): Error {
  return refuse('corrupt-file', fileName, `its part ${partName} is not well-formed`);
}
