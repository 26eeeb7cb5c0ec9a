import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../api';
import { useLoad } from '../components/common';
import { AddButton, AdminItems, AdminSection, EditCell, FormActions, InlineFormPanel, useInlineEditor, useSubmit } from '../pages/admin/shared';
import { CheckField, TextField } from '../pages/admin/fields';
import { orNull, TEMPLATE_LANGUAGES, TEMPLATE_PLACEHOLDERS, type ServiceDesk, type Template, type TemplateLanguage } from './continuityAdmin';

const DESK_FIELDS = ['name', 'webhookUrl', 'email', 'contactFunction', 'templates'];

/** The service desks that receive urgent incident reports (C5), with their delivery and templates. */
export function ServiceDesksAdmin({ anchor }: { anchor: string }) {
  const { t } = useTranslation();
  const [reload, setReload] = useState(0);
  const editor = useInlineEditor<ServiceDesk>();
  const desks = useLoad(() => call(client.GET('/api/service-desks')), [reload]);

  return (
    <AdminSection anchor={anchor} title={t('continuityAdmin.serviceDesks.title')} intro={t('continuityAdmin.serviceDesks.intro')} loadError={desks.error} notice={editor.notice}>
      <AddButton editor={editor} label={t('continuityAdmin.serviceDesks.add')} />
      {editor.editing !== null && (
        <ServiceDeskForm
          desk={editor.item}
          onCancel={editor.close}
          onSaved={(saved) => {
            editor.saved(t('continuityAdmin.serviceDesks.saved', { name: saved.name }));
            setReload((r) => r + 1);
          }}
        />
      )}
      <AdminItems
        items={desks.data}
        loadError={desks.error}
        emptyText={t('continuityAdmin.serviceDesks.empty')}
        className="status-table"
        testId="admin-service-desks"
        columns={[
          t('continuityAdmin.serviceDesks.fields.name'),
          t('continuityAdmin.serviceDesks.fields.webhookUrl'),
          t('continuityAdmin.serviceDesks.fields.email'),
          t('continuityAdmin.serviceDesks.fields.contactFunction'),
          t('continuityAdmin.serviceDesks.fields.templates'),
        ]}
        rowKey={(d) => d.id}
        rowData={(d) => ({ desk: d.name })}
        row={(d) => {
          const own = TEMPLATE_LANGUAGES.filter((l) => d.templates[l]);
          return (
            <>
              <th scope="row">{d.name}</th>
              <td className="mono">{d.webhookUrl ?? (d.hasWebhook ? t('common.yes') : '–')}</td>
              <td>{d.email ?? '–'}</td>
              <td>{d.contactFunction ?? '–'}</td>
              <td>{own.length > 0 ? own.map((l) => t(`languages.${l}`)).join(', ') : t('continuityAdmin.serviceDesks.builtIn')}</td>
              <EditCell label={t('continuityAdmin.serviceDesks.editLabel', { name: d.name })} onClick={() => editor.open(d)} />
            </>
          );
        }}
      />
    </AdminSection>
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
  const { error, saving, submit } = useSubmit(() => {});

  const changeTemplate = (language: TemplateLanguage, patch: Partial<Template & { own: boolean }>) => setTemplates((all) => ({ ...all, [language]: { ...all[language], ...patch } }));

  function onSubmit() {
    const own: Partial<Record<TemplateLanguage, Template>> = {};
    for (const l of TEMPLATE_LANGUAGES) if (templates[l].own) own[l] = { subject: templates[l].subject, body: templates[l].body };
    const body = { name, webhookUrl: orNull(webhookUrl), email: orNull(email), contactFunction: orNull(contactFunction), templates: own };
    void submit(async () => {
      onSaved(
        desk
          ? await call(client.PATCH('/api/service-desks/{id}', { params: { path: { id: desk.id } }, body }))
          : await call(client.POST('/api/service-desks', { body })),
      );
    });
  }

  const title = desk ? t('continuityAdmin.serviceDesks.editTitle', { name: desk.name }) : t('continuityAdmin.serviceDesks.addTitle');

  return (
    <InlineFormPanel id={id} title={title} fields={DESK_FIELDS} error={error} focus="name" onSubmit={onSubmit} actions={<FormActions editing saving={saving} onCancel={onCancel} />}>
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
            <CheckField id={`${id}-${l}-own`} label={t('continuityAdmin.serviceDesks.ownTemplate', { language })} checked={draft.own} onChange={(on) => changeTemplate(l, { own: on })} />
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
    </InlineFormPanel>
  );
}
