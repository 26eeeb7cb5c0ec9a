import { useEffect, useState } from 'react';
import type { DependencyList, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../api';

/** Sets the document title to "<title> – Kasus". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} – Kasus` : 'Kasus';
  }, [title]);
}

/** Translated text for an API error: the code's translation, else the server message. */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`;
    const translated = t(key, { defaultValue: '' });
    if (translated) return translated;
    return err.message || t('errors.generic');
  }
  return t('errors.generic');
}

/**
 * An error shown with role="alert". With `detail`, the server's own message is
 * shown as well when it says more than the translated code (e.g. which field
 * failed validation).
 */
export function ErrorAlert({ error, detail = false, id }: { error: unknown; detail?: boolean; id?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const main = errorText(t, error);
  const server = error instanceof ApiError ? error.message : '';
  const showDetail = detail && server && server !== main && error instanceof ApiError && error.code !== 'network_error';
  return (
    <div className="alert alert-error" role="alert" id={id}>
      <p>{main}</p>
      {showDetail ? <p className="alert-detail">{server}</p> : null}
    </div>
  );
}

export function StatusMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}

/** Previous and next page, with "Sida 2 av 5" (or "Sida 2" when the number of pages is not known). */
export function Pager({ page, pages, hasNext, loading, onPage }: { page: number; pages: number | null; hasNext: boolean; loading: boolean; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t('pager.paging')}>
      <button type="button" className="button-secondary" disabled={page <= 1 || loading} onClick={() => onPage(page - 1)}>
        {t('pager.previous')}
      </button>
      <span>{pages === null ? t('pager.page', { page }) : t('pager.pageOf', { page, pages })}</span>
      <button type="button" className="button-secondary" disabled={!hasNext || loading} onClick={() => onPage(page + 1)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}

/** Page heading that can receive focus after navigation. */
export function PageHeading({ children }: { children: ReactNode }) {
  return (
    <h1 tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/**
 * Loads data whenever `deps` change. The last result stays while the next one loads, and an answer
 * that arrives after the deps moved on (or after unmount) is ignored.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): { data: T | null; error: unknown; loading: boolean } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    load()
      .then(
        (result) => {
          if (cancelled) return;
          setData(result);
          setError(null);
        },
        (err: unknown) => {
          if (!cancelled) setError(err);
        },
      )
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
    // The caller names what the load depends on, as with useEffect.
  }, deps);
  return { data, error, loading };
}
