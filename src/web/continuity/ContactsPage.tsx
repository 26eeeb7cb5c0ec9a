import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, call, client } from '../api';
import { ErrorAlert, Loading, PageHeading, useLoad, usePageTitle } from '../components/common';
import { AddButton, AdminItems, AdminSection, FormActions, InlineFormPanel, useInlineEditor, useSubmit } from '../pages/admin/shared';
import { SelectField, TextField } from '../pages/admin/fields';
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
  const editor = useInlineEditor<Contact>();
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const directory = useLoad(() => call(client.GET('/api/contacts')), [reload]);
  const now = useLoad(() => call(client.GET('/api/contacts/now', { params: { query: { site, function: fn } } })), [site, fn, reload]);

  const contacts = directory.data ?? [];
  const sites = [...new Set(contacts.map((c) => c.site))].sort();
  const functions = [...new Set(contacts.map((c) => c.function))].sort();
  const days = t('contacts.weekdays.short').split(',');

  async function remove(c: Contact) {
    const name = `${c.function} – ${c.label ?? c.number}`;
    if (!window.confirm(t('contacts.confirmDelete', { name }))) return;
    setDeleteError(null);
    editor.setNotice('');
    try {
      await call(client.DELETE('/api/contacts/{id}', { params: { path: { id: c.id } } }));
      editor.setNotice(t('contacts.deleted'));
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

      <AdminSection anchor={`${id}-dir`} title={t('contacts.directory')} loadError={directory.error} notice={editor.notice}>
        <ErrorAlert error={deleteError} detail />
        {canManage && <AddButton editor={editor} label={t('contacts.add')} />}
        {canManage && editor.editing !== null && (
          <ContactForm
            contact={editor.item}
            onCancel={editor.close}
            onSaved={() => {
              editor.saved(t('contacts.saved'));
              setReload((r) => r + 1);
            }}
          />
        )}
        <AdminItems
          items={directory.data}
          loadError={directory.error}
          emptyText={t('contacts.empty')}
          className="status-table"
          testId="contacts-directory"
          actions={canManage}
          columns={[
            t('contacts.fields.site'),
            t('contacts.fields.function'),
            t('contacts.fields.label'),
            t('contacts.fields.number'),
            t('contacts.fields.validity'),
            t('contacts.fields.priority'),
            t('contacts.fields.note'),
          ]}
          rowKey={(c) => c.id}
          row={(c) => (
            <>
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
                  <button type="button" className="button-secondary" onClick={() => editor.open(c)} aria-label={t('contacts.editTitle', { name: `${c.function} ${c.label ?? c.number}` })}>
                    {t('contacts.edit')}
                  </button>{' '}
                  <button type="button" className="button-secondary" onClick={() => void remove(c)}>
                    {t('contacts.delete')}
                  </button>
                </td>
              )}
            </>
          )}
        />
      </AdminSection>
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
  const { error, saving, submit } = useSubmit(() => {});

  function onSubmit() {
    void submit(async () => {
      let windows;
      try {
        windows = parseValidity(validity);
      } catch (err) {
        // Refused here as the server refuses a field: the message stands beside it.
        throw new ApiError(400, 'validation_failed', t('contacts.badValidity', { part: err instanceof Error ? err.message : '' }), { field: 'validity' });
      }
      const body = { site, function: fn, label: label.trim() || null, kind, number, validity: windows, priority: Number(priority) || 1, note: note.trim() || null };
      if (contact) await call(client.PATCH('/api/contacts/{id}', { params: { path: { id: contact.id } }, body }));
      else await call(client.POST('/api/contacts', { body }));
      onSaved();
    });
  }

  const title = contact ? t('contacts.editTitle', { name: `${contact.function} ${contact.label ?? contact.number}` }) : t('contacts.add');
  return (
    <InlineFormPanel id={id} title={title} noValidate={false} fields={['validity']} error={error} focus="site" onSubmit={onSubmit} actions={<FormActions editing saving={saving} onCancel={onCancel} />}>
      <TextField id={`${id}-site`} label={t('contacts.fields.site')} value={site} onChange={setSite} required maxLength={200} />
      <TextField id={`${id}-fn`} label={t('contacts.fields.function')} value={fn} onChange={setFn} required maxLength={200} />
      <TextField id={`${id}-label`} label={t('contacts.fields.label')} value={label} onChange={setLabel} maxLength={200} />
      <SelectField id={`${id}-kind`} label={t('contacts.fields.kind')} value={kind} onChange={setKind} options={CONTACT_KINDS.map((k) => ({ value: k, label: t(`contacts.kind.${k}`) }))} />
      <TextField id={`${id}-number`} label={t('contacts.fields.number')} value={number} onChange={setNumber} required maxLength={200} />
      <TextField id={`${id}-validity`} label={t('contacts.fields.validity')} hint={t('contacts.fields.validityHint')} value={validity} onChange={setValidity} field="validity" error={error} />
      <TextField id={`${id}-priority`} label={t('contacts.fields.priority')} hint={t('contacts.fields.priorityHint')} type="number" min={1} max={99} value={priority} onChange={setPriority} />
      <TextField id={`${id}-note`} label={t('contacts.fields.note')} value={note} onChange={setNote} maxLength={2000} />
    </InlineFormPanel>
  );
}
