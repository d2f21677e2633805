/**
 * The principal and actor of an authenticated request, for routes.
 */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../runs/access/access-context.js';
import { AppError } from '../runs/app-error.js';
import type { Actor } from '../store/audit-log-repository.js';

/** The signed-in principal; throws `unauthenticated` on a route that forgot to require it. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) {
    throw new AppError('unauthenticated', 'Sign in first, or send an API token.');
  }
  return request.principal;
}

/** The administrator acting, as the audit log and the runs record them. */
export function actorOf(request: FastifyRequest): Actor {
  const { user } = principalOf(request);
  return { id: user.id, name: user.fields.userName };
}
