/**
 * The mail service the server starts (issue 7): a background loop that delivers the outbox over
 * SMTP with bounded concurrency and exponential backoff, woken after each apply commits and
 * polling otherwise. Without `SMTP_URL` it holds due messages as "not sent: no mail server
 * configured" and renders held welcome rows for reading (link redacted).
 */
import type { BackoffPolicy } from '../../mail/backoff.js';
import type { MailSettings } from '../../mail/mail-settings.js';
import {
  createOutboxSender,
  type DrainReport,
  type OutboxEvent,
} from '../../mail/outbox-sender.js';
import type { RunsContext } from '../runs-context.js';
import { fillHeldPreviews } from './held-previews.js';
import { createStoreOutbox } from './store-outbox.js';
import { createWelcomeRenderer } from './welcome-renderer.js';

export type { DrainReport } from '../../mail/outbox-sender.js';

/** The running service. */
export interface MailService {
  /** Drains at once (after a run's apply committed, or a welcome e-mail was resent). */
  wake(): void;
  /** Sends (or holds) everything due now and reports what happened; drains never overlap. */
  drainOnce(): Promise<DrainReport>;
  /** Stops the loop and waits for the sends in flight; closes SMTP connections. */
  stop(): Promise<void>;
}

/** Tuning; every field has a default suited to production. */
export interface MailServiceOptions {
  /** Milliseconds between drains when nothing wakes the loop. Default 10 s. */
  readonly pollMs?: number;
  /** Messages in flight and SMTP connections at once. Default 4. */
  readonly concurrency?: number;
  /** How long a claim lasts. Default 15 minutes. */
  readonly leaseMs?: number;
  /** Retry spacing and attempts. Default 1 min doubling to 2 h, 20 attempts. */
  readonly backoff?: BackoffPolicy;
  /** SMTP connection timeout. Default 10 s. */
  readonly connectionTimeoutMs?: number;
  /** Whether to start the background loop. Default true; false for `drainOnce` only. */
  readonly autoStart?: boolean;
  /** The clock. Default now. */
  readonly now?: () => Date;
  /** Randomness of the backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
}

function logEvent(ctx: RunsContext, event: OutboxEvent): void {
  const logger = ctx.logger;
  if (logger === undefined) return;
  switch (event.type) {
    case 'sent':
      logger.info({ outboxId: event.id, attempt: event.attempt }, 'e-mail sent');
      return;
    case 'retry':
      logger.warn(
        { outboxId: event.id, attempt: event.attempt, err: event.error, next: event.nextAttemptAt },
        'e-mail not sent, will retry',
      );
      return;
    case 'failed':
      logger.warn(
        { outboxId: event.id, attempt: event.attempt, err: event.error },
        'e-mail failed for good',
      );
      return;
    case 'held':
      logger.info({ count: event.count }, 'e-mails held: no mail server configured');
      return;
    case 'drain-error':
      logger.warn({ err: event.error }, 'outbox drain failed');
      return;
  }
}

/** Starts the mail service; the server passes `onApplied: () => service.wake()` to its context. */
export function startMailService(
  ctx: RunsContext,
  settings: MailSettings,
  options: MailServiceOptions = {},
): MailService {
  const db = ctx.store.db;
  const clock = options.now ?? (() => new Date());
  const renderer = createWelcomeRenderer(db, settings);
  const port = createStoreOutbox(db, {
    sentContent: (id) => renderer.takeRendered(id),
    forget: (id) => {
      renderer.takeRendered(id);
    },
    afterHold: (rows) => fillHeldPreviews(db, settings, rows, clock()),
  });
  const sender = createOutboxSender({
    port,
    settings,
    prepare: (message, now) => renderer.prepare(message, now),
    now: clock,
    onEvent: (event) => {
      logEvent(ctx, event);
    },
    ...(options.pollMs === undefined ? {} : { pollIntervalMs: options.pollMs }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.connectionTimeoutMs === undefined
      ? {}
      : { connectionTimeoutMs: options.connectionTimeoutMs }),
  });
  if (options.autoStart !== false) sender.start();
  return {
    wake: () => {
      sender.wake();
    },
    drainOnce: () => sender.drain(),
    stop: () => sender.stop(),
  };
}
