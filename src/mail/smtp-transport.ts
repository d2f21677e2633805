/**
 * The SMTP side of the sender: a nodemailer transport made from `SMTP_URL`, pooled so that
 * draining the outbox reuses a few connections, with timeouts short enough that a dead server
 * turns into a recorded failure rather than a hung sender.
 */
import { createTransport } from 'nodemailer';
import type { SmtpDelivery } from './mail-settings.js';

/** One message as handed to the transport. */
export interface OutgoingMail {
  /** The From mailbox, header-ready. */
  readonly from: string;
  /** The To mailbox, header-ready. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The Message-ID, angle brackets included. */
  readonly messageId: string;
}

/** What a send attempt ended with. */
export type SendResult =
  | { readonly ok: true; readonly response: string }
  | {
      readonly ok: false;
      /** True when retrying cannot help: the server refused the recipient or the message. */
      readonly permanent: boolean;
      readonly error: string;
    };

/** Sends mail; `sendMail` never throws, it returns the outcome. */
export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<SendResult>;
  /** Closes pooled connections. */
  close(): void;
}

/** Tuning of the SMTP transport. */
export interface SmtpTransportOptions {
  /** Connections kept open at once: the sender's concurrency. */
  readonly maxConnections: number;
  /** Milliseconds to wait for the TCP (and TLS) connection and for the greeting. */
  readonly connectionTimeoutMs?: number;
  /** Milliseconds of inactivity on an open connection before giving up. */
  readonly socketTimeoutMs?: number;
}

const MAX_ERROR_LENGTH = 500;

/** Makes a pooled nodemailer SMTP transport from the parsed `SMTP_URL`. */
export function createSmtpTransport(
  delivery: SmtpDelivery,
  options: SmtpTransportOptions,
): MailTransport {
  const connectionTimeout = options.connectionTimeoutMs ?? 10_000;
  const transporter = createTransport({
    url: delivery.url,
    pool: true,
    maxConnections: options.maxConnections,
    connectionTimeout,
    greetingTimeout: connectionTimeout,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
  });
  return {
    async sendMail(mail) {
      try {
        const info = await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        return { ok: true, response: info.response };
      } catch (error) {
        return describeFailure(error);
      }
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * Turns a nodemailer error into a failed `SendResult`. A 5xx answer to the recipient or to the
 * message itself is permanent; everything else (refused connection, timeout, 4xx, failed
 * authentication, which an administrator can fix) is worth retrying.
 */
function describeFailure(error: unknown): SendResult {
  const details = error instanceof Error ? (error as Error & SmtpErrorFields) : undefined;
  const message = details?.message ?? String(error);
  const responseCode = typeof details?.responseCode === 'number' ? details.responseCode : null;
  const code = typeof details?.code === 'string' ? details.code : null;
  const permanent =
    responseCode !== null &&
    responseCode >= 500 &&
    responseCode < 600 &&
    (code === 'EENVELOPE' || code === 'EMESSAGE');
  const prefix = code === null ? '' : `${code}: `;
  return {
    ok: false,
    permanent,
    error: `${prefix}${message}`.replace(/\s+/g, ' ').slice(0, MAX_ERROR_LENGTH),
  };
}

/** The fields nodemailer adds to its errors. */
interface SmtpErrorFields {
  readonly code?: unknown;
  readonly responseCode?: unknown;
}
