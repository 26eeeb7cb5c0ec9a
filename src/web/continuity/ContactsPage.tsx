import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, query } from '../api';
import { ErrorAlert, Loading, PageHeading, StatusMessage, useLoad, usePageTitle, SaveCancel } from '../components/common';
import { useSession } from '../session';
import { PAGE_RIGHTS as RIGHTS } from '../rights';
import { CallNowList } from './CallNow';
import { CONTACT_KINDS, parseValidity, validityInput, validityText, type CallNow, type Contact, type ContactKind } from './incidents';

/** "Who do I call now?" for every logged-in user, and the whole directory (edited with continuity.manage). */
export function ContactsPage() {
  const { t } = useTranslation();
  usePageTitle(t('contacts.title'));
  const id = useId();
  const { hasRight } = useSession();
  const canManage = hasRight(RIGHTS.continuity);
  const [reload, setReload] = useState(0);
  const [site, setSite] = useState('');
  const [fn, setFn] = useState('');
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [done, setDone] = useState('');
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const directory = useLoad(() => api<Contact[]>('GET', '/api/contacts'), [reload]);
  const now = useLoad(() => api<CallNow>('GET', `/api/contacts/now${query({ site, function: fn })}`), [site, fn, reload]);

  const contacts = directory.data ?? [];
  const sites = [...new Set(contacts.map((c) => c.site))].sort();
  const functions = [...new Set(contacts.map((c) => c.function))].sort();
  const days = t('contacts.weekdays.short').split(',');

  async function remove(c: Contact) {
    const name = `${c.function} – ${c.label ?? c.number}`;
    if (!window.confirm(t('contacts.confirmDelete', { name }))) return;
    setDeleteError(null);
    setDone('');
    try {
      await api<void>('DELETE', `/api/contacts/${c.id}`);
      setDone(t('contacts.deleted'));
      setReload((r) => r + 1);
    } catch (err) {
      setDeleteError(err);
    }
  }

  return (
    <div className="page contacts-page">
      <PageHeading>{t('contacts.title')}</PageHeading>
      <p>
        <Link to="/status">{t('incidents.toStatus')}</Link>
      </p>
      <section className="panel call-now-panel" aria-labelledby={`${id}-now`}>
        <h2 id={`${id}-now`}>{t('contacts.now')}</h2>
        <div className="filters">
          <div className="field-inline">
            <label htmlFor={`${id}-site`}>{t('contacts.filterSite')}</label>
            <select id={`${id}-site`} value={site} onChange={(e) => setSite(e.target.value)}>
              <option value="">{t('contacts.all')}</option>
              {sites.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="field-inline">
            <label htmlFor={`${id}-fn`}>{t('contacts.filterFunction')}</label>
            <select id={`${id}-fn`} value={fn} onChange={(e) => setFn(e.target.value)}>
              <option value="">{t('contacts.all')}</option>
              {functions.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorAlert error={now.error} detail />
        {!now.data && !now.error && <Loading />}
        {now.data && <CallNowList callNow={now.data} testId="contacts-now" />}
      </section>

      <section aria-labelledby={`${id}-dir`}>
        <h2 id={`${id}-dir`}>{t('contacts.directory')}</h2>
        <ErrorAlert error={directory.error} detail />
        <ErrorAlert error={deleteError} detail />
        <StatusMessage>{done}</StatusMessage>
        {canManage && editing === null && (
          <p>
            <button type="button" className="button-primary" onClick={() => (setEditing('new'), setDone(''))}>
              {t('contacts.add')}
            </button>
          </p>
        )}
        {canManage && editing !== null && (
          <ContactForm
            contact={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              setDone(t('contacts.saved'));
              setReload((r) => r + 1);
            }}
          />
        )}
        {directory.loading && !directory.data && <Loading />}
        {directory.data && contacts.length === 0 && <p>{t('contacts.empty')}</p>}
        {contacts.length > 0 && (
          <table className="status-table" data-testid="contacts-directory">
            <thead>
              <tr>
                <th scope="col">{t('contacts.fields.site')}</th>
                <th scope="col">{t('contacts.fields.function')}</th>
                <th scope="col">{t('contacts.fields.label')}</th>
                <th scope="col">{t('contacts.fields.number')}</th>
                <th scope="col">{t('contacts.fields.validity')}</th>
                <th scope="col">{t('contacts.fields.priority')}</th>
                <th scope="col">{t('contacts.fields.note')}</th>
                {canManage && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => (
                <tr key={c.id}>
                  <td>{c.site}</td>
                  <th scope="row">{c.function}</th>
                  <td>{c.label ?? ''}</td>
                  <td>
                    {t(`contacts.kind.${c.kind}`)}: {c.number}
                  </td>
                  <td>{validityText(c.validity, days, t('contacts.always'))}</td>
                  <td>{c.priority}</td>
                  <td>{c.note ?? ''}</td>
                  {canManage && (
                    <td>
                      <button type="button" className="button-secondary" onClick={() => (setEditing(c), setDone(''))} aria-label={t('contacts.editTitle', { name: `${c.function} ${c.label ?? c.number}` })}>
                        {t('contacts.edit')}
                      </button>{' '}
                      <button type="button" className="button-secondary" onClick={() => void remove(c)}>
                        {t('contacts.delete')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ContactForm({ contact, onCancel, onSaved }: { contact: Contact | null; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [site, setSite] = useState(contact?.site ?? '');
  const [fn, setFn] = useState(contact?.function ?? '');
  const [label, setLabel] = useState(contact?.label ?? '');
  const [kind, setKind] = useState<ContactKind>(contact?.kind ?? 'phone');
  const [number, setNumber] = useState(contact?.number ?? '');
  const [validity, setValidity] = useState(contact ? validityInput(contact.validity) : '');
  const [priority, setPriority] = useState(String(contact?.priority ?? 1));
  const [note, setNote] = useState(contact?.note ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [validityError, setValidityError] = useState('');

  useEffect(() => {
    document.getElementById(`${id}-site`)?.focus();
  }, [id]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setValidityError('');
    let windows;
    try {
      windows = parseValidity(validity);
    } catch (err) {
      setValidityError(t('contacts.badValidity', { part: err instanceof Error ? err.message : '' }));
      document.getElementById(`${id}-validity`)?.focus();
      return;
    }
    setSaving(true);
    const body = { site, function: fn, label: label.trim() || null, kind, number, validity: windows, priority: Number(priority) || 1, note: note.trim() || null };
    try {
      if (contact) await api('PATCH', `/api/contacts/${contact.id}`, body);
      else await api('POST', '/api/contacts', body);
      onSaved();
    } catch (err) {
      setError(err);
      setSaving(false);
    }
  }

  return (
    <form className="panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{contact ? t('contacts.editTitle', { name: `${contact.function} ${contact.label ?? contact.number}` }) : t('contacts.add')}</h3>
      <div className="field">
        <label htmlFor={`${id}-site`}>{t('contacts.fields.site')}</label>
        <input id={`${id}-site`} value={site} onChange={(e) => setSite(e.target.value)} required maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-fn`}>{t('contacts.fields.function')}</label>
        <input id={`${id}-fn`} value={fn} onChange={(e) => setFn(e.target.value)} required maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-label`}>{t('contacts.fields.label')}</label>
        <input id={`${id}-label`} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('contacts.fields.kind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as ContactKind)}>
          {CONTACT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`contacts.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-number`}>{t('contacts.fields.number')}</label>
        <input id={`${id}-number`} value={number} onChange={(e) => setNumber(e.target.value)} required maxLength={200} />
      </div>
      <div className={validityError ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-validity`}>{t('contacts.fields.validity')}</label>
        <input id={`${id}-validity`} value={validity} onChange={(e) => setValidity(e.target.value)} aria-describedby={`${id}-validity-hint${validityError ? ` ${id}-validity-error` : ''}`} aria-invalid={validityError ? true : undefined} />
        <p className="hint" id={`${id}-validity-hint`}>
          {t('contacts.fields.validityHint')}
        </p>
        {validityError && (
          <p className="field-error" id={`${id}-validity-error`} role="alert">
            {validityError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-priority`}>{t('contacts.fields.priority')}</label>
        <input id={`${id}-priority`} type="number" min={1} max={99} value={priority} onChange={(e) => setPriority(e.target.value)} aria-describedby={`${id}-priority-hint`} />
        <p className="hint" id={`${id}-priority-hint`}>
          {t('contacts.fields.priorityHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('contacts.fields.note')}</label>
        <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </div>
      <ErrorAlert error={error} detail />
      <SaveCancel saving={saving} onCancel={onCancel} />
    </form>
  );
}
