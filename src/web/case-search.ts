// Paging arithmetic of the case search (/cases), apart from React so that it can be tested alone.
import type { CaseList } from './types';

/** "Visar 1–25 av 40": the first and last row shown on a page, counted from 1. */
export function shownRange(page: number, pageSize: number, count: number): { first: number; last: number } {
  const first = (page - 1) * pageSize + 1;
  return { first, last: first + Math.max(0, count - 1) };
}

/** Whether there is a page after this one. When the server stopped counting (at 1000), a full page may have more. */
export function hasNextPage(list: Pick<CaseList, 'page' | 'pageSize' | 'total' | 'totalIsLowerBound' | 'items'>): boolean {
  if (list.page * list.pageSize < list.total) return true;
  return list.totalIsLowerBound && list.items.length === list.pageSize;
}

/** The number of pages when the total is exact (at least one). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
