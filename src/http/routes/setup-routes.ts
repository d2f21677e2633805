/**
 * First-run setup: `GET /api/setup` tells whether it is needed; `POST /api/setup` creates the
 * first administrator and signs them in. Both are public until an administrator exists; then
 * POST answers 404.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { openSession } from '../../runs/access/sessions.js';
import { isSetupNeeded, setUpFirstAdmin } from '../../runs/access/setup.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { presentUser } from '../schemas/user-schemas.js';
import { sessionIdOf, setSessionCookie } from '../session-cookie.js';
import { SessionViewSchema } from './session-routes.js';

const name = z.string().trim().min(1).max(255);

const SetupSchema = z.object({
  userName: name,
  email: z.email().max(254),
  firstName: name,
  lastName: name,
  password: z.string().min(1).max(1024).describe('At least 12 characters, not a common one.'),
});

/** The setup routes. */
export const setupRoutes: FastifyPluginAsyncZod<AppServices> = (app, services) => {
  app.get(
    '/api/setup',
    {
      config: { public: true },
      schema: {
        tags: ['setup'],
        summary: 'Whether first-run setup is needed (no administrator exists yet)',
        response: { 200: z.object({ needed: z.boolean() }) },
      },
    },
    async () => ({ needed: await isSetupNeeded(services.access) }),
  );

  app.post(
    '/api/setup',
    {
      config: { public: true },
      schema: {
        tags: ['setup'],
        summary: 'Create the first administrator and sign in',
        description: 'Answers 404 once any administrator exists.',
        body: SetupSchema,
        response: { 201: SessionViewSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const user = await setUpFirstAdmin(services.access, request.body);
      const session = await openSession(services.access, user.id, sessionIdOf(request));
      setSessionCookie(reply, session, services.config.secureCookies);
      request.log.info({ adminId: user.id }, 'first administrator created');
      return reply.code(201).send({ user: presentUser(user), csrfToken: session.csrfToken });
    },
  );
  return Promise.resolve();
};
