// Helpers for cases and media that need no React: refusal texts, formatting, polling decisions,
// and the queue that limits how many uploads run at once.
import type { TFunction } from 'i18next';
import { hospitalZone } from './hospital-zone';
import type { DerivativeKind, MediaView, SessionUser } from './types';
import { sameId } from './types';
import type { Id } from './types';

/** Codes the server gives for a file it will not keep (`refused[].code`). */
export const REFUSAL_CODES = [
  'unsupported_type',
  'type_mismatch',
  'corrupt',
  'truncated',
  'too_large',
  'too_many_pixels',
  'too_long',
  'polyglot',
  'empty',
  'heic_unsupported',
  'duplicate',
] as const;

/** How many files are sent at the same time. */
export const UPLOAD_CONCURRENCY = 3;
/** How often the case is re-read while its media is being prepared. */
export const POLL_INTERVAL_MS = 2000;
/** After this many answers in a row without any change (a long video transcode), poll less often… */
export const POLL_SLOW_AFTER = 30;
export const POLL_SLOW_INTERVAL_MS = 10_000;
/** …and stop after this many (about half an hour): the server may never make some file. */
export const POLL_MAX_UNCHANGED = 200;

/** The wait before the next reading, given how many readings in a row changed nothing. */
export function pollDelay(unchanged: number): number {
  return unchanged < POLL_SLOW_AFTER ? POLL_INTERVAL_MS : POLL_SLOW_INTERVAL_MS;
}

export const mediaPath = (id: Id, variant: 'original' | DerivativeKind) =>
  `/api/media/${encodeURIComponent(String(id))}/${variant}`;

export const casePath = (id: Id) => `/cases/${encodeURIComponent(String(id))}`;

/** The translated reason a file was refused, else the server's own words. */
export function refusalText(t: TFunction, code: string, message: string): string {
  const translated = code ? t(`refusals.${code}`, { defaultValue: '' }) : '';
  return translated || message || t('errors.generic');
}

/** The derived files the server makes for each kind of media. */
export function expectedDerivatives(kind: string): DerivativeKind[] {
  switch (kind) {
    case 'image':
      return ['thumbnail', 'preview'];
    case 'video':
      return ['thumbnail', 'poster', 'playable'];
    case 'audio':
      return ['playable'];
    default:
      return ['thumbnail'];
  }
}

/** True while the item is still being cleaned or some of its derived files are missing. */
export function isPreparing(item: MediaView): boolean {
  if (item.status === 'processing') return true;
  if (item.status !== 'ready') return false;
  return expectedDerivatives(item.kind).some((d) => !item.derivatives[d]);
}

export function needsPolling(media: MediaView[]): boolean {
  return media.some(isPreparing);
}

/** 2 s → "0:02", 62 s → "1:02", 3 723 s → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A byte count for people: "532 kB", "4,2 MB" (decimal units, as file managers show them). */
export function formatSize(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: hospitalZone() }).format(date);
}

export interface DepartmentChoice {
  id: Id;
  name: string;
}

/** The departments in which the user holds `right`, once each, by name. */
export function departmentsWithRight(user: SessionUser | null, right: string): DepartmentChoice[] {
  const out: DepartmentChoice[] = [];
  for (const a of user?.assignments ?? []) {
    if (!a.rights.includes(right) || out.some((d) => sameId(d.id, a.departmentId))) continue;
    out.push({ id: a.departmentId, name: a.departmentName });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** True when the user holds `right` in the department (or through a global role). */
export function hasRightIn(user: SessionUser | null, right: string, departmentId: Id): boolean {
  return (user?.assignments ?? []).some(
    (a) => a.rights.includes(right) && (a.global === true || sameId(a.departmentId, departmentId)),
  );
}

/** The department's name as the session knows it, or null. */
export function departmentName(user: SessionUser | null, departmentId: Id): string | null {
  return user?.assignments.find((a) => sameId(a.departmentId, departmentId))?.departmentName ?? null;
}

/** Runs tasks with at most `limit` at a time, in the order they were added. */
export class TaskQueue {
  private running = 0;
  private readonly waiting: (() => Promise<unknown>)[] = [];

  constructor(private readonly limit: number) {}

  push(task: () => Promise<unknown>): void {
    this.waiting.push(task);
    this.pump();
  }

  /** Tasks started and not yet finished. */
  get active(): number {
    return this.running;
  }

  /** Tasks not yet started. */
  get queued(): number {
    return this.waiting.length;
  }

  private pump(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      const task = this.waiting.shift()!;
      this.running += 1;
      let result: Promise<unknown>;
      try {
        result = task();
      } catch (err) {
        result = Promise.reject(err);
      }
      void result
        .catch(() => undefined)
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
  }
}
