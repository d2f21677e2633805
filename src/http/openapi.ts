/**
 * The OpenAPI 3 document (`/api/openapi.json`) and the interactive reference (`/api/docs`),
 * both generated from the routes' zod schemas.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { DOCS_CSP } from './security-headers.js';
import { SESSION_COOKIE } from './session-cookie.js';

/** Registers the document generator; call before the routes. */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'usersync API',
        version: '1',
        description:
          'Import and sync the user directory from spreadsheets. Authenticate with an API token ' +
          '(`Authorization: Bearer usy_…`) or the session cookie plus the `x-csrf-token` header ' +
          'on mutations. Errors are `{ "error": { "code", "message", "details" } }`.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (usy_…).' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ apiToken: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
}

/** Registers `/api/openapi.json` and `/api/docs`; call after the routes' registration. */
export async function registerOpenApiRoutes(app: FastifyInstance) {
  app.get(
    '/api/openapi.json',
    { config: { public: true }, schema: { hide: true } },
    (_request, reply) => reply.type('application/json').send(app.swagger()),
  );
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: DOCS_CSP,
    uiConfig: { deepLinking: true, withCredentials: true },
  });
}
