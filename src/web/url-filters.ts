// List pages whose filters live in the address (so back, forward and shared links work): the
// filters as applied come from the query, the form edits a draft of them.
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

export type Filters<K extends string> = Record<K, string>;

/** The filters in an address's query string, a missing one as ''. */
export function readFilters<K extends string>(keys: readonly K[], search: string): Filters<K> {
  const params = new URLSearchParams(search);
  const filters = {} as Filters<K>;
  for (const key of keys) filters[key] = params.get(key) ?? '';
  return filters;
}

/** The page number in an address's query string (1 when absent or not a number). */
export function pageOf(search: string): number {
  return Math.max(1, Number(new URLSearchParams(search).get('page')) || 1);
}

/** The query string for these filters (blank ones left out, the rest trimmed) and, when given, the page. */
export function filterQuery<K extends string>(keys: readonly K[], filters: Filters<K>, page?: number): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of keys) if (filters[key].trim()) query.set(key, filters[key].trim());
  if (page !== undefined) query.set('page', String(page));
  return query;
}

/** The form's draft of the filters, put back in step with the address when it changes (back and forward). */
export function useFilterDraft<K extends string>(applied: Filters<K>) {
  const [draft, setDraft] = useState<Filters<K>>(applied);
  useEffect(() => setDraft(applied), [applied]);
  const set = (key: K) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  return { draft, setDraft, set };
}

/**
 * Filters and page from the address, a draft for the form, and `go` to apply filters at a page
 * (page 1 is left out of the address).
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const applied = useMemo(() => readFilters(keys, search), [keys, search]);
  const page = pageOf(search);
  const { draft, setDraft, set } = useFilterDraft(applied);
  const go = (filters: Filters<K>, toPage: number) => setParams(filterQuery(keys, filters, toPage > 1 ? toPage : undefined));
  const empty = () => readFilters(keys, '');
  return { applied, page, draft, setDraft, set, go, empty };
}
