import { createReadStream } from 'node:fs';
import { createInflateRaw, type ZlibOptions } from 'node:zlib';
import { Readable, type TransformOptions } from 'node:stream';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { FileRefusedError, refuse } from './refusal.js';
import { formatBytes, type ReadLimits } from './read-limits.js';

/** Inflated chunk size: large chunks keep the per-chunk overhead of the scanners negligible. */
const INFLATE_CHUNK_BYTES = 256 * 1024;
/**
 * How far inflating may run ahead of the scanner. zlib works on the thread pool: with a buffer
 * of several chunks it inflates the next ones while the main thread scans this one. (4 MiB, with
 * 1 MiB file reads, added ~45 MB to the peak RSS of streaming the 1M-row shared-strings file:
 * buffers awaiting collection.)
 */
const INFLATE_OPTIONS: ZlibOptions & TransformOptions = {
  chunkSize: INFLATE_CHUNK_BYTES,
  highWaterMark: 1024 * 1024,
};
/**
 * Compressed bytes read per call. yauzl's own part streams read 16 KiB at a time, one read in
 * flight: about 900 reads for a 100k-row sheet, which cost more main-thread time (≈100–170 ms)
 * than inflating it. Parts are read with node:fs streams of this size instead.
 */
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * A zip read through its central directory (yauzl), so any part can be read in any order: the
 * shared strings are needed before the sheet but are often stored after it. Every part is
 * inflated with node:zlib while counting, so the size and ratio limits hold whatever the headers
 * claim. Part names are matched case-insensitively, as OPC requires.
 */
export class ZipArchive {
  private constructor(
    private readonly path: string,
    private readonly zip: ZipFile,
    private readonly entries: ReadonlyMap<string, Entry>,
    private readonly fileName: string,
    private readonly limits: ReadLimits,
  ) {}

  /** Opens the zip at `path`, refusing it as corrupt when its central directory can't be read. */
  static async open(path: string, fileName: string, limits: ReadLimits): Promise<ZipArchive> {
    let zip: ZipFile;
    try {
      zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
    } catch (error) {
      throw refuse('corrupt-file', fileName, 'its zip directory is missing or damaged', error);
    }
    const entries = new Map<string, Entry>();
    try {
      for await (const entry of zip.eachEntry()) {
        entries.set(normalisePartName(entry.fileName), entry);
      }
    } catch (error) {
      zip.close();
      throw refuse('corrupt-file', fileName, 'its zip directory is damaged', error);
    }
    return new ZipArchive(path, zip, entries, fileName, limits);
  }

  /** Whether the zip holds a part named `name` (no leading slash; case-insensitive). */
  has(name: string): boolean {
    return this.entries.has(normalisePartName(name));
  }

  /** Reads a small part whole, refusing it beyond `maxBytes` (or the part size limit). */
  async readPart(name: string, maxBytes: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of this.streamPart(name)) {
      total += chunk.length;
      if (total > maxBytes) {
        throw refuse(
          'part-too-large',
          this.fileName,
          `its part ${name} is over ${formatBytes(maxBytes)}`,
        );
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
  }

  /**
   * Inflates the part `name` chunk by chunk. Stops with a refusal as soon as the part passes the
   * size limit, or passes the grace size with a ratio beyond the zip-bomb guard.
   */
  async *streamPart(name: string): AsyncGenerator<Buffer, void, undefined> {
    const entry = this.entries.get(normalisePartName(name));
    if (entry === undefined) {
      throw refuse('corrupt-file', this.fileName, `the part ${name} is missing`);
    }
    if (entry.isEncrypted()) {
      throw refuse('password-protected', this.fileName);
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw refuse('corrupt-file', this.fileName, `the part ${name} uses an unknown compression`);
    }
    const raw = await this.openRaw(entry, name);
    const stream: Readable =
      entry.compressionMethod === 8 ? raw.pipe(createInflateRaw(INFLATE_OPTIONS)) : raw;
    if (stream !== raw) {
      raw.on('error', (error) => stream.destroy(error));
    }
    const compressed = Math.max(entry.compressedSize, 1);
    const { maxPartBytes, maxCompressionRatio, compressionRatioGraceBytes } = this.limits;
    let total = 0;
    try {
      for await (const chunk of stream) {
        if (!Buffer.isBuffer(chunk)) {
          continue;
        }
        total += chunk.length;
        if (total > maxPartBytes) {
          throw refuse(
            'part-too-large',
            this.fileName,
            `its part ${name} is over ${formatBytes(maxPartBytes)} uncompressed`,
          );
        }
        if (total > compressionRatioGraceBytes && total / compressed > maxCompressionRatio) {
          throw refuse(
            'compression-ratio',
            this.fileName,
            `its part ${name} expands more than ${String(maxCompressionRatio)} times`,
          );
        }
        yield chunk;
      }
    } catch (error) {
      if (error instanceof FileRefusedError) {
        throw error;
      }
      throw refuse(
        'corrupt-file',
        this.fileName,
        `its part ${name} is truncated or damaged`,
        error,
      );
    } finally {
      stream.destroy();
      raw.destroy();
    }
  }

  /** Closes the zip's file. */
  close(): void {
    this.zip.close();
  }

  /**
   * The part's stored bytes as a stream. yauzl locates them (and checks the local header and
   * that they lie inside the file); node:fs reads them in large chunks (READ_CHUNK_BYTES).
   */
  private async openRaw(entry: Entry, name: string): Promise<Readable> {
    let dataStart: number;
    try {
      ({ fileDataStart: dataStart } = await this.zip.readLocalFileHeaderPromise(entry, {
        minimal: true,
      }));
    } catch (error) {
      throw refuse('corrupt-file', this.fileName, `the part ${name} cannot be read`, error);
    }
    if (entry.compressedSize === 0) {
      return Readable.from([]);
    }
    return createReadStream(this.path, {
      start: dataStart,
      end: dataStart + entry.compressedSize - 1,
      highWaterMark: READ_CHUNK_BYTES,
    });
  }
}

/** OPC part names: no leading slash, forward slashes, case-insensitive. */
function normalisePartName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}
