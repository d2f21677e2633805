/**
 * Signing in and out, and who is signed in: `POST/GET/DELETE /api/session`.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { closeSession, sessionCsrfToken } from '../../runs/access/sessions.js';
import { signIn } from '../../runs/access/sign-in.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { principalOf } from '../request-actor.js';
import { UserViewSchema, presentUser } from '../schemas/user-schemas.js';
import { clearSessionCookie, sessionIdOf, setSessionCookie } from '../session-cookie.js';

/** The signed-in administrator and the CSRF token mutations must send. */
export const SessionViewSchema = z
  .object({
    user: UserViewSchema,
    csrfToken: z
      .string()
      .nullable()
      .describe('Send as x-csrf-token on every POST/PUT/PATCH/DELETE; null for API tokens.'),
  })
  .meta({ id: 'Session' });

const SignInSchema = z.object({
  login: z.string().trim().min(1).max(254).describe('The userName or the e-mail address.'),
  password: z.string().min(1).max(1024),
});

/** The session routes. */
export const sessionRoutes: FastifyPluginAsyncZod<AppServices> = (app, services) => {
  app.post(
    '/api/session',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Sign in with a userName or e-mail and a password',
        description:
          'Sets the HttpOnly session cookie (a new session each time: any previous one is ended). ' +
          'Repeated failures lock the login and the client address for a growing time (429).',
        body: SignInSchema,
        response: { 200: SessionViewSchema, ...errorResponses(429) },
      },
    },
    async (request, reply) => {
      const { user, session } = await signIn(services.access, services.throttle, {
        login: request.body.login,
        password: request.body.password,
        address: request.ip,
        replacing: sessionIdOf(request),
      });
      setSessionCookie(reply, session, services.config.secureCookies);
      request.log.info({ adminId: user.id }, 'signed in');
      return { user: presentUser(user), csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is signed in, with the CSRF token',
        response: { 200: SessionViewSchema, ...errorResponses() },
      },
    },
    (request) => {
      const principal = principalOf(request);
      const sessionId = sessionIdOf(request);
      const csrfToken =
        principal.via === 'session' && sessionId !== null
          ? sessionCsrfToken(services.access, sessionId)
          : null;
      return Promise.resolve({ user: presentUser(principal.user), csrfToken });
    },
  );

  app.delete(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out (ends the session and clears the cookie)',
        response: { 204: z.null(), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const sessionId = sessionIdOf(request);
      if (principalOf(request).via === 'session' && sessionId !== null) {
        await closeSession(services.access, sessionId);
        clearSessionCookie(reply, services.config.secureCookies);
      }
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
