/**
 * A set of userName (or email) keys for the rules that look across a file: a directory user's
 * key is marked by the user's position in the index, in an array, and any other key in a hash
 * set. At a million rows a hash operation costs several cache misses, an array mark one. The
 * caller passes the position the index gives the key (or -1), a function of the key that tells
 * keys apart, so the marks agree with a plain set of keys.
 */
export class KeyMarks {
  private readonly users: Uint8Array;
  private readonly others = new Set<string>();

  constructor(userCount: number) {
    this.users = new Uint8Array(userCount);
  }

  /** Marks `key` (at directory `position`, or -1) and says whether it was marked already. */
  mark(key: string, position: number): boolean {
    if (position >= 0) {
      const seen = this.users[position] === 1;
      this.users[position] = 1;
      return seen;
    }
    const size = this.others.size;
    this.others.add(key);
    return this.others.size === size;
  }
}
