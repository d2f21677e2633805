/**
 * The text of a numeric cell value as written in the file (`<v>15551234567</v>`, `<v>1.5E-3</v>`),
 * per SPEC §3: whole numbers without `.0` or exponent (2134, 15551234567, 1E+21 as
 * 1000000000000000000000), other numbers in JavaScript's shortest round-trip form (0.1, 1e-7).
 * Null when the text is not a number.
 */
export function numberText(raw: string): string | null {
  if (isPlainInteger(raw)) {
    return raw;
  }
  const trimmed = raw.trim();
  if (trimmed === '') {
    return null;
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    return null;
  }
  const text = String(value);
  return Number.isInteger(value) && text.includes('e') ? expandExponent(text) : text;
}

/** "1.2345e+22" → "12345000000000000000000": the shortest digits, padded, never an exponent. */
function expandExponent(text: string): string {
  const [mantissa = '', exponent = '0'] = text.split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '', fraction = ''] = mantissa.replace('-', '').split('.');
  const digits = whole + fraction;
  const zeros = Number(exponent) - fraction.length;
  return (negative ? '-' : '') + digits + '0'.repeat(Math.max(zeros, 0));
}

/** Digits with an optional minus, no leading zero, short enough to be exact: already canonical. */
function isPlainInteger(raw: string): boolean {
  const length = raw.length;
  if (length === 0 || length > 15) {
    return false;
  }
  let i = raw.charCodeAt(0) === 0x2d ? 1 : 0;
  if (i === length || (raw.charCodeAt(i) === 0x30 && length > i + 1)) {
    return false;
  }
  if (i === 1 && raw === '-0') {
    return false;
  }
  for (; i < length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 0x30 || code > 0x39) {
      return false;
    }
  }
  return true;
}
