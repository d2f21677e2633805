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
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
    h1 = Math.imul(h1 ^ 0x1f, 2654435761);
    h2 = Math.imul(h2 ^ 0x1f, 1597334677);
    this.h1 = h1;
    this.h2 = h2;
    return this;
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
