/**
 * A test message from the settings page (issue 7): sends one short message at once over the
 * configured SMTP server, outside the outbox, so an administrator sees straight away whether the
 * mail configuration works and, if not, the server's answer.
 */
import { randomUUID } from 'node:crypto';
import type { MailSettings } from '../../mail/mail-settings.js';
import { formatMailbox, messageIdFor } from '../../mail/message-id.js';
import { NOT_CONFIGURED_REASON } from '../../mail/outbox-port.js';
import { createSmtpTransport } from '../../mail/smtp-transport.js';
import { AppError } from '../app-error.js';
import type { RunsContext } from '../runs-context.js';

/** What happened to the test message. */
export interface TestMessageResult {
  /** `sent`: the server accepted it; `held`: no mail server configured; `failed`: see message. */
  readonly status: 'sent' | 'held' | 'failed';
  /** The server's response, the reason it is held, or the error. */
  readonly message: string;
}

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** Sends a test message to `to` (a bare address); `invalid-input` when it is not one. */
export async function sendTestMessage(
  ctx: RunsContext,
  settings: MailSettings,
  to: string,
  options: { readonly connectionTimeoutMs?: number } = {},
): Promise<TestMessageResult> {
  const address = to.trim();
  if (!ADDRESS.test(address)) {
    throw new AppError('invalid-input', `"${to}" is not an e-mail address.`, { field: 'to' });
  }
  if (settings.delivery.kind === 'not-configured') {
    return { status: 'held', message: NOT_CONFIGURED_REASON };
  }
  const transport = createSmtpTransport(settings.delivery, {
    maxConnections: 1,
    ...(options.connectionTimeoutMs === undefined
      ? {}
      : { connectionTimeoutMs: options.connectionTimeoutMs }),
  });
  try {
    const organisation = settings.organisationName;
    const result = await transport.sendMail({
      from: formatMailbox(settings.from),
      to: address,
      subject: `${organisation}: usersync test message`,
      text: `This is a test message from usersync for ${organisation}. Mail delivery works.\n`,
      html: `<p>This is a test message from usersync. Mail delivery works.</p>\n`,
      messageId: messageIdFor(randomUUID(), settings.messageIdHost),
    });
    const outcome: TestMessageResult = result.ok
      ? { status: 'sent', message: result.response }
      : { status: 'failed', message: result.error };
    ctx.logger?.info({ to: address, status: outcome.status }, 'test e-mail');
    return outcome;
  } finally {
    transport.close();
  }
}
