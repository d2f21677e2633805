/**
 * Sending a file that a use case writes (the results workbook, the template) from a private
 * temporary folder, removed once the answer has been sent or the client went away.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';

/** The content type of .xlsx files. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Writes a file with `write(path)`, then sends it as a download named `fileName`. */
export async function sendWrittenFile(
  reply: FastifyReply,
  fileName: string,
  write: (path: string) => Promise<void>,
): Promise<FastifyReply> {
  const dir = await mkdtemp(join(tmpdir(), 'usersync-download-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'download');
  try {
    await write(path);
  } catch (error) {
    await dispose();
    throw error;
  }
  const { size } = await stat(path);
  const stream = createReadStream(path);
  stream.on('close', () => {
    void dispose();
  });
  return reply
    .type(XLSX_TYPE)
    .header('content-length', String(size))
    .header('content-disposition', `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`)
    .send(stream);
}
