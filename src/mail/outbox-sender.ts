/**
 * The outbox sender (issue 7): drains due outbox rows through an `OutboxPort`, delivering each
 * over SMTP with bounded concurrency, retrying failures with exponential backoff, and failing a
 * message for good after the last attempt or a permanent refusal. Without a mail server it holds
 * the rows as "not sent: no mail server configured" and sends nothing.
 *
 * Delivery is at-least-once: a row is marked sent after the SMTP server accepted it. A process
 * that dies in between leaves the row `sending`; once its lease runs out it is claimed and sent
 * again, with the same Message-ID (docs/mail.md explains the choice).
 */
import { DEFAULT_BACKOFF, nextAttemptAt, type BackoffPolicy } from './backoff.js';
import type { MailSettings } from './mail-settings.js';
import { formatMailbox, messageIdFor } from './message-id.js';
import { NOT_CONFIGURED_REASON, type OutboxMessage, type OutboxPort } from './outbox-port.js';
import { claimInBatches } from './claim-in-batches.js';
import { createSmtpTransport, type MailTransport } from './smtp-transport.js';

/** What the sender reports as it goes, for structured logs. */
export type OutboxEvent =
  | { readonly type: 'sent'; readonly id: string; readonly attempt: number }
  | {
      readonly type: 'retry';
      readonly id: string;
      readonly attempt: number;
      readonly error: string;
      readonly nextAttemptAt: Date;
    }
  | {
      readonly type: 'failed';
      readonly id: string;
      readonly attempt: number;
      readonly error: string;
    }
  | { readonly type: 'held'; readonly count: number }
  | { readonly type: 'drain-error'; readonly error: string };

/** What one drain did. */
export interface DrainReport {
  /** Rows claimed and tried. */
  readonly claimed: number;
  /** Accepted by the SMTP server and marked sent. */
  readonly sent: number;
  /** Failed and scheduled for another attempt. */
  readonly retrying: number;
  /** Failed for good (permanent refusal or last attempt). */
  readonly failed: number;
  /** Held because no mail server is configured. */
  readonly held: number;
}

/** A message's content, when the row was queued without one. */
export interface PreparedContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** How the sender is made. Only `port` and `settings` are required. */
export interface OutboxSenderOptions {
  readonly port: OutboxPort;
  /** Where to send (`delivery`) and as whom (`from`). */
  readonly settings: Pick<MailSettings, 'delivery' | 'from' | 'messageIdHost'>;
  /**
   * Renders a row queued without subject and bodies, at each attempt (a welcome row: issue a
   * set-password token and render the message, so no link is stored in clear). A throw counts as
   * a failed attempt and is retried. Rows without content and no `prepare` fail for good.
   */
  readonly prepare?: (message: OutboxMessage, now: Date) => Promise<PreparedContent>;
  /** Messages in flight at once, and SMTP connections kept open. Default 4. */
  readonly concurrency?: number;
  /** Rows claimed per `claimDue` call. Default `concurrency × 4`. */
  readonly batchSize?: number;
  /** How long a claim lasts before another sender may take the row over. Default 15 minutes. */
  readonly leaseMs?: number;
  /** Retry spacing and the maximum number of attempts. Default `DEFAULT_BACKOFF`. */
  readonly backoff?: BackoffPolicy;
  /** Milliseconds between drains once `start`ed. Default 10 s. */
  readonly pollIntervalMs?: number;
  /** SMTP connection and greeting timeout in milliseconds. Default 10 s. */
  readonly connectionTimeoutMs?: number;
  /** The clock. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** Randomness for the jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Receives an event per outcome; default none. */
  readonly onEvent?: (event: OutboxEvent) => void;
}

/** A running or idle sender. */
export interface OutboxSender {
  /**
   * Sends everything due now and returns what happened. Drains never overlap: a call made while
   * one runs starts after it. Rejects only when the store fails.
   */
  drain(): Promise<DrainReport>;
  /** Drains every `pollIntervalMs` until `stop`. */
  start(): void;
  /** Drains as soon as possible (after a run committed new rows). */
  wake(): void;
  /** Stops polling, waits for the drain in progress, closes SMTP connections. */
  stop(): Promise<void>;
}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_LEASE_MS = 15 * 60 * 1000;
const DEFAULT_POLL_INTERVAL_MS = 10_000;

/** Makes an outbox sender; it does nothing until `drain` or `start` is called. */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { port, settings } = options;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const batchSize = Math.max(1, options.batchSize ?? concurrency * 4);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const clock = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const emit = options.onEvent ?? (() => undefined);
  const from = formatMailbox(settings.from);
  const transport: MailTransport | null =
    settings.delivery.kind === 'smtp'
      ? createSmtpTransport(settings.delivery, {
          maxConnections: concurrency,
          ...(options.connectionTimeoutMs === undefined
            ? {}
            : { connectionTimeoutMs: options.connectionTimeoutMs }),
        })
      : null;

  async function contentOf(message: OutboxMessage): Promise<PreparedContent | string> {
    const { subject, text, html } = message;
    if (subject !== null && text !== null && html !== null) return { subject, text, html };
    if (options.prepare === undefined) return 'the message has no content and no renderer';
    try {
      return await options.prepare(message, clock());
    } catch (error) {
      return `could not render the message: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async function deliver(message: OutboxMessage, transport: MailTransport): Promise<Outcome> {
    const messageId = messageIdFor(message.id, settings.messageIdHost);
    const content = await contentOf(message);
    const result =
      typeof content === 'string'
        ? { ok: false as const, permanent: options.prepare === undefined, error: content }
        : await transport.sendMail({ from, to: message.recipient, ...content, messageId });
    const at = clock();
    if (result.ok) {
      await port.markSent(message.id, {
        attempt: message.attempt,
        at,
        messageId,
        response: result.response,
      });
      emit({ type: 'sent', id: message.id, attempt: message.attempt });
      return 'sent';
    }
    const retryAt = result.permanent ? null : nextAttemptAt(message.attempt, at, backoff, random);
    await port.markFailed(message.id, {
      attempt: message.attempt,
      at,
      error: result.error,
      nextAttemptAt: retryAt,
    });
    if (retryAt === null) {
      emit({ type: 'failed', id: message.id, attempt: message.attempt, error: result.error });
      return 'failed';
    }
    emit({
      type: 'retry',
      id: message.id,
      attempt: message.attempt,
      error: result.error,
      nextAttemptAt: retryAt,
    });
    return 'retrying';
  }

  async function drainOnce(): Promise<DrainReport> {
    if (transport === null) {
      const held = await port.holdDue({ now: clock(), reason: NOT_CONFIGURED_REASON });
      if (held > 0) emit({ type: 'held', count: held });
      return { claimed: 0, sent: 0, retrying: 0, failed: 0, held };
    }
    const counts = { claimed: 0, sent: 0, retrying: 0, failed: 0, held: 0 };
    const claimed = claimInBatches(port, batchSize, leaseMs, clock);
    const worker = async (): Promise<void> => {
      for (
        let message = await claimed.next();
        message !== undefined;
        message = await claimed.next()
      ) {
        counts.claimed += 1;
        counts[await deliver(message, transport)] += 1;
      }
    };
    const results = await Promise.allSettled(Array.from({ length: concurrency }, worker));
    const rejected = results.find((result) => result.status === 'rejected');
    if (rejected !== undefined) throw rejected.reason;
    return counts;
  }

  let queue: Promise<unknown> = Promise.resolve();
  const drain = (): Promise<DrainReport> => {
    const run = queue.then(drainOnce, drainOnce);
    queue = run.catch(() => undefined);
    return run;
  };

  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let wokenWhileDraining = false;
  /** Whether the loop should sleep before the next drain (read after awaits, hence a function). */
  const shouldSleep = (): boolean => running && !wokenWhileDraining;

  async function poll(): Promise<void> {
    while (running) {
      wokenWhileDraining = false;
      try {
        await drain();
      } catch (error) {
        emit({
          type: 'drain-error',
          error: error instanceof Error ? error.message : String(error),
        });
      }
      if (!shouldSleep()) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        timer.unref();
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  return {
    drain,
    start() {
      if (running) return;
      running = true;
      loop = poll();
    },
    wake() {
      wokenWhileDraining = true;
      wakeUp?.();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = null;
      await queue;
      transport?.close();
    },
  };
}

type Outcome = 'sent' | 'retrying' | 'failed';
