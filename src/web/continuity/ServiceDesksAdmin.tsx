import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert, Loading, StatusMessage, useLoad, SaveCancel } from '../components/common';
import { FormError, TextField } from './AdminFields';
import { orNull, TEMPLATE_LANGUAGES, TEMPLATE_PLACEHOLDERS, type ServiceDesk, type Template, type TemplateLanguage } from './continuityAdmin';

const DESK_FIELDS = ['name', 'webhookUrl', 'email', 'contactFunction', 'templates'];

/** The service desks that receive urgent incident reports (C5), with their delivery and templates. */
export function ServiceDesksAdmin({ anchor }: { anchor: string }) {
  const { t } = useTranslation();
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<ServiceDesk | 'new' | null>(null);
  const [done, setDone] = useState('');
  const desks = useLoad(() => api<ServiceDesk[]>('GET', '/api/service-desks'), [reload]);

  const open = (what: ServiceDesk | 'new') => {
    setEditing(what);
    setDone('');
  };

  return (
    <section aria-labelledby={`${anchor}-h`} id={anchor} className="panel">
      <h2 id={`${anchor}-h`}>{t('continuityAdmin.serviceDesks.title')}</h2>
      <p className="hint">{t('continuityAdmin.serviceDesks.intro')}</p>
      <ErrorAlert error={desks.error} detail />
      <StatusMessage>{done}</StatusMessage>
      {editing === null && (
        <p>
          <button type="button" className="button-primary" onClick={() => open('new')}>
            {t('continuityAdmin.serviceDesks.add')}
          </button>
        </p>
      )}
      {editing !== null && (
        <ServiceDeskForm
          desk={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setDone(t('continuityAdmin.serviceDesks.saved', { name: saved.name }));
            setReload((r) => r + 1);
          }}
        />
      )}
      {!desks.data && !desks.error && <Loading />}
      {desks.data && desks.data.length === 0 && <p>{t('continuityAdmin.serviceDesks.empty')}</p>}
      {desks.data && desks.data.length > 0 && (
        <div className="table-wrap">
          <table className="status-table" data-testid="admin-service-desks">
            <thead>
              <tr>
                <th scope="col">{t('continuityAdmin.serviceDesks.fields.name')}</th>
                <th scope="col">{t('continuityAdmin.serviceDesks.fields.webhookUrl')}</th>
                <th scope="col">{t('continuityAdmin.serviceDesks.fields.email')}</th>
                <th scope="col">{t('continuityAdmin.serviceDesks.fields.contactFunction')}</th>
                <th scope="col">{t('continuityAdmin.serviceDesks.fields.templates')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {desks.data.map((d) => {
                const own = TEMPLATE_LANGUAGES.filter((l) => d.templates[l]);
                return (
                  <tr key={d.id} data-desk={d.name}>
                    <th scope="row">{d.name}</th>
                    <td className="mono">{d.webhookUrl ?? (d.hasWebhook ? t('common.yes') : '–')}</td>
                    <td>{d.email ?? '–'}</td>
                    <td>{d.contactFunction ?? '–'}</td>
                    <td>{own.length > 0 ? own.map((l) => t(`languages.${l}`)).join(', ') : t('continuityAdmin.serviceDesks.builtIn')}</td>
                    <td>
                      <button type="button" className="button-secondary" onClick={() => open(d)} aria-label={t('continuityAdmin.serviceDesks.editLabel', { name: d.name })}>
                        {t('common.edit')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type TemplateDrafts = Record<TemplateLanguage, (Template & { own: boolean })>;

function ServiceDeskForm({ desk, onCancel, onSaved }: { desk: ServiceDesk | null; onCancel(): void; onSaved(saved: ServiceDesk): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(desk?.name ?? '');
  const [webhookUrl, setWebhookUrl] = useState(desk?.webhookUrl ?? '');
  const [email, setEmail] = useState(desk?.email ?? '');
  const [contactFunction, setContactFunction] = useState(desk?.contactFunction ?? '');
  const [templates, setTemplates] = useState<TemplateDrafts>(() => {
    const drafts = {} as TemplateDrafts;
    for (const l of TEMPLATE_LANGUAGES) {
      const own = desk?.templates[l];
      const shown = own ?? desk?.effectiveTemplates[l] ?? { subject: '', body: '' };
      drafts[l] = { subject: shown.subject, body: shown.body, own: Boolean(own) };
    }
    return drafts;
  });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    document.getElementById(`${id}-name`)?.focus();
  }, [id]);

  const changeTemplate = (language: TemplateLanguage, patch: Partial<Template & { own: boolean }>) => setTemplates((all) => ({ ...all, [language]: { ...all[language], ...patch } }));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const own: Partial<Record<TemplateLanguage, Template>> = {};
    for (const l of TEMPLATE_LANGUAGES) if (templates[l].own) own[l] = { subject: templates[l].subject, body: templates[l].body };
    const body = { name, webhookUrl: orNull(webhookUrl), email: orNull(email), contactFunction: orNull(contactFunction), templates: own };
    try {
      const saved = desk ? await api<ServiceDesk>('PATCH', `/api/service-desks/${desk.id}`, body) : await api<ServiceDesk>('POST', '/api/service-desks', body);
      onSaved(saved);
    } catch (err) {
      setError(err);
      setSaving(false);
    }
  }

  const title = desk ? t('continuityAdmin.serviceDesks.editTitle', { name: desk.name }) : t('continuityAdmin.serviceDesks.addTitle');

  return (
    <form className="panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${id}-h`} noValidate>
      <h3 id={`${id}-h`}>{title}</h3>
      <TextField id={`${id}-name`} label={t('continuityAdmin.serviceDesks.fields.name')} value={name} onChange={setName} field="name" error={error} required maxLength={200} />
      <TextField
        id={`${id}-webhook`}
        label={t('continuityAdmin.serviceDesks.fields.webhookUrl')}
        hint={t('continuityAdmin.serviceDesks.fields.webhookHint')}
        inputMode="url"
        value={webhookUrl}
        onChange={setWebhookUrl}
        field="webhookUrl"
        error={error}
        maxLength={2000}
      />
      <TextField
        id={`${id}-email`}
        label={t('continuityAdmin.serviceDesks.fields.email')}
        hint={t('continuityAdmin.serviceDesks.fields.emailHint')}
        inputMode="email"
        value={email}
        onChange={setEmail}
        field="email"
        error={error}
        maxLength={320}
      />
      <TextField
        id={`${id}-function`}
        label={t('continuityAdmin.serviceDesks.fields.contactFunction')}
        hint={t('continuityAdmin.serviceDesks.fields.contactFunctionHint')}
        value={contactFunction}
        onChange={setContactFunction}
        field="contactFunction"
        error={error}
        maxLength={200}
      />
      <p className="hint" id={`${id}-placeholders`}>
        {t('continuityAdmin.serviceDesks.placeholders')} <span className="mono">{TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}</span>
      </p>
      {TEMPLATE_LANGUAGES.map((l) => {
        const draft = templates[l];
        const language = t(`languages.${l}`);
        return (
          <fieldset key={l} className="field" data-testid={`template-${l}`}>
            <legend>{t('continuityAdmin.serviceDesks.templateFor', { language })}</legend>
            <div className="field-check">
              <input id={`${id}-${l}-own`} type="checkbox" checked={draft.own} onChange={(e) => changeTemplate(l, { own: e.target.checked })} />
              <label htmlFor={`${id}-${l}-own`}>{t('continuityAdmin.serviceDesks.ownTemplate', { language })}</label>
            </div>
            {draft.own ? (
              <>
                <TextField
                  id={`${id}-${l}-subject`}
                  label={t('continuityAdmin.serviceDesks.fields.subject', { language })}
                  hint={t('continuityAdmin.serviceDesks.fields.templateHint')}
                  value={draft.subject}
                  onChange={(v) => changeTemplate(l, { subject: v })}
                  field={`templates.${l}.subject`}
                  error={error}
                  maxLength={500}
                />
                <TextField
                  id={`${id}-${l}-body`}
                  label={t('continuityAdmin.serviceDesks.fields.body', { language })}
                  value={draft.body}
                  onChange={(v) => changeTemplate(l, { body: v })}
                  field={`templates.${l}.body`}
                  error={error}
                  multiline
                  rows={8}
                  maxLength={10000}
                />
              </>
            ) : (
              <p className="hint">{t('continuityAdmin.serviceDesks.usesBuiltIn')}</p>
            )}
          </fieldset>
        );
      })}
      <FormError error={error} fields={DESK_FIELDS} />
      <SaveCancel saving={saving} onCancel={onCancel} />
    </form>
  );
}
