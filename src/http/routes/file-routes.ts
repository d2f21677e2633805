/**
 * Files outside a run: the template download, and the wizard's sample-file check.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkSampleFile } from '../../runs/preview-run.js';
import { writeTemplate } from '../../spreadsheet/write/write-template.js';
import type { AppServices } from '../app-services.js';
import { errorResponses } from '../error-body.js';
import { sendWrittenFile } from '../temp-file.js';
import { uploadLimitOf } from '../upload-limit.js';
import { receiveUpload } from '../upload.js';

const SampleReportSchema = z
  .object({
    sheet: z.string().nullable().describe('The worksheet read; null for CSV.'),
    columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })).readonly(),
    ignoredColumns: z.array(z.string()).readonly(),
    missingRequired: z.array(z.string()).readonly(),
    rows: z.number().int(),
  })
  .meta({ id: 'SampleFileReport' });

/** The file routes. */
export const fileRoutes: FastifyPluginAsyncZod<AppServices> = (app, { runs }) => {
  app.get(
    '/api/template',
    {
      schema: {
        tags: ['files'],
        summary: 'Download the .xlsx template (24 columns, required ones yellow, a sample row)',
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: z.any().describe('usersync-template.xlsx'), ...errorResponses() },
      },
    },
    async (_request, reply) => sendWrittenFile(reply, 'usersync-template.xlsx', writeTemplate),
  );

  app.post(
    '/api/sample-file',
    {
      schema: {
        tags: ['files'],
        summary: 'Check a sample file’s header row (which columns map to which fields)',
        description: 'multipart/form-data with the file in the field `file`.',
        consumes: ['multipart/form-data'],
        response: { 200: SampleReportSchema, ...errorResponses(413, 415, 422) },
      },
    },
    async (request) => {
      const upload = await receiveUpload(request, await uploadLimitOf(runs));
      try {
        return await checkSampleFile(runs, upload);
      } finally {
        await upload.dispose();
      }
    },
  );
  return Promise.resolve();
};
