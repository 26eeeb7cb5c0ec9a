import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS } from '../../server/modules/incidents/incident-format.js';
import { TEMPLATE_PLACEHOLDERS } from './continuityAdmin';

describe('service desk template placeholders in the admin page', () => {
  it('are exactly the ones the server fills in', () => {
    expect([...TEMPLATE_PLACEHOLDERS]).toEqual([...PLACEHOLDERS]);
  });
});
