/**
 * The one error handler: an AppError answers its code's status with its message; a request
 * that does not match its schema answers 400 naming the fields; Fastify's own refusals (bad
 * JSON, wrong content type, too large) keep their status; anything else is a 500 with a generic
 * message, its internals only in the log (with the request id, which the answer repeats).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { AppError } from '../runs/app-error.js';
import { errorBody } from './error-body.js';
import { codeOfStatus, statusOf } from './error-status.js';

function fieldProblems(error: FastifyError) {
  return (error.validation ?? []).map((issue) => {
    const where = error.validationContext ?? 'request';
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { field: path === '' ? where : `${where}.${path}`, message: issue.message ?? 'invalid' };
  });
}

/** Answers an error in the one shape. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const retry = error.details.retryAfterSeconds;
    if (typeof retry === 'number') void reply.header('retry-after', String(retry));
    const status = statusOf(error.code);
    if (status === 429) request.log.warn({ code: error.code }, error.message);
    return reply.code(status).send(errorBody(error.code, error.message, error.details));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const problems = fieldProblems(error);
    const message = `The request is invalid: ${problems
      .map((problem) => `${problem.field}: ${problem.message}`)
      .join('; ')}`;
    return reply.code(400).send(errorBody('invalid-input', message, { fields: problems }));
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode ?? 500;
  if (!isResponseSerializationError(error) && status >= 400 && status < 500) {
    const message = fastifyError.message ?? 'The request was refused.';
    return reply.code(status).send(errorBody(codeOfStatus(status), message));
  }
  request.log.error({ err: error }, 'request failed');
  return reply
    .code(500)
    .send(
      errorBody(
        'internal',
        `Something went wrong on the server. The server log has the details (request id ${request.id}).`,
      ),
    );
}

/** Installs the error handler and the JSON 404 for unknown API routes. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
}
