import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import { fieldMessage, refusedField } from './field-errors';

describe('admin kit: a refusal tied to the field it names', () => {
  it('reads the field of a service refusal and the first path of a schema refusal', () => {
    expect(refusedField(new ApiError(400, 'invalid_target', 'Ange en giltig e-postadress (target).', { field: 'target' }))).toBe('target');
    expect(refusedField(new ApiError(400, 'validation_failed', 'Uppgifterna är inte giltiga (body): templates.sv.body: får inte vara tomt'))).toBe('templates.sv.body');
    expect(refusedField(new ApiError(400, 'conflict', 'Finns redan.'))).toBeNull();
    expect(refusedField(new Error('nät'))).toBeNull();
  });

  it('gives the message to the field named or a parent of it, and to no other', () => {
    const err = new ApiError(400, 'validation_failed', 'Uppgifterna är inte giltiga (body): templates.sv.body: får inte vara tomt');
    expect(fieldMessage(err, 'name', 'templates')).toBe(err.message);
    expect(fieldMessage(err, 'templates.sv.body')).toBe(err.message);
    expect(fieldMessage(err, 'template')).toBeNull();
    expect(fieldMessage(err)).toBeNull();
  });
});
