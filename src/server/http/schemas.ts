import { z } from 'zod';

export const errorBody = z.object({ code: z.string(), message: z.string() }).loose();

/** The error answers every route can give, documented once for the OpenAPI description. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
} as const;

export const idParams = z.strictObject({ id: z.string().min(1).max(64) });

/** A date or a time in any form Date.parse reads, normalised to ISO-8601 UTC. */
export const isoTime = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'ska vara ett datum eller en tidpunkt, t.ex. 2026-11-22 eller 2026-11-22T08:00:00Z')
  .transform((v) => new Date(v).toISOString());
