/**
 * Receiving an uploaded spreadsheet: multipart/form-data with the file in the field `file`,
 * streamed to a private temporary file while the size limit is enforced (413 as soon as the
 * limit is passed, naming it). Files whose name says they are neither a workbook nor CSV are
 * refused at once (415); .xls and .ods reach the reader, which refuses them with its own
 * message (422). The caller must `dispose()` the upload, which removes the temporary file.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { formatBytes } from '../spreadsheet/read/read-limits.js';
import { AppError } from '../runs/app-error.js';

/** The extensions passed to the reader (.xls and .ods only to be refused with a clear message). */
const READABLE_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.csv', '.txt', '.xls', '.ods']);

/** A received upload. */
export interface Upload {
  /** The temporary file holding the upload. */
  readonly filePath: string;
  /** The file's name as the client gave it (no directories). */
  readonly fileName: string;
  /** The other form fields, as text. */
  readonly fields: Readonly<Record<string, string>>;
  /** Removes the temporary file; safe to call twice. */
  dispose(): Promise<void>;
}

function tooLarge(limitBytes: number): AppError {
  return new AppError(
    'payload-too-large',
    `The file is larger than the upload limit of ${formatBytes(limitBytes)}.`,
    { limitBytes },
  );
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop()?.trim() ?? '';
}

/** Receives the request's file; throws 413/415/400 AppErrors (the temporary file removed). */
export async function receiveUpload(request: FastifyRequest, limitBytes: number): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported-media-type',
      'Send the file as multipart/form-data, in a field named "file".',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'usersync-upload-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  let fileName: string | null = null;
  const filePath = join(dir, 'upload');
  try {
    const parts = request.parts({ limits: { fileSize: limitBytes, files: 1, fields: 10 } });
    for await (const part of parts) {
      if (part.type === 'field') {
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
        continue;
      }
      const name = baseName(part.filename);
      if (part.fieldname !== 'file' || fileName !== null) {
        part.file.resume();
        continue;
      }
      const extension = extname(name).toLowerCase();
      if (!READABLE_EXTENSIONS.has(extension)) {
        part.file.resume();
        throw new AppError(
          'unsupported-media-type',
          `usersync reads .xlsx and .csv files; "${name}" is neither.`,
          { fileName: name },
        );
      }
      await pipeline(part.file, createWriteStream(filePath, { mode: 0o600 }));
      if (part.file.truncated) throw tooLarge(limitBytes);
      fileName = name;
    }
  } catch (error) {
    await dispose();
    if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') {
      throw tooLarge(limitBytes);
    }
    throw error;
  }
  if (fileName === null) {
    await dispose();
    throw new AppError(
      'invalid-input',
      'The request has no file: send it in a field named "file".',
    );
  }
  return { filePath, fileName, fields, dispose };
}
