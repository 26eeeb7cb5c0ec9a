import { describe, expect, it } from 'vitest';
import { hasNextPage, pageCount, shownRange } from './case-search';

const list = (page: number, count: number, total: number, totalIsLowerBound = false) => ({
  page,
  pageSize: 25,
  total,
  totalIsLowerBound,
  items: Array.from({ length: count }, () => null as never),
});

describe('case search paging', () => {
  it('shows the rows of the page counted from one', () => {
    expect(shownRange(1, 25, 25)).toEqual({ first: 1, last: 25 });
    expect(shownRange(2, 25, 15)).toEqual({ first: 26, last: 40 });
    expect(shownRange(3, 25, 1)).toEqual({ first: 51, last: 51 });
  });

  it('has a next page while the total says so', () => {
    expect(hasNextPage(list(1, 25, 40))).toBe(true);
    expect(hasNextPage(list(2, 15, 40))).toBe(false);
    expect(hasNextPage(list(1, 25, 25))).toBe(false);
    expect(hasNextPage(list(1, 0, 0))).toBe(false);
  });

  it('goes on past a total that is only a lower bound while pages are full', () => {
    expect(hasNextPage(list(40, 25, 1000, true))).toBe(true);
    expect(hasNextPage(list(41, 25, 1000, true))).toBe(true);
    expect(hasNextPage(list(42, 3, 1000, true))).toBe(false);
  });

  it('counts at least one page', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
  });
});
