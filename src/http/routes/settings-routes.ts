/**
 * The organisation's settings: licensing and seat limit, SSO domains, reader limits.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SettingsPatchSchema, getSettings, updateSettings } from '../../runs/settings.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { actorOf } from '../request-actor.js';
import { SettingsViewSchema } from '../schemas/settings-schemas.js';

/** The settings routes. */
export const settingsRoutes: FastifyPluginAsyncZod<AppServices> = (app, { runs }) => {
  app.get(
    '/api/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Every setting, defaults filled in',
        response: { 200: SettingsViewSchema, ...errorResponses() },
      },
    },
    async () => getSettings(runs),
  );

  app.put(
    '/api/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change some settings (omitted keys stay as they are)',
        body: SettingsPatchSchema,
        response: { 200: SettingsViewSchema, ...errorResponses() },
      },
    },
    async (request) => updateSettings(runs, request.body, actorOf(request)),
  );
  return Promise.resolve();
};
