import { refuse } from './refusal.js';
import { localNameStart, tagEnd, tagName } from './xml-text.js';

/** A row (or shared string) larger than this is not a spreadsheet's; the file is refused. */
const MAX_PENDING_BYTES = 64 * 1024 * 1024;

/** What the chunker looks for in a part. */
export interface ItemChunkerOptions {
  /** Local name of the document element (`worksheet`, `sst`). */
  readonly root: string;
  /** Local name of the element holding the items (`sheetData`), or null when it is the root. */
  readonly container: string | null;
  /** Local name of an item (`row`, `si`). */
  readonly item: string;
  readonly partName: string;
  readonly fileName: string;
  /**
   * Called with bytes holding only whole items (and whitespace or comments between them), so
   * decoding them never splits a character. Scanners read them as Latin-1 text (a plain copy,
   * several times faster than UTF-8 decoding, and offsets stay byte offsets) and decode only
   * values holding non-ASCII bytes as UTF-8 (rawText).
   */
  readonly onItems: (bytes: Buffer) => void;
}

const EMPTY = Buffer.alloc(0);

/**
 * Cuts an inflating XML part into texts of whole items. Bytes are only decoded up to the end of
 * the last complete item (`</row>`), so a multi-byte UTF-8 character is never split and the part
 * is never held whole. The prolog is checked first: a DTD refuses the file, and the document
 * element's namespace prefix (`x:` in some producers' files) is learnt so item end tags can be
 * found as bytes.
 */
export class ItemChunker {
  private pending: Buffer = EMPTY;
  private phase: 'prolog' | 'items' | 'done' = 'prolog';
  private itemEnd: Buffer = EMPTY;
  private containerEnd: Buffer = EMPTY;

  constructor(private readonly options: ItemChunkerOptions) {}

  /** Whether the items are all read (the rest of the part can be left uninflated). */
  get isDone(): boolean {
    return this.phase === 'done';
  }

  /** Feeds the next inflated chunk. */
  push(chunk: Buffer): void {
    if (this.phase === 'done') {
      return;
    }
    if (this.phase === 'items' && this.pending.length > 0) {
      // Only the item cut by the chunk's start is copied together, not the whole chunk.
      const first = chunk.indexOf(this.itemEnd);
      if (first >= 0) {
        const end = first + this.itemEnd.length;
        const head = Buffer.concat([this.pending, chunk.subarray(0, end)]);
        this.pending = EMPTY;
        this.cutItems(head);
        if (!this.isDone) {
          this.cutItems(chunk.subarray(end));
        }
        return;
      }
    }
    const buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = EMPTY;
    if (this.phase === 'prolog') {
      const start = this.readProlog(buffer);
      if (start < 0) {
        this.pending = buffer;
        this.checkPending();
        return;
      }
      if (!this.isDone) {
        this.cutItems(buffer.subarray(start));
      }
      return;
    }
    this.cutItems(buffer);
  }

  /** Ends the part: the remaining bytes hold the last items, if any. */
  finish(): void {
    if (this.phase === 'prolog') {
      throw refuse(
        'corrupt-file',
        this.options.fileName,
        `its part ${this.options.partName} is incomplete`,
      );
    }
    if (this.phase === 'items') {
      this.phase = 'done';
      const end = this.pending.indexOf(this.containerEnd);
      this.emit(this.pending.subarray(0, end < 0 ? this.pending.length : end));
      this.pending = EMPTY;
    }
  }

  private cutItems(buffer: Buffer): void {
    const cut = buffer.lastIndexOf(this.itemEnd);
    let rest = buffer;
    if (cut >= 0) {
      const end = cut + this.itemEnd.length;
      this.emit(buffer.subarray(0, end));
      rest = buffer.subarray(end);
    }
    const containerEnd = rest.indexOf(this.containerEnd);
    if (containerEnd >= 0) {
      this.emit(rest.subarray(0, containerEnd));
      this.phase = 'done';
      return;
    }
    this.pending = rest;
    this.checkPending();
  }

  private emit(bytes: Buffer): void {
    this.options.onItems(bytes);
  }

  private checkPending(): void {
    if (this.pending.length > MAX_PENDING_BYTES) {
      throw refuse(
        'corrupt-file',
        this.options.fileName,
        `its part ${this.options.partName} holds an element larger than 64 MiB`,
      );
    }
  }

  /**
   * Finds the document element and the container's start tag; returns the byte offset where
   * items begin, or -1 when more bytes are needed. Latin-1 decoding keeps byte offsets.
   */
  private readProlog(buffer: Buffer): number {
    const { root, container, partName, fileName } = this.options;
    const text = buffer.toString('latin1');
    let i = 0;
    let prefix: string | null = null;
    while (i < text.length) {
      const open = text.indexOf('<', i);
      if (open < 0) {
        return -1;
      }
      if (text.startsWith('<!--', open)) {
        const close = text.indexOf('-->', open + 4);
        if (close < 0) {
          return -1;
        }
        i = close + 3;
        continue;
      }
      if (text.startsWith('<!', open)) {
        throw refuse('dtd-forbidden', fileName, `in its part ${partName}`);
      }
      const close = tagEnd(text, open, text.length);
      if (close < 0) {
        return -1;
      }
      i = close + 1;
      if (text.charCodeAt(open + 1) === 0x3f || text.charCodeAt(open + 1) === 0x2f) {
        continue; // the XML declaration, a processing instruction, an end tag
      }
      const nameEnd = tagName(text, open, close);
      const localStart = localNameStart;
      const local = text.slice(localStart, nameEnd);
      if (prefix === null) {
        if (local !== root) {
          throw refuse('corrupt-file', fileName, `its part ${partName} is not a ${root}`);
        }
        prefix = text.slice(open + 1, localStart);
        this.itemEnd = Buffer.from(`</${prefix}${this.options.item}>`, 'latin1');
        this.containerEnd = Buffer.from(`</${prefix}${container ?? root}>`, 'latin1');
        if (container !== null) {
          continue;
        }
      } else if (local !== container) {
        continue;
      }
      this.phase = text.charCodeAt(close - 1) === 0x2f ? 'done' : 'items';
      return close + 1;
    }
    return -1;
  }
}
