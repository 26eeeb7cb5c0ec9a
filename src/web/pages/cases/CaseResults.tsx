import { useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../../i18n/looking';
import './looking.css';
import { casePath, formatDateTime, mediaPath } from '../../media';
import type { CaseListItem } from '../../types';
import { caseFormName } from '../../forms';
import { CaseStatusBadge } from './shared';

/*
 * How case results look (issue 19, "Looking at images"): a thumbnail per case, department,
 * form, capture date, status and the matched words highlighted, in a table or a grid of cards.
 */

export type ResultView = 'table' | 'grid';
const VIEW_KEY = 'kasus.resultView';

/** The table or the grid, remembered in the browser (not per user: it is a display preference). */
export function useResultView(): [ResultView, (view: ResultView) => void] {
  const [view, setView] = useState<ResultView>(() => {
    try {
      return window.localStorage.getItem(VIEW_KEY) === 'grid' ? 'grid' : 'table';
    } catch {
      return 'table';
    }
  });
  const choose = (next: ResultView) => {
    setView(next);
    try {
      window.localStorage.setItem(VIEW_KEY, next);
    } catch {
      // Without storage the choice lasts for the page.
    }
  };
  return [view, choose];
}

export function ViewToggle({ view, onView }: { view: ResultView; onView(view: ResultView): void }) {
  const { t } = useTranslation();
  return (
    <div className="view-toggle" role="group" aria-label={t('looking.view.label')}>
      {(['table', 'grid'] as const).map((v) => (
        <button key={v} type="button" className={view === v ? 'button-secondary is-active' : 'button-secondary'} aria-pressed={view === v} onClick={() => onView(v)}>
          {t(`looking.view.${v}`)}
        </button>
      ))}
    </div>
  );
}

/** The searched words as the server splits them (case-words.ts): letters and digits, two or more. */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  const words = new Set<string>();
  for (const m of q.normalize('NFC').toLocaleLowerCase('sv').matchAll(/[\p{L}\p{N}]+/gu)) if (m[0].length >= 2) words.add(m[0]);
  return [...words];
}

/** The text with every whole searched word marked. */
export function Highlight({ text, words }: { text: string; words: readonly string[] }) {
  if (words.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (!words.includes(m[0].toLocaleLowerCase('sv'))) continue;
    parts.push(text.slice(last, m.index), <mark key={m.index}>{m[0]}</mark>);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}

/** Every searched word occurs in each result (the search demands all): named, marked. */
export function MatchedWords({ words }: { words: readonly string[] }) {
  const { t } = useTranslation();
  if (words.length === 0) return null;
  return (
    <span className="matched-words">
      {t('looking.matched')}:{' '}
      {words.map((w, i) => (
        <span key={w}>
          {i > 0 && ' '}
          <mark>{w}</mark>
        </span>
      ))}
    </span>
  );
}

export function CaseThumb({ mediaId, label, size = 'small' }: { mediaId: string | null; label: string; size?: 'small' | 'large' }) {
  const { t } = useTranslation();
  const className = size === 'large' ? 'case-thumb case-thumb-large' : 'case-thumb';
  if (!mediaId) {
    return (
      <span className={`${className} case-thumb-empty`} role="img" aria-label={t('looking.noImage')}>
        <span aria-hidden="true">—</span>
      </span>
    );
  }
  return <img className={className} src={mediaPath(mediaId, 'thumbnail')} alt={label} loading="lazy" decoding="async" />;
}

type FullItem = Extract<CaseListItem, { confidential: false }>;

export function capturedText(item: FullItem, locale: string): string | null {
  return item.capturedAt ? formatDateTime(item.capturedAt, locale) : null;
}

/** The results as cards: the thumbnail big, then the facts. */
export function CaseResultGrid({
  items,
  locale,
  words,
  department,
  linkState,
  confidential,
}: {
  items: CaseListItem[];
  locale: string;
  words: readonly string[];
  department(id: CaseListItem['departmentId']): string;
  linkState?: unknown;
  /** What a confidential patient's case shows (the emergency opening). */
  confidential(item: Extract<CaseListItem, { confidential: true }>): ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="case-grid">
      {items.map((item) => {
        if (item.confidential) {
          return (
            <li key={String(item.id)} className="case-card case-card-confidential">
              <span className="case-thumb case-thumb-large case-thumb-empty" aria-hidden="true" />
              <div className="case-card-body">
                <span className="badge badge-confidential">{t('search.confidential')}</span>
                <span>{department(item.departmentId)}</span>
                <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, locale)}</time>
                {confidential(item)}
              </div>
            </li>
          );
        }
        const form = caseFormName(item, i18n.resolvedLanguage) ?? t('search.noForm');
        const captured = capturedText(item, locale);
        return (
          <li key={String(item.id)} className="case-card">
            <Link to={casePath(item.id)} state={linkState} className="case-card-link">
              <CaseThumb mediaId={item.thumbnailMediaId} label={`${form}, ${department(item.departmentId)}`} size="large" />
              <span className="case-card-title">
                <Highlight text={form} words={words} />
              </span>
            </Link>
            <div className="case-card-body">
              <span>{department(item.departmentId)}</span>
              <span className="muted">{captured ? t('looking.captured', { date: captured }) : formatDateTime(item.createdAt, locale)}</span>
              <span>
                <CaseStatusBadge status={item.status} />
              </span>
              <MatchedWords words={words} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
