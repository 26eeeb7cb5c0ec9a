import { expect } from 'vitest';

/**
 * Asserts Kasus's error answer (DESIGN §3.6): the HTTP status, the machine-readable code, a message
 * in words, and, when a field is named, that field in the body and in the message.
 */
export function expectError(response: { statusCode: number; json(): unknown }, status: number, code: string, field?: string): void {
  const body = response.json() as { code: string; message: string; field?: string };
  expect({ status: response.statusCode, code: body.code }).toEqual({ status, code });
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(5);
  if (field !== undefined) {
    expect(body.field).toBe(field);
    expect(body.message).toContain(field);
  }
}
