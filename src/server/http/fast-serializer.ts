import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z, type ZodType } from 'zod';

/**
 * The response serializer of the hottest read routes (the case list and the case read, issue 20):
 * fast-json-stringify, compiled once from the route's zod response schema turned into JSON Schema.
 * The zod serializer parses every response into a new object tree before `JSON.stringify` (for a
 * 20-case list about three times the CPU of this one, and most of its garbage).
 *
 * Same JSON value and the same protection: only the properties the schema declares are written (a
 * field a view adds by mistake does not leave the server), as the zod serializer writes them (tested
 * on real responses; the order of keys may differ where the schema combines objects). Unlike zod it does not refuse a response of the wrong type
 * (fast-json-stringify coerces, or throws for a missing required property). A schema that cannot be
 * expressed in JSON Schema keeps the zod serializer.
 */
export const fastSerializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const schema = route.schema as ZodType;
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw' }) as Record<string, unknown>;
  } catch {
    return zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
  }
  // zod says additionalProperties: false; fast-json-stringify then picks a union's branch with a
  // validator that refuses extra properties. Without it, extra properties are left out, not refused.
  allowExtraProperties(json);
  delete json.$schema;
  return fastJson(json as unknown as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
};

function allowExtraProperties(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const inner of node) allowExtraProperties(inner);
    return;
  }
  const object = node as Record<string, unknown>;
  if (object.additionalProperties === false) delete object.additionalProperties;
  for (const inner of Object.values(object)) allowExtraProperties(inner);
}
