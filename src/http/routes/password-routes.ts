/**
 * The set-password page's API (issue 7): public, since the visitor is a new user who has no
 * password yet; the token of the welcome e-mail's link is the credential. Unknown, used and
 * expired tokens all get the same answer, and both routes are rate limited per address so that
 * tokens cannot be guessed (32 random bytes make that hopeless anyway) nor the hashing abused.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkPasswordToken, setPasswordWithToken } from '../../runs/mail/set-password.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';

const tags = ['password'];
const Token = z.string().max(200).describe('The token of the set-password link.');

/** Requests per address and minute on each route. */
const PER_MINUTE = 20;

/** The set-password routes. */
export const passwordRoutes: FastifyPluginAsyncZod<AppServices> = (app, { runs }) => {
  const config = { public: true, rateLimit: { max: PER_MINUTE, timeWindow: 60_000 } };

  app.get(
    '/api/password/status',
    {
      config,
      schema: {
        tags,
        summary: 'Whether a set-password link still works',
        querystring: z.object({ token: Token }),
        response: { 200: z.object({ usable: z.boolean() }), ...errorResponses(429) },
      },
    },
    async (request) => checkPasswordToken(runs, request.query.token),
  );

  app.post(
    '/api/password',
    {
      config,
      schema: {
        tags,
        summary: 'Set a password with the token of a welcome e-mail’s link (works once)',
        description:
          'The password must have at least 12 characters, differ from the userName and e-mail ' +
          'and not be a common password. A link that does not work answers 400 with one generic ' +
          'message, whatever the reason.',
        body: z.object({ token: Token, password: z.string().min(1).max(1024) }),
        response: { 204: z.null(), ...errorResponses(429) },
      },
    },
    async (request, reply) => {
      await setPasswordWithToken(runs, request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
