// Pieces of the report pages (audit log, emergency openings): the filter selects' options and the
// paged results panel with its count, loading and empty states, table and pager.
import type { ReactNode, RefObject } from 'react';
import { Loading, Pager } from './common';
import { TableHead } from './table';

/** A page of results as the report endpoints answer with it. */
export interface ResultPage<T> {
  items: T[];
  total: number;
  /** The log report counts up to a limit: true when more than `total` match (then there are pages past the last counted). */
  totalIsLowerBound?: boolean;
  /** The page answered and its size, when the endpoint says (else those asked for). */
  page?: number;
  pageSize?: number;
}

/** `<option>`s for a filter select: "all" first (value ''), then the items by `sortKey` (their label unless given). */
export function FilterOptions<T extends { id: string | number }>({
  all,
  items,
  label,
  sortKey = label,
}: {
  all: string;
  items: readonly T[];
  label(item: NoInfer<T>): string;
  sortKey?(item: NoInfer<T>): string;
}) {
  const sorted = items
    .map((item) => ({ value: String(item.id), text: label(item), key: sortKey(item) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return (
    <>
      <option value="">{all}</option>
      {sorted.map((o) => (
        <option key={o.value} value={o.value}>
          {o.text}
        </option>
      ))}
    </>
  );
}

/** How a user is named in a filter: "Display Name (username)", or the username alone. */
export const userLabel = (u: { username: string; displayName?: string | null }) => (u.displayName ? `${u.displayName} (${u.username})` : u.username);

/**
 * The results panel of a report or list page: heading and total (a status), optional filters,
 * loading, empty text, the table (`columns` for its head, `children` its rows) and a pager when
 * there is more than a page.
 */
export function ReportResults<T>({
  headingId,
  title,
  totalText,
  data,
  loading,
  page,
  pageSize,
  emptyText,
  className,
  columns,
  onPage,
  headingRef,
  filters,
  actions = false,
  children,
}: {
  headingId: string;
  title: string;
  /** For moving the focus to the heading (it is focusable when given). */
  headingRef?: RefObject<HTMLHeadingElement | null>;
  /** Filter controls shown between the heading and the table. */
  filters?: ReactNode;
  /** True when the rows end with an actions cell. */
  actions?: boolean;
  totalText(total: number, lowerBound: boolean): string;
  data: ResultPage<T> | null;
  loading: boolean;
  /** The page asked for (shown until the answer comes). */
  page: number;
  pageSize: number;
  emptyText: string;
  className: string;
  columns: string[];
  onPage(page: number): void;
  children(items: T[]): ReactNode;
}) {
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / (data?.pageSize || pageSize)));
  const currentPage = data?.page ?? page;
  const lowerBound = data?.totalIsLowerBound ?? false;
  return (
    <section className="panel" aria-labelledby={headingId} aria-busy={loading}>
      <div className="table-head">
        <h2 id={headingId} ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
          {title}
        </h2>
        {data && (
          <p className="muted" role="status">
            {totalText(total, lowerBound)}
          </p>
        )}
      </div>
      {filters}
      {loading && !data ? (
        <Loading />
      ) : data && data.items.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : data ? (
        <div className="table-wrap">
          <table className={className}>
            <TableHead columns={columns} actions={actions} />
            <tbody>{children(data.items)}</tbody>
          </table>
        </div>
      ) : null}
      {data && pages > 1 && (
        <Pager page={currentPage} pages={lowerBound ? null : pages} hasNext={lowerBound ? data.items.length > 0 : currentPage < pages} loading={loading} onPage={onPage} />
      )}
    </section>
  );
}
