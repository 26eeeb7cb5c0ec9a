import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { sameId } from '../../types';
import type { Id } from '../../types';
import { useSession } from '../../session';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../../components/common';

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

/** The props every admin page passes to its create/edit form. */
export interface AdminFormProps<T> {
  notice: string;
  onSubmitStart(): void;
  onSaved(item: T, created: boolean): void;
  onCancel(): void;
}

/** The list state that useAdminPage returns and AdminListPanel shows. */
export interface AdminListState<T> {
  items: T[] | null;
  loadError: unknown;
  editing: T | null;
}

/**
 * State of an admin page: the loaded list, its load error, the item being
 * edited and the notice after a save. `load` must be stable (module level or
 * useCallback); it is called on mount and after each save. `createdNotice`
 * is the notice shown after an item is created.
 */
export function useAdminPage<T extends { id: Id }>(load: () => Promise<T[]>, createdNotice: (item: T) => string) {
  const { t } = useTranslation();
  const [items, setItems] = useState<T[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState<T | null>(null);
  const [notice, setNotice] = useState('');
  const { refresh } = useSession();

  const reload = useCallback(async () => {
    try {
      setItems(await load());
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, [load]);

  useEffect(() => {
    void reload();
  }, [reload]);

  function edit(item: T) {
    setNotice('');
    setEditing(item);
  }

  function onSaved(item: T, created: boolean) {
    setItems((list) => mergeItem(list ?? [], item));
    setEditing(null);
    setNotice(created ? createdNotice(item) : t('common.saved'));
    void reload();
    // The change may affect the signed-in user's own rights.
    void refresh();
  }

  const formProps: AdminFormProps<T> = {
    notice,
    onSubmitStart: () => setNotice(''),
    onSaved,
    onCancel: () => setEditing(null),
  };

  return {
    items,
    loadError,
    editing,
    edit,
    /** The key for the form, so that it starts afresh for each item. */
    formKey: editing ? String(editing.id) : 'new',
    formProps,
  };
}

/** The frame of an admin page: page title, heading and the list/form grid. */
export function AdminPage({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="page">
      <PageHeading>{title}</PageHeading>
      <div className="admin-grid">{children}</div>
    </div>
  );
}

/**
 * The list panel of an admin page: heading, load error, loading and empty
 * states, and a table of the items sorted by `sortKey`. The last column is
 * for the row's actions (see EditCell).
 */
export function AdminListPanel<T extends { id: Id }>({
  headingId,
  title,
  emptyText,
  columns,
  page,
  sortKey,
  row,
}: {
  headingId: string;
  title: string;
  emptyText: string;
  columns: string[];
  page: AdminListState<T>;
  sortKey(item: T): string;
  /** The cells of the item's row. */
  row(item: T): ReactNode;
}) {
  const { t } = useTranslation();
  const { items, loadError, editing } = page;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <ErrorAlert error={loadError} />
      {items === null && !loadError ? (
        <Loading />
      ) : items && items.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : items ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={column}>
                    {column}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sortBy(items, sortKey).map((item) => (
                <tr key={String(item.id)} aria-current={editing && sameId(editing.id, item.id) ? 'true' : undefined}>
                  {row(item)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** The actions cell of a list row: a link-styled button that opens the item in the form. */
export function EditCell({ label, onClick, children }: { label: string; onClick(): void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <td className="cell-actions">
      <button type="button" className="button-link" aria-label={label} onClick={onClick}>
        {children ?? t('common.edit')}
      </button>
    </td>
  );
}

/** Error and busy state of an admin form's submit. */
export function useSubmit(onSubmitStart: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  async function submit(action: () => Promise<void>) {
    onSubmitStart();
    setError(null);
    setSaving(true);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return { error, saving, submit };
}

/**
 * The form panel of an admin page: a focusable heading, the page notice, an
 * optional note, and the form with its submit error above the fields.
 * `id` is the form's useId; the heading gets `${id}-title`.
 */
export function AdminFormPanel({
  id,
  title,
  headingRef,
  notice,
  note,
  error,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  notice: string;
  note?: ReactNode;
  error: unknown;
  onSubmit(): void;
  children: ReactNode;
}) {
  function handleSubmit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }

  return (
    <section className="panel form-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <StatusMessage>{notice}</StatusMessage>
      {note}
      <form onSubmit={handleSubmit}>
        <ErrorAlert error={error} detail />
        {children}
      </form>
    </section>
  );
}

/**
 * Submit and cancel buttons. The submit button says `createText` for a new
 * item and "Save" for an existing one; cancel is only there when editing.
 * A read-only form has no submit button and its cancel button says "Close".
 */
export function FormActions({
  editing,
  saving,
  createText,
  onCancel,
  readOnly = false,
}: {
  editing: boolean;
  saving: boolean;
  createText: string;
  onCancel(): void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      {!readOnly && (
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('common.saving') : editing ? t('common.save') : createText}
        </button>
      )}
      {editing && (
        <button type="button" className="button-secondary" onClick={onCancel}>
          {readOnly ? t('common.close') : t('common.cancel')}
        </button>
      )}
    </div>
  );
}

/** The "Active" checkbox of an edit form (`${id}-active`). */
export function ActiveCheckbox({
  id,
  checked,
  onChange,
}: {
  id: string;
  checked: boolean;
  onChange(on: boolean): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="field field-check">
      <input id={`${id}-active`} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={`${id}-active`}>{t('common.active')}</label>
    </div>
  );
}
