import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { sameId } from '../../types';
import type { Id } from '../../types';
import { useSession } from '../../session';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../../components/common';
import { TableHead } from '../../components/table';
import { FormError } from './fields';

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

/**
 * The frame of an admin page: page title, heading and the list/form grid. `stacked`: the list takes
 * the whole width and the form comes below it (a wide table would be clipped beside the form).
 */
export function AdminPage({ title, children, stacked = false }: { title: string; children: ReactNode; stacked?: boolean }) {
  usePageTitle(title);
  return (
    <div className="page">
      <PageHeading>{title}</PageHeading>
      <div className={stacked ? 'admin-grid admin-grid-stacked' : 'admin-grid'}>{children}</div>
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
  const { items, loadError, editing } = page;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <ErrorAlert error={loadError} />
      <AdminItems
        items={items && sortBy(items, sortKey)}
        loadError={loadError}
        emptyText={emptyText}
        columns={columns}
        rowKey={(item) => String(item.id)}
        current={(item) => Boolean(editing && sameId(editing.id, item.id))}
        row={row}
      />
    </section>
  );
}

/** A row's data-* attributes (for tests and styles), keyed without the `data-` prefix. */
export type RowData = Record<string, string>;

/**
 * A table of items: a header of column titles and a last column for each
 * row's actions (its title is for screen readers only), then a row per item.
 */
export function AdminTable<T>({
  items,
  columns,
  rowKey,
  row,
  rowData,
  current,
  testId,
  className,
  actions = true,
}: {
  items: readonly T[];
  columns: string[];
  rowKey(item: T): string;
  /** The cells of the item's row, its actions cell last. */
  row(item: T): ReactNode;
  rowData?(item: T): RowData;
  /** True for the row being edited (aria-current). */
  current?(item: T): boolean;
  testId?: string;
  className?: string;
  /** False for a table without an actions column (e.g. for a user who may not change the items). */
  actions?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className={className} data-testid={testId}>
        <TableHead columns={columns} actions={actions} />
        <tbody>
          {items.map((item) => {
            const data = Object.fromEntries(Object.entries(rowData?.(item) ?? {}).map(([k, v]) => [`data-${k}`, v]));
            return (
              <tr key={rowKey(item)} aria-current={current?.(item) ? 'true' : undefined} {...data}>
                {row(item)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The items of a list in their states: loading (`items` null, no error),
 * empty (`emptyText`), or an AdminTable. The load error itself is shown by
 * the caller, where its panel shows errors.
 */
export function AdminItems<T>({
  items,
  loadError,
  emptyText,
  ...table
}: {
  items: readonly T[] | null;
  loadError: unknown;
  emptyText: string;
} & Omit<Parameters<typeof AdminTable<T>>[0], 'items'>) {
  if (items === null) return loadError ? null : <Loading />;
  if (items.length === 0) return <p className="muted">{emptyText}</p>;
  return <AdminTable items={items} {...table} />;
}

/**
 * A section of an admin page that holds several lists (e.g. the continuity
 * administration): an anchored heading, an optional intro, the load error
 * and the notice after a change, then the section's form and list.
 */
export function AdminSection({
  anchor,
  title,
  intro,
  loadError,
  notice,
  children,
}: {
  /** The section's id (the target of the page's section links); the heading gets `${anchor}-h`. */
  anchor: string;
  title: string;
  intro?: ReactNode;
  loadError?: unknown;
  notice: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${anchor}-h`} id={anchor} className="panel">
      <h2 id={`${anchor}-h`}>{title}</h2>
      {intro && <p className="hint">{intro}</p>}
      <ErrorAlert error={loadError} detail />
      <StatusMessage>{notice}</StatusMessage>
      {children}
    </section>
  );
}

/**
 * State of a section whose form opens on demand: which item is open in the
 * form (`'new'` for a new one, null when closed) and the notice after a save.
 */
export function useInlineEditor<T>() {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [notice, setNotice] = useState('');
  return {
    editing,
    /** The item open in the form, or null for a new one. */
    item: editing === 'new' ? null : editing,
    notice,
    setNotice,
    open(what: T | 'new') {
      setNotice('');
      setEditing(what);
    },
    close: () => setEditing(null),
    /** Closes the form and says what was saved. */
    saved(message: string) {
      setEditing(null);
      setNotice(message);
    },
  };
}

/** The button that opens a section's form for a new item (hidden while the form is open). */
export function AddButton({ editor, label, disabled }: { editor: { editing: unknown; open(what: 'new'): void }; label: string; disabled?: boolean }) {
  if (editor.editing !== null) return null;
  return (
    <p>
      <button type="button" className="button-primary" onClick={() => editor.open('new')} disabled={disabled}>
        {label}
      </button>
    </p>
  );
}

/**
 * A form inside an admin section: a panel with its heading (inside the
 * form), the fields, the refusal that names none of `fields`, and the
 * actions. Its first field (`${id}-${focus}`) takes the focus when it opens.
 */
export function InlineFormPanel({
  id,
  title,
  fields,
  error,
  focus,
  onSubmit,
  actions,
  testId,
  noValidate = true,
  headingLevel = 3,
  children,
}: {
  id: string;
  title: string;
  /** 2 when the form stands on the page itself rather than inside a section. */
  headingLevel?: 2 | 3;
  /** False to let the browser check required fields before sending. */
  noValidate?: boolean;
  /** The request fields whose refusals are shown beside their inputs. */
  fields: string[];
  error: unknown;
  focus?: string;
  onSubmit(): void;
  actions: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  useEffect(() => {
    if (focus) document.getElementById(`${id}-${focus}`)?.focus();
  }, [id, focus]);

  function handleSubmit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }

  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <form className="panel" onSubmit={handleSubmit} aria-labelledby={`${id}-h`} noValidate={noValidate} data-testid={testId}>
      <Heading id={`${id}-h`}>{title}</Heading>
      {children}
      <FormError error={error} fields={fields} />
      {actions}
    </form>
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
 * item and "Save" for an existing one (or `submitText` for both); cancel is
 * there when editing (or when `cancel` says so). A read-only form has no
 * submit button and its cancel button says "Close", as does one with
 * `closeText`. `children` are further buttons between the two.
 */
export function FormActions({
  editing,
  saving,
  createText,
  submitText,
  onCancel,
  cancel = editing,
  closeText = false,
  readOnly = false,
  children,
}: {
  editing: boolean;
  saving: boolean;
  createText?: string;
  submitText?: string;
  /** Without it there is no cancel button. */
  onCancel?(): void;
  cancel?: boolean;
  closeText?: boolean;
  readOnly?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const idle = submitText ?? (editing || !createText ? t('common.save') : createText);
  return (
    <div className="form-actions">
      {!readOnly && (
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('common.saving') : idle}
        </button>
      )}
      {children}
      {cancel && onCancel && (
        <button type="button" className="button-secondary" onClick={onCancel}>
          {readOnly || closeText ? t('common.close') : t('common.cancel')}
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
