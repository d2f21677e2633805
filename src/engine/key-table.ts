/**
 * A table of whole-number values by string key for the directory index: open addressing over
 * arrays sized once for the number of keys. At a million users a Map rehashes about twenty times
 * on its way up, touching every key again each time, and its entries are larger; here a lookup
 * is one probe into an Int32Array and one key comparison.
 *
 * Each slot's key hash and value sit side by side in one Int32Array (`slots`; hashes are never
 * 0, which marks an empty slot), so a probe reads one cache line for both, and the key array and
 * the key string are read only when the hash matches: at a million users the table and the key
 * strings are far larger than the CPU's caches, and every such read is a cache miss.
 */
export class KeyTable {
  private readonly keys: (string | undefined)[];
  /** Slot i's key hash at 2i (0: empty) and its value at 2i + 1. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** A table for at most `capacity` keys (it stays at most half full). */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
  }

  /** Sets the value of `key`; a later set of the same key replaces it, as Map's does. */
  set(key: string, value: number): void {
    const hash = hashOf(key);
    const slot = this.slotOf(key, hash);
    this.keys[slot] = key;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = value;
  }

  /** The value of `key`, or undefined. */
  get(key: string): number | undefined {
    const slot = this.slotOf(key, hashOf(key));
    return this.slots[2 * slot] === 0 ? undefined : this.slots[2 * slot + 1];
  }

  /** Whether `key` has a value. */
  has(key: string): boolean {
    return this.slots[2 * this.slotOf(key, hashOf(key))] !== 0;
  }

  /** The slot holding `key`, or the empty slot where it would go (linear probing). */
  private slotOf(key: string, hash: number): number {
    const slots = this.slots;
    let slot = hash & this.mask;
    for (;;) {
      const held = slots[2 * slot];
      if (held === 0 || (held === hash && this.keys[slot] === key)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * FNV-1a over the UTF-16 code units, then MurmurHash3's finaliser to spread sequential keys; 0
 * (the empty slot's mark) becomes 1.
 */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16) || 1;
}
