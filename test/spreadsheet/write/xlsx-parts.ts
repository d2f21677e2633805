/** Test helpers: the raw parts of an .xlsx, and an in-memory output stream. */
import { Writable } from 'node:stream';
import yauzl from 'yauzl';

/** Every part of the zip in `bytes`, by name, as UTF-8 text. */
export async function readXlsxParts(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, opened) => {
      if (error === null) {
        resolve(opened);
      } else {
        reject(error);
      }
    });
  });
  const parts = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => {
      resolve();
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error !== null) {
          reject(error);
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          parts.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return parts;
}

/** The part named `name`, or a failure naming the parts there are. */
export function part(parts: ReadonlyMap<string, string>, name: string): string {
  const text = parts.get(name);
  if (text === undefined) {
    throw new Error(`no part ${name} in [${[...parts.keys()].join(', ')}]`);
  }
  return text;
}

/** A writable stream that keeps what is written, for `bytes()` once it has finished. */
export function memoryOutput(): Writable & { bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return Object.assign(stream, { bytes: () => Buffer.concat(chunks) });
}
