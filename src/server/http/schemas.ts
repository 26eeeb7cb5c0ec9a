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
