/**
 * A 64-bit digest of what a plan does, so that a plan made when applying can be compared with
 * the previewed one without keeping both in memory (SPEC §5). Not cryptographic: it guards
 * against a changed directory, not against an adversary.
 */
export class Fingerprint {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** Adds a string (and a separator, so "ab","c" differs from "a","bc"). */
  add(text: string): this {
    return this.text(text).end();
  }

  /**
   * Adds the characters of `text` with no separator: an entry can be added piece by piece
   * (`text`, `code`, `int`, then `end`) and digests exactly as `add` of the pieces joined,
   * without building that string.
   */
  text(text: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  /** Adds one UTF-16 code unit, as `text(String.fromCharCode(code))`. */
  code(code: number): this {
    this.h1 = Math.imul(this.h1 ^ code, 2654435761);
    this.h2 = Math.imul(this.h2 ^ code, 1597334677);
    return this;
  }

  /** Adds a number as `text(String(value))`, without making the string for small whole ones. */
  int(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
      return this.text(String(value));
    }
    let unit = 1;
    while (unit * 10 <= value) unit *= 10;
    for (let rest = value; unit >= 1; unit /= 10) {
      const digit = Math.floor(rest / unit);
      this.code(0x30 + digit);
      rest -= digit * unit;
    }
    return this;
  }

  /** Ends an entry with the separator. */
  end(): this {
    return this.code(0x1f);
  }

  /** The digest as 16 hex digits. */
  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const hex = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
    return hex(h1) + hex(h2);
  }
}
