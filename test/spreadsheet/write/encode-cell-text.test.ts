import { describe, expect, it } from 'vitest';
import {
  MAX_CELL_TEXT_LENGTH,
  encodeCellText,
} from '../../../src/spreadsheet/write/encode-cell-text.js';

describe('encodeCellText', () => {
  it.each([
    ['plain text', 'plain text'],
    ['=1+1', '=1+1'],
    ['a_x0041_b', 'a_x005F_x0041_b'],
    ['a_x00e9_b', 'a_x005F_x00e9_b'],
    ['a_x41_b', 'a_x41_b'],
    ['tab\tlf\ncr\r', 'tab\tlf\ncr\r'],
    ['bell\u0007', 'bell_x0007_'],
    ['nul\u0000del\u007F', 'nul_x0000_del_x007F_'],
    ['lone \uD800 surrogate', 'lone \uFFFD surrogate'],
    ['emoji 👩‍💻', 'emoji 👩‍💻'],
  ])('escapes what a reader would decode or drop: %j → %j', (text, encoded) => {
    expect(encodeCellText(text)).toBe(encoded);
  });

  it("cuts text longer than Excel's cell limit and marks the cut", () => {
    const encoded = encodeCellText('x'.repeat(MAX_CELL_TEXT_LENGTH + 10));
    expect(encoded).toHaveLength(MAX_CELL_TEXT_LENGTH);
    expect(encoded.endsWith('…')).toBe(true);
    expect(encodeCellText('x'.repeat(MAX_CELL_TEXT_LENGTH))).toHaveLength(MAX_CELL_TEXT_LENGTH);
  });
});
