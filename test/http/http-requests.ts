/**
 * Request builders for the HTTP tests: multipart uploads, CSV files, and waiting for a job.
 */
import { expect } from 'vitest';
import type { App } from '../../src/http/app.js';
import type { JobView } from '../../src/runs/run-jobs.js';
import { asToken } from './http-app.js';

/** One part of a multipart body. */
export interface Part {
  readonly name: string;
  readonly content: Buffer | string;
  /** Set for file parts. */
  readonly fileName?: string;
}

/** A multipart/form-data body and its content type. */
export function multipart(parts: readonly Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----usersync${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      part.fileName === undefined
        ? `form-data; name="${part.name}"`
        : `form-data; name="${part.name}"; filename="${part.fileName}"`;
    const type = part.fileName === undefined ? '' : 'Content-Type: application/octet-stream\r\n';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A user row with the required columns filled from the userName, plus `extra`. */
export function aRow(userName: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    userName,
    email: `${userName}@example.com`,
    firstName: 'First',
    lastName: userName,
    ...extra,
  };
}

/** CSV text of the rows (header = the union of their keys). */
export function csvOf(rows: readonly Record<string, string>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const quote = (value: string) =>
    /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return `${[columns.join(','), ...rows.map((row) => columns.map((c) => quote(row[c] ?? '')).join(','))].join('\r\n')}\r\n`;
}

/** Uploads a file to preview a run of `config`; returns the raw response. */
export function uploadRun(
  app: App,
  token: string,
  config: string,
  file: { name: string; content: Buffer | string },
  extra: readonly Part[] = [],
) {
  const body = multipart([{ name: 'file', fileName: file.name, content: file.content }, ...extra]);
  return app.inject({
    method: 'POST',
    url: `/api/configs/${encodeURIComponent(config)}/runs`,
    headers: { ...asToken(token), 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** Polls a job until it has ended; returns its last view. */
export async function waitForJob(app: App, token: string, jobId: string): Promise<JobView> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const response = await app.inject({ url: `/api/jobs/${jobId}`, headers: asToken(token) });
    expect(response.statusCode).toBe(200);
    const view = response.json<JobView>();
    if (view.state !== 'running') return view;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`job ${jobId} did not end`);
}

/** Uploads rows, waits for the preview, and returns the run id (throws if it failed). */
export async function previewRows(
  app: App,
  token: string,
  config: string,
  rows: readonly Record<string, string>[],
): Promise<string> {
  const response = await uploadRun(app, token, config, { name: 'users.csv', content: csvOf(rows) });
  expect(response.statusCode).toBe(202);
  const job = await waitForJob(app, token, response.json<{ jobId: string }>().jobId);
  if (job.runId === null) throw new Error(`preview failed: ${JSON.stringify(job.error)}`);
  return job.runId;
}
