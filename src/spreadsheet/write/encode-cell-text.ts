/**
 * Text as it must be handed to ExcelJS so that a spreadsheet program reads back exactly the text
 * we meant (SPEC §5: "every text cell of an export is written as text").
 *
 * Two things stand between a JS string and the text a reader sees:
 * - OOXML's `ST_Xstring` escape: a reader decodes `_xHHHH_` in a cell's text to the character
 *   U+HHHH (Excel does, and so does ExcelJS's own reader). A literal `_x0041_` in a value must
 *   therefore be written with its underscore escaped as `_x005F_`.
 * - Characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR) are silently dropped
 *   by ExcelJS, together with DEL. They are written as `_xHHHH_` escapes instead, which readers
 *   decode back to the character.
 * Lone UTF-16 surrogates cannot be represented at all and become U+FFFD.
 */

/** Excel's limit on the characters of one cell; longer text makes Excel "repair" the file. */
export const MAX_CELL_TEXT_LENGTH = 32_767;

/** The number format that makes a spreadsheet program keep typed input as text. */
export const TEXT_NUMBER_FORMAT = '@';

const ESCAPE_LIKE = /_(?=x[0-9A-Fa-f]{4}_)/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const UNWRITABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TRUNCATION_MARK = '…';

function escapeCharacter(character: string): string {
  return `_x${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
}

/**
 * Encodes `text` for a string cell written by ExcelJS, so that a reader decodes exactly `text`.
 * Text longer than Excel's cell limit is cut and ends with "…" (no value the product stores comes
 * near it; only a pathological file row could).
 */
export function encodeCellText(text: string): string {
  const limited =
    text.length > MAX_CELL_TEXT_LENGTH
      ? text.slice(0, MAX_CELL_TEXT_LENGTH - TRUNCATION_MARK.length) + TRUNCATION_MARK
      : text;
  return limited
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(ESCAPE_LIKE, '_x005F_')
    .replace(UNWRITABLE, escapeCharacter);
}
