/**
 * Multipart uploads with progress: fetch cannot report upload progress, XMLHttpRequest can.
 */
import { networkError, toApiError } from './api-error.ts';
import { getCsrfToken } from './client.ts';

/** Upload progress, 0..1 (null while the size is unknown). */
export type UploadProgress = (fraction: number | null) => void;

/** Posts `file` (and extra text fields) as multipart/form-data and parses the JSON answer. */
export function uploadFile<T>(
  path: string,
  file: File,
  options: { fields?: Record<string, string>; onProgress?: UploadProgress; signal?: AbortSignal },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const token = getCsrfToken();
    if (token !== null) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.addEventListener('progress', (event) => {
      options.onProgress?.(event.lengthComputable ? event.loaded / event.total : null);
    });
    xhr.addEventListener('load', () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText === '' ? undefined : JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        resolve(body as T);
      } else {
        reject(toApiError(xhr.status, body));
      }
    });
    xhr.addEventListener('error', () => {
      reject(networkError());
    });
    xhr.addEventListener('abort', () => {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    });
    options.signal?.addEventListener('abort', () => {
      xhr.abort();
    });
    const form = new FormData();
    // Text fields first: the server may read them before it streams the file.
    for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
