import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { sameId } from '../../types';
import type { Id } from '../../types';

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={active ? 'badge badge-active' : 'badge badge-inactive'}>
      {active ? t('common.active') : t('common.inactive')}
    </span>
  );
}

/** Replaces the item with the same id, or appends it. */
export function mergeItem<T extends { id: Id }>(list: T[], item: T): T[] {
  const index = list.findIndex((x) => sameId(x.id, item.id));
  if (index === -1) return [...list, item];
  const copy = list.slice();
  copy[index] = item;
  return copy;
}

export function sortBy<T>(list: T[], key: (item: T) => string): T[] {
  return list.slice().sort((a, b) => key(a).localeCompare(key(b)));
}

/** Focuses the form heading when an item is chosen for editing. */
export function useFormFocus(editingId: Id | undefined) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (editingId) ref.current?.focus();
  }, [editingId]);
  return ref;
}

/** True when the response looks like a stored object (has an id). */
export function isEntity<T extends { id: Id }>(value: unknown): value is T {
  if (!value || typeof value !== 'object') return false;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number';
}

export const idPath = (id: Id) => encodeURIComponent(String(id));
