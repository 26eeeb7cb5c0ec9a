import { describe, expect, it } from 'vitest';
import { isEmailAddress } from './email-address.js';

describe('isEmailAddress', () => {
  it('accepts ordinary and local addresses', () => {
    for (const ok of ['eva.post@sjukhuset.se', 'hud-jour+drift@region.example.org', 'kasus@localhost']) expect(isEmailAddress(ok), ok).toBe(true);
  });
  it('refuses what cannot be an address', () => {
    for (const bad of ['', 'inte en adress', 'saknar-snabel-a.se', 'två@@sjukhuset.se', 'namn@sjukhuset', 'namn@.se', 'namn@sjukhuset..se', 'na mn@sjukhuset.se', `${'a'.repeat(250)}@sjukhuset.se`]) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
  });
});
