import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERRORS, type ErrorCode } from './errors.js';

const send = (code: ErrorCode, message?: string, extra: Record<string, unknown> = {}) => ({
  status: ERRORS[code].status,
  body: { code, message: message ?? ERRORS[code].message, ...extra },
});

/** Describes schema failures in words: which field, and what was wrong with it. */
function describeValidation(error: FastifyError): string {
  const issues = (error.validation ?? []) as { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[]; code?: string; keys?: string[] } } }[];
  const parts = issues.slice(0, 5).map((issue) => {
    const zodIssue = issue.params?.issue;
    const field = (zodIssue?.path ?? []).join('.') || issue.instancePath?.replace(/^\//, '').replace(/\//g, '.') || '';
    if (zodIssue?.code === 'unrecognized_keys') return `okänt fält: ${(zodIssue.keys ?? []).join(', ')}`;
    return field ? `${field}: ${issue.message ?? 'ogiltigt värde'}` : (issue.message ?? 'ogiltigt värde');
  });
  const where = error.validationContext ? ` (${error.validationContext})` : '';
  return `Uppgifterna är inte giltiga${where}: ${parts.join('; ')}`;
}

/** The field of the first schema issue marked as an impossible date (INVALID_DATE_PARAMS in schemas.ts), if any. */
function impossibleDate(error: FastifyError): string | null {
  // fastify-type-provider-zod puts the zod issue's own fields (here its params) under `params`.
  const issues = (error.validation ?? []) as { instancePath?: string; params?: { params?: { kasusCode?: string } } }[];
  const issue = issues.find((i) => i.params?.params?.kasusCode === 'invalid_date');
  if (!issue) return null;
  return issue.instancePath?.replace(/^\//, '').replace(/\//g, '.') || 'datum';
}

/** Maps every error to `{ code, message }` with the right status, in this one place. */
export function mapError(error: unknown): { status: number; body: Record<string, unknown> } {
  if (error instanceof AppError) return send(error.code, error.message, error.extra);
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(error) || fastifyError.validation) {
    const date = impossibleDate(fastifyError);
    if (date) return send('invalid_date', `Fältet ${date}: datumet eller tidpunkten finns inte. Skriv t.ex. 2026-11-22 eller 2026-11-22T08:00.`, { field: date });
    return send('validation_failed', describeValidation(fastifyError));
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return send('unsupported_media_type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return send('validation_failed', 'Begäran saknar innehåll.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return send('validation_failed', 'Begärans längd stämmer inte.');
  }
  if (error instanceof SyntaxError || fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return send('invalid_json');
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) return send('validation_failed', fastifyError.message);
  return send('internal_error');
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = mapError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send(body);
  });
}
