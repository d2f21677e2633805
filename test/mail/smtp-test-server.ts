/**
 * A real SMTP server on loopback for the mail tests (the `smtp-server` package, port 0 unless a
 * port is given), recording every message it accepts, and a small MIME reader for them.
 */
import { SMTPServer } from 'smtp-server';

/** A message the server accepted. */
export interface ReceivedMail {
  /** The whole message as transmitted (CRLF line ends). */
  readonly raw: string;
  /** RCPT TO addresses. */
  readonly recipients: readonly string[];
  /** The user that authenticated, if any. */
  readonly user: string | undefined;
}

/** What the tests can see of and do with the server. */
export interface TestSmtpServer {
  readonly port: number;
  /** Accepted messages, in order. */
  readonly received: ReceivedMail[];
  /** The largest number of messages that were being received at the same time. */
  readonly peakConcurrentData: () => number;
  /** The largest number of open connections at once. */
  readonly peakConnections: () => number;
  /** Stops listening and drops every connection. */
  stop(): Promise<void>;
}

/** Options of the test server. */
export interface TestSmtpServerOptions {
  /** The port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Required credentials; without them authentication is optional and anything goes. */
  readonly credentials?: { readonly user: string; readonly pass: string };
  /** Recipients refused with `550 No such user`. */
  readonly refuse?: (address: string) => boolean;
}

/** Starts an SMTP server on 127.0.0.1. */
export async function startSmtpServer(
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let dataNow = 0;
  let dataPeak = 0;
  let connectionsNow = 0;
  let connectionsPeak = 0;
  const { credentials, refuse } = options;
  const server = new SMTPServer({
    authOptional: credentials === undefined,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    closeTimeout: 50,
    logger: false,
    size: 1024 * 1024,
    onConnect(_session, callback) {
      connectionsNow += 1;
      connectionsPeak = Math.max(connectionsPeak, connectionsNow);
      callback();
    },
    onClose() {
      connectionsNow -= 1;
    },
    onAuth(auth, _session, callback) {
      if (
        credentials === undefined ||
        (auth.username === credentials.user && auth.password === credentials.pass)
      ) {
        callback(null, { user: auth.username });
        return;
      }
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (refuse?.(address.address) === true) {
        callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      dataNow += 1;
      dataPeak = Math.max(dataPeak, dataNow);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        dataNow -= 1;
        const user: unknown = session.user;
        received.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: typeof user === 'string' ? user : undefined,
        });
        callback(null, `OK: queued as ${String(received.length)}`);
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    const listening = server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = listening.address();
      if (address === null || typeof address === 'string') reject(new Error('no port'));
      else resolve(address.port);
    });
  });
  return {
    port,
    received,
    peakConcurrentData: () => dataPeak,
    peakConnections: () => connectionsPeak,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(resolve);
      }),
  };
}

/** A message taken apart: its headers (names lower-cased, unfolded) and its decoded parts. */
export interface ParsedMail {
  readonly headers: ReadonlyMap<string, string>;
  readonly parts: readonly { readonly contentType: string; readonly body: string }[];
}

/** Reads a message as nodemailer writes it: a single part or one level of multipart. */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitHeaders(raw);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary === undefined) {
    return { headers, parts: [{ contentType, body: decodeBody(headers, body) }] };
  }
  const parts = body
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith('--'))
    .map((chunk) => {
      const part = splitHeaders(chunk.replace(/^\r\n/, ''));
      return {
        contentType: part.headers.get('content-type') ?? 'text/plain',
        body: decodeBody(part.headers, part.body),
      };
    });
  return { headers, parts };
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? '' : raw.slice(end + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(headers: ReadonlyMap<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const trimmed = body.replace(/\r\n$/, '');
  if (encoding === 'base64') return Buffer.from(trimmed, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const soft = trimmed.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i += 1) {
      const hex = soft.slice(i + 1, i + 3);
      if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(soft[i] ?? '', 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
  }
  return trimmed.replace(/\r\n/g, '\n');
}
