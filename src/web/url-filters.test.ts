import { describe, expect, it } from 'vitest';
import { filterQuery, pageOf, readFilters } from './url-filters';

const KEYS = ['departmentId', 'from', 'q'] as const;

describe('filters in the address', () => {
  it('reads each filter, a missing one as empty', () => {
    expect(readFilters(KEYS, 'departmentId=d1&q=n%C3%A4vus&other=x')).toEqual({ departmentId: 'd1', from: '', q: 'nävus' });
    expect(readFilters(KEYS, '')).toEqual({ departmentId: '', from: '', q: '' });
  });

  it('reads the page, 1 when absent or not a positive number', () => {
    expect(pageOf('page=3')).toBe(3);
    for (const search of ['', 'page=0', 'page=-2', 'page=abc']) expect(pageOf(search), search).toBe(1);
  });

  it('writes the filters trimmed, without blank ones, and the page when given', () => {
    expect(filterQuery(KEYS, { departmentId: ' d1 ', from: '  ', q: 'nävus' }).toString()).toBe('departmentId=d1&q=n%C3%A4vus');
    expect(filterQuery(KEYS, { departmentId: '', from: '2026-01-01', q: '' }, 2).toString()).toBe('from=2026-01-01&page=2');
  });
});
