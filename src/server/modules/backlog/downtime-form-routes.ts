import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { localTimeAt } from '../contacts/contact-rules.js';
import { DOWNTIME_FORM_KINDS, downtimeFormPdf } from './downtime-forms.js';

const id = z.string().min(1).max(64);

/** C7: printable downtime forms as PDF, pre-filled with department and patient when given. */
export const downtimeFormRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  for (const kind of DOWNTIME_FORM_KINDS) {
    app.get(`/api/downtime-forms/${kind}.pdf`, {
      schema: {
        tags: ['continuity'],
        summary:
          kind === 'radiology-referral'
            ? 'Paper radiology referral (A4 PDF, Swedish) for use while ordering is down'
            : 'Paper note to go with media captured offline (A4 PDF, Swedish)',
        description: 'Every logged-in user. The patient identifier is printed only for those with patient.read (in the department when given); naming a patient is audited.',
        querystring: z.strictObject({
          departmentId: id.optional(),
          patientId: id.optional().describe('Kasus’s patient id (from POST /api/patients/lookup); identifiers never go in URLs'),
        }),
        produces: ['application/pdf'],
        response: { 200: z.any().describe('application/pdf'), ...errorResponses },
      },
    }, async (request, reply) => {
      const { departmentName, patientIdentifier } = await services.backlog.formFacts(request.ctx, kind, request.query);
      const local = localTimeAt(services.clock.now(), services.config.timeZone);
      const bytes = await downtimeFormPdf(kind, { patientIdentifier, departmentName, printedAt: `${local.date} ${local.time}` });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${kind}.pdf"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(bytes));
    });
  }
};
