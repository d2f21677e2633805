/**
 * The outbox (issue 7): the mailbox page lists every welcome e-mail and shows one with its
 * attempts; an administrator resends a user's welcome e-mail (a new link) and sends a test
 * message to check the mail settings. Without `SMTP_URL` messages are held and still readable.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MailSettings } from '../../mail/mail-settings.js';
import { getMail, listMail, MAIL_STATUSES } from '../../runs/mail/mail-views.js';
import { resendWelcome } from '../../runs/mail/resend-welcome.js';
import { sendTestMessage } from '../../runs/mail/send-test-message.js';
import { findDirectoryUser } from '../../runs/users.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { actorOf } from '../request-actor.js';
import { PagingQuerySchema } from '../schemas/paging.js';

const tags = ['mail'];
const StatusSchema = z.enum(MAIL_STATUSES);

const MailViewSchema = z
  .object({
    id: z.string(),
    kind: z.string().describe('What the message is: `welcome`.'),
    runId: z.string().nullable().describe('The run whose apply queued it; null for a resend.'),
    userId: z.string().nullable(),
    recipient: z.string(),
    subject: z.string().nullable().describe('Null until the message is rendered (at send time).'),
    status: StatusSchema.describe(
      'pending, sending, sent, failed, or held (no mail server configured).',
    ),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable().describe('The last error, or why the message is held.'),
    sentAt: z.string().nullable(),
    messageId: z.string().describe('The Message-ID header, the same at every attempt.'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Mail' });

const MailDetailSchema = MailViewSchema.extend({
  text: z.string().nullable().describe('The plain-text part, set-password link redacted.'),
  html: z.string().nullable(),
  attempts: z.array(
    z.object({
      attempt: z.number().int(),
      at: z.string(),
      outcome: z.enum(['sent', 'failed']),
      detail: z.string().describe('The server’s answer, or the error.'),
    }),
  ),
}).meta({ id: 'MailDetail' });

/** The mail settings the server runs with, for the settings page: never the SMTP password. */
export const MailSettingsViewSchema = z
  .object({
    delivery: z
      .string()
      .describe('The SMTP server (password redacted), or "not configured: messages are held".'),
    from: z.string(),
    organisationName: z.string(),
    publicUrl: z.string().describe('Set-password links start with it.'),
    setPasswordLinkDays: z.number(),
  })
  .meta({ id: 'MailSettings' });

/** The mail settings as the settings page shows them. */
export function presentMailSettings(
  settings: MailSettings,
): z.infer<typeof MailSettingsViewSchema> {
  const { delivery, from } = settings;
  return {
    delivery: delivery.kind === 'smtp' ? delivery.redactedUrl : 'not configured: messages are held',
    from: from.name === '' ? from.address : `${from.name} <${from.address}>`,
    organisationName: settings.organisationName,
    publicUrl: settings.publicUrl,
    setPasswordLinkDays: settings.setPasswordLinkLifetimeMs / 86_400_000,
  };
}

/** The mail routes. */
export const mailRoutes: FastifyPluginAsyncZod<AppServices> = (app, services) => {
  const { runs, config } = services;

  app.get(
    '/api/mail',
    {
      schema: {
        tags,
        summary: 'List e-mails, newest first, by run and status',
        querystring: PagingQuerySchema.extend({
          runId: z.string().optional(),
          status: StatusSchema.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({ total: z.number().int(), items: z.array(MailViewSchema) }),
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const { runId, status, offset, limit } = request.query;
      return listMail(runs, {
        offset,
        limit,
        ...(runId === undefined ? {} : { runId }),
        ...(status === undefined ? {} : { status }),
      });
    },
  );

  app.get(
    '/api/mail/settings',
    {
      schema: {
        tags,
        summary: 'The mail settings the server runs with (from its environment; no secrets)',
        response: { 200: MailSettingsViewSchema, ...errorResponses() },
      },
    },
    () => presentMailSettings(config.mail),
  );

  app.get(
    '/api/mail/:id',
    {
      schema: {
        tags,
        summary: 'One e-mail with its text and every delivery attempt',
        params: z.object({ id: z.string() }),
        response: { 200: MailDetailSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const mail = await getMail(runs, request.params.id);
      return { ...mail, attempts: [...mail.attempts] };
    },
  );

  app.post(
    '/api/mail/test',
    {
      schema: {
        tags,
        summary: 'Send a test message now, outside the outbox, and say what the server answered',
        body: z.object({ to: z.string().trim().min(1).max(254) }),
        response: {
          200: z.object({
            status: z.enum(['sent', 'held', 'failed']),
            message: z.string().describe('The server’s answer, why it is held, or the error.'),
          }),
          ...errorResponses(),
        },
      },
    },
    async (request) => sendTestMessage(runs, config.mail, request.body.to),
  );

  app.post(
    '/api/users/:id/welcome',
    {
      schema: {
        tags: ['users', ...tags],
        summary: 'Queue a new welcome e-mail with a new set-password link',
        description:
          'For an active user who signs in with a password. Earlier unsent welcome e-mails of ' +
          'the user are replaced, and the new link replaces the old ones when it is sent.',
        params: z.object({ id: z.string().describe('The user’s id, or their userName.') }),
        response: { 202: z.object({ queued: z.literal(true) }), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const user = await findDirectoryUser(runs, request.params.id);
      const result = await resendWelcome(runs, user.id, actorOf(request));
      services.wakeMail();
      return reply.code(202).send(result);
    },
  );
  return Promise.resolve();
};
