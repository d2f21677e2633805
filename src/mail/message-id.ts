/**
 * Message-IDs and mailboxes for outbox messages. Each outbox row gets one Message-ID when it is
 * queued, `<outbox-id@host-of-MAIL_FROM>`, and every attempt sends it unchanged: a message that
 * reaches a mail system twice (a crash between sending and marking it sent) carries the same
 * Message-ID both times, which lets mail systems and clients recognise the duplicate.
 */
import type { MailAddress } from './mail-settings.js';

/** The Message-ID of an outbox row, angle brackets included. */
export function messageIdFor(outboxId: string, host: string): string {
  const left = outboxId.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-');
  const right = host.replace(/[^A-Za-z0-9.-]/g, '-');
  return `<${left}@${right}>`;
}

/**
 * A mailbox as one header-ready string: `"Jane \"JD\" Doe" <jane@acme.example>`, or the bare
 * address when there is no name. The name is quoted, so commas and brackets in it are safe.
 */
export function formatMailbox(mailbox: MailAddress): string {
  const name = mailbox.name.replace(/[\r\n]+/g, ' ').trim();
  if (name === '') return mailbox.address;
  return `"${name.replace(/(["\\])/g, '\\$1')}" <${mailbox.address}>`;
}
