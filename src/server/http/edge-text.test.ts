import { describe, expect, it } from 'vitest';
import { assertJsonText, assertUrlText } from './edge-text.js';
import { AppError } from './errors.js';

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.extra.field };
    throw error;
  }
  return null;
};

describe('the text edge', () => {
  it('names the path of a bad string in a JSON body, keys included', () => {
    expect(refusal(() => assertJsonText({ a: [{ b: 'x\u0000' }] }))).toEqual({ code: 'invalid_text', field: 'a.0.b' });
    expect(refusal(() => assertJsonText({ a: { 'k\ud800': 1 } }))).toEqual({ code: 'invalid_text', field: 'a' });
    expect(refusal(() => assertJsonText('\u0007'))).toEqual({ code: 'invalid_text', field: 'body' });
    expect(refusal(() => assertJsonText({ n: 1, b: true, z: null, s: 'Ärr 🩺' }))).toBeNull();
  });

  it('allows line breaks in free text, not in ids, usernames, identifiers or e-mail addresses', () => {
    expect(refusal(() => assertJsonText({ description: 'rad ett\r\nrad två\tindrag' }))).toBeNull();
    for (const key of ['departmentId', 'id', 'username', 'identifier', 'email']) {
      expect(refusal(() => assertJsonText({ [key]: 'a\nb' }))).toEqual({ code: 'invalid_text', field: key });
    }
    expect(refusal(() => assertJsonText({ mediaIds: ['a', 'b\tc'] }))).toEqual({ code: 'invalid_text', field: 'mediaIds.1' });
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = { a: [deep] };
    expect(refusal(() => assertJsonText(deep))?.code).toBe('invalid_text');
  });

  it('decodes path segments and query strings strictly, naming route parameters', () => {
    expect(refusal(() => assertUrlText('/api/cases/%00', '/api/cases/:id'))).toEqual({ code: 'invalid_text', field: 'id' });
    expect(refusal(() => assertUrlText('/api/cases/%ED%A0%80/versions', '/api/cases/:id/versions'))).toEqual({ code: 'invalid_text', field: 'id' });
    expect(refusal(() => assertUrlText('/api/nothing/%01', undefined))).toEqual({ code: 'invalid_text', field: 'path' });
    expect(refusal(() => assertUrlText('/api/audit?action=%00', '/api/audit'))).toEqual({ code: 'invalid_text', field: 'action' });
    expect(refusal(() => assertUrlText('/api/audit?ac%FFtion=1', '/api/audit'))).toEqual({ code: 'invalid_text', field: 'query' });
    expect(refusal(() => assertUrlText('/api/cases?q=%C3%85r+100%&x', '/api/cases'))).toBeNull();
  });
});
