import { describe, expect, test } from 'vitest';
import { COPY_CHUNK_CHARS, copyChunk } from '../../src/store/insert-rows.js';

/** Every chunk of `rows` (one text value each), as copyChunk makes them one after another. */
function chunksOf(rows: readonly string[]): string[] {
  const chunks: string[] = [];
  for (let from = 0; from < rows.length;) {
    const { text, next } = copyChunk(rows, from, (row) => [row]);
    expect(next).toBeGreaterThan(from);
    chunks.push(text);
    from = next;
  }
  return chunks;
}

describe('COPY chunks', () => {
  test('chunks of rows as long as a staged source chunk (~21 KB) stay within the budget', () => {
    // Two-byte characters: 128 KiB, V8's largest ordinary object, is 65,536 of them.
    const rows = Array.from(
      { length: 40 },
      (_, index) => `${String(index)} ${'東'.repeat(21_000)}`,
    );
    const chunks = chunksOf(rows);
    expect(chunks.every((chunk) => chunk.length <= COPY_CHUNK_CHARS)).toBe(true);
    expect(chunks.join('')).toBe(rows.map((row) => `${row}\n`).join(''));
  });

  test('short rows fill a chunk up to the budget, and every row is in one chunk, in order', () => {
    const rows = Array.from(
      { length: 1_000 },
      (_, index) => `row ${String(index)} ${'y'.repeat(500)}`,
    );
    const chunks = chunksOf(rows);
    expect(chunks.every((chunk) => chunk.length <= COPY_CHUNK_CHARS)).toBe(true);
    expect(chunks.slice(0, -1).every((chunk) => chunk.length > COPY_CHUNK_CHARS - 600)).toBe(true);
    expect(chunks.join('')).toBe(rows.map((row) => `${row}\n`).join(''));
  });

  test('a row longer than the budget ends its chunk', () => {
    const long = 'x'.repeat(COPY_CHUNK_CHARS * 2);
    expect(chunksOf([long, 'a', long, 'b'])).toEqual([`${long}\n`, `a\n${long}\n`, 'b\n']);
  });
});
