import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { editRefusal, parseMediaEdit, readStoredEdit, storedEdit } from './media-edit.js';

function refusedWith(text: string): string {
  try {
    parseMediaEdit(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_edit');
    expect((error as AppError).status).toBe(400);
    return (error as AppError).message;
  }
  throw new Error(`accepted: ${text}`);
}

describe('media edit instructions', () => {
  it('accepts a crop in whole pixels and a trim in whole milliseconds', () => {
    expect(parseMediaEdit('{"crop":{"x":0,"y":5,"width":10,"height":20}}')).toEqual({ crop: { x: 0, y: 5, width: 10, height: 20 } });
    expect(parseMediaEdit('{"trim":{"startMs":0,"endMs":1500}}')).toEqual({ trim: { startMs: 0, endMs: 1500 } });
  });

  it('refuses what is not JSON, other shapes, extra keys, fractions, negatives, empty areas and an end not after its start', () => {
    expect(refusedWith('{crop')).toMatch(/JSON/);
    expect(refusedWith('null')).toMatch(/crop/);
    expect(refusedWith('{"rotate":90}')).toMatch(/crop/);
    expect(refusedWith('{"crop":{"x":0,"y":0,"width":1,"height":1},"trim":{"startMs":0,"endMs":1}}')).toMatch(/inte giltig/);
    expect(refusedWith('{"crop":{"x":0,"y":0,"width":1,"height":1,"angle":3}}')).toMatch(/crop/);
    expect(refusedWith('{"crop":{"x":0.5,"y":0,"width":1,"height":1}}')).toMatch(/crop\.x/);
    expect(refusedWith('{"crop":{"x":0,"y":-1,"width":1,"height":1}}')).toMatch(/crop\.y/);
    expect(refusedWith('{"crop":{"x":0,"y":0,"width":0,"height":1}}')).toMatch(/crop\.width/);
    expect(refusedWith('{"trim":{"startMs":"0","endMs":10}}')).toMatch(/trim\.startMs/);
    expect(refusedWith('{"trim":{"startMs":1000,"endMs":1000}}')).toMatch(/slut \(endMs\) måste komma efter/);
  });

  it('applies a crop to images only, within the displayed size when known, and a trim to recordings only', () => {
    const crop = { crop: { x: 10, y: 10, width: 100, height: 50 } };
    expect(editRefusal(crop, 'image', { width: 110, height: 60 })).toBeUndefined();
    expect(editRefusal(crop, 'image', {})).toBeUndefined();
    expect(editRefusal(crop, 'image', { width: 109, height: 60 })?.message).toMatch(/109 × 60/);
    expect(editRefusal(crop, 'video', {})?.code).toBe('invalid_edit');
    const trim = { trim: { startMs: 0, endMs: 10 } };
    expect(editRefusal(trim, 'audio', {})).toBeUndefined();
    expect(editRefusal(trim, 'image', { width: 10, height: 10 })?.code).toBe('invalid_edit');
  });

  it('stores the edit as JSON and reads it back', () => {
    const edit = parseMediaEdit('{"trim":{"endMs":900,"startMs":100}}');
    expect(storedEdit(edit)).toBe('{"trim":{"startMs":100,"endMs":900}}');
    expect(readStoredEdit(storedEdit(edit))).toEqual(edit);
    expect(readStoredEdit(null)).toBeUndefined();
  });
});
