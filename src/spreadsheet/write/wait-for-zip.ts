/**
 * Back-pressure for ExcelJS's streaming writer, which has none of its own.
 *
 * A committed row goes into the worksheet's in-memory stream (`worksheet.stream`, ExcelJS's
 * StreamBuf), which writes it on to the zip entry stream of the archiver (a `readable-stream` 2
 * PassThrough in `stream.pipes`) without looking at `write()`'s result. When rows are produced
 * faster than the archiver deflates them — always, for a large run — the whole uncompressed sheet
 * piles up in that PassThrough: about 400 MB for a million rows. Waiting for the entry stream to
 * drain every few hundred rows keeps memory flat.
 *
 * None of this is in ExcelJS's typings, so this module is the one place that looks inside, with
 * type guards rather than casts. If the shape ever changes, the guards fail and the writer merely
 * yields to the event loop instead (correct output, more memory).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

interface ZipEntryStream {
  readonly _writableState: { readonly needDrain: boolean };
  readonly once: (event: 'drain', listener: () => void) => unknown;
  readonly removeListener: (event: 'drain', listener: () => void) => unknown;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isZipEntryStream(value: unknown): value is ZipEntryStream {
  return (
    isObject(value) &&
    '_writableState' in value &&
    isObject(value._writableState) &&
    'needDrain' in value._writableState &&
    typeof value._writableState.needDrain === 'boolean' &&
    'once' in value &&
    typeof value.once === 'function' &&
    'removeListener' in value &&
    typeof value.removeListener === 'function'
  );
}

/** The zip entry streams a streaming worksheet writes into, or [] if its shape is unknown. */
function zipEntryStreams(worksheet: object): ZipEntryStream[] {
  if (!('stream' in worksheet) || !isObject(worksheet.stream)) {
    return [];
  }
  const { stream } = worksheet;
  if (!('pipes' in stream) || !Array.isArray(stream.pipes)) {
    return [];
  }
  return stream.pipes.filter(isZipEntryStream);
}

function drained(entry: ZipEntryStream, output: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      cleanUp();
      resolve();
    };
    const onOutputGone = (): void => {
      cleanUp();
      reject(output.errored ?? new Error('the output closed before the workbook was complete'));
    };
    const cleanUp = (): void => {
      entry.removeListener('drain', onDrain);
      output.removeListener('error', onOutputGone);
      output.removeListener('close', onOutputGone);
    };
    entry.once('drain', onDrain);
    output.once('error', onOutputGone);
    output.once('close', onOutputGone);
  });
}

/**
 * Waits until the zip has taken in what `worksheet` has written so far and the `output` can take
 * more; rejects if the output failed or closed meanwhile.
 */
export async function waitForZip(worksheet: object, output: Writable): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  for (const entry of zipEntryStreams(worksheet)) {
    if (entry._writableState.needDrain) {
      await drained(entry, output);
    }
  }
  if (output.errored) {
    throw output.errored;
  }
  if (output.writableNeedDrain) {
    await once(output, 'drain');
  }
}
