import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, client } from '../api';
import { useLoad } from '../components/common';
import { AddButton, AdminItems, AdminSection, EditCell, FormActions, InlineFormPanel, useInlineEditor, useSubmit } from '../pages/admin/shared';
import { CheckField, FieldMessage, SelectField, TextField } from '../pages/admin/fields';
import { fieldMessage } from '../pages/admin/field-errors';
import { SYSTEM_STATUSES, type SystemStatus } from './continuity';
import { orNull, type AdminSystem, type Scenario, type ScenarioClause } from './continuityAdmin';

const SCENARIO_FIELDS = ['name', 'description', 'priority', 'condition'];

/** The condition in words: "Any of: PACS is Down; RIS is Down or Degraded (also through dependencies)". */
function conditionText(t: TFunction, scenario: Scenario, names: Map<string, string>): string {
  const clauses = scenario.condition.clauses.map((c) =>
    t(c.viaDependencies ? 'continuityAdmin.scenarios.clauseVia' : 'continuityAdmin.scenarios.clauseText', {
      system: names.get(c.systemId) ?? c.systemId,
      statuses: c.statuses.map((s) => t(`continuity.status.${s}`)).join(t('continuityAdmin.scenarios.or')),
    }),
  );
  return `${t(`continuityAdmin.scenarios.match.${scenario.condition.match}`)}: ${clauses.join('; ')}`;
}

/** Downtime scenarios (C3): named conditions over the systems' statuses that put routines in force. */
export function ScenariosAdmin({ anchor, systems }: { anchor: string; systems: AdminSystem[] }) {
  const { t } = useTranslation();
  const [reload, setReload] = useState(0);
  const editor = useInlineEditor<Scenario>();
  const scenarios = useLoad(() => call(client.GET('/api/scenarios')), [reload]);
  const names = new Map(systems.map((s) => [s.id, s.name]));

  return (
    <AdminSection anchor={anchor} title={t('continuityAdmin.scenarios.title')} intro={t('continuityAdmin.scenarios.intro')} loadError={scenarios.error} notice={editor.notice}>
      <AddButton editor={editor} label={t('continuityAdmin.scenarios.add')} disabled={systems.length === 0} />
      {editor.editing !== null && (
        <ScenarioForm
          scenario={editor.item}
          systems={systems}
          onCancel={editor.close}
          onSaved={(saved) => {
            editor.saved(t('continuityAdmin.scenarios.saved', { name: saved.name }));
            setReload((r) => r + 1);
          }}
        />
      )}
      <AdminItems
        items={scenarios.data}
        loadError={scenarios.error}
        emptyText={t('continuityAdmin.scenarios.empty')}
        className="status-table"
        testId="admin-scenarios"
        columns={[
          t('continuityAdmin.scenarios.fields.name'),
          t('continuityAdmin.scenarios.fields.description'),
          t('continuityAdmin.scenarios.fields.condition'),
          t('continuityAdmin.scenarios.fields.priority'),
        ]}
        rowKey={(s) => s.id}
        rowData={(s) => ({ scenario: s.name })}
        row={(s) => (
          <>
            <th scope="row">{s.name}</th>
            <td>{s.description ?? ''}</td>
            <td>{conditionText(t, s, names)}</td>
            <td>{s.priority}</td>
            <EditCell label={t('continuityAdmin.scenarios.editLabel', { name: s.name })} onClick={() => editor.open(s)} />
          </>
        )}
      />
    </AdminSection>
  );
}

function ScenarioForm({ scenario, systems, onCancel, onSaved }: { scenario: Scenario | null; systems: AdminSystem[]; onCancel(): void; onSaved(saved: Scenario): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(scenario?.name ?? '');
  const [description, setDescription] = useState(scenario?.description ?? '');
  const [priority, setPriority] = useState(String(scenario?.priority ?? 0));
  const [match, setMatch] = useState<'any' | 'all'>(scenario?.condition.match ?? 'any');
  const [clauses, setClauses] = useState<ScenarioClause[]>(scenario?.condition.clauses ?? [{ systemId: systems[0]?.id ?? '', statuses: ['down'] }]);
  const { error, saving, submit } = useSubmit(() => {});

  const change = (index: number, patch: Partial<ScenarioClause>) => setClauses((list) => list.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const toggleStatus = (index: number, status: SystemStatus) => {
    const current = clauses[index]!.statuses;
    change(index, { statuses: current.includes(status) ? current.filter((s) => s !== status) : SYSTEM_STATUSES.filter((s) => s === status || current.includes(s)) });
  };

  function onSubmit() {
    const body = {
      name,
      description: orNull(description),
      priority: priority.trim() === '' ? 0 : Number(priority),
      condition: { match, clauses: clauses.map((c) => ({ systemId: c.systemId, statuses: c.statuses, ...(c.viaDependencies ? { viaDependencies: true } : {}) })) },
    };
    void submit(async () => {
      onSaved(
        scenario
          ? await call(client.PUT('/api/scenarios/{id}', { params: { path: { id: scenario.id } }, body }))
          : await call(client.POST('/api/scenarios', { body })),
      );
    });
  }

  const conditionError = fieldMessage(error, 'condition');
  const title = scenario ? t('continuityAdmin.scenarios.editTitle', { name: scenario.name }) : t('continuityAdmin.scenarios.addTitle');

  return (
    <InlineFormPanel id={id} title={title} fields={SCENARIO_FIELDS} error={error} focus="name" onSubmit={onSubmit} actions={<FormActions editing saving={saving} onCancel={onCancel} />}>
      <TextField id={`${id}-name`} label={t('continuityAdmin.scenarios.fields.name')} value={name} onChange={setName} field="name" error={error} required maxLength={200} />
      <TextField id={`${id}-description`} label={t('continuityAdmin.scenarios.fields.description')} value={description} onChange={setDescription} field="description" error={error} multiline maxLength={4000} />
      <TextField
        id={`${id}-priority`}
        label={t('continuityAdmin.scenarios.fields.priority')}
        hint={t('continuityAdmin.scenarios.fields.priorityHint')}
        type="number"
        min={0}
        max={1000}
        value={priority}
        onChange={setPriority}
        field="priority"
        error={error}
      />
      <fieldset className={conditionError ? 'field field-invalid' : 'field'} aria-describedby={conditionError ? `${id}-condition-error` : undefined}>
        <legend>{t('continuityAdmin.scenarios.fields.condition')}</legend>
        <SelectField
          id={`${id}-match`}
          label={t('continuityAdmin.scenarios.fields.match')}
          value={match}
          onChange={setMatch}
          options={(['any', 'all'] as const).map((m) => ({ value: m, label: t(`continuityAdmin.scenarios.match.${m}`) }))}
          field={[]}
          error={error}
        />
        {clauses.map((clause, index) => (
          <fieldset key={index} className="field" data-testid="scenario-clause">
            <legend>{t('continuityAdmin.scenarios.clause', { number: index + 1 })}</legend>
            <SelectField
              id={`${id}-c${index}-system`}
              label={t('continuityAdmin.scenarios.fields.system')}
              value={clause.systemId}
              onChange={(systemId) => change(index, { systemId })}
              options={systems.map((s) => ({ value: s.id, label: s.name }))}
              field={[]}
              error={error}
            />
            <fieldset className="checkbox-group">
              <legend>{t('continuityAdmin.scenarios.fields.statuses')}</legend>
              {SYSTEM_STATUSES.map((s) => (
                <div key={s} className="field-check">
                  <input id={`${id}-c${index}-${s}`} type="checkbox" checked={clause.statuses.includes(s)} onChange={() => toggleStatus(index, s)} />
                  <label htmlFor={`${id}-c${index}-${s}`}>{t(`continuity.status.${s}`)}</label>
                </div>
              ))}
            </fieldset>
            <CheckField id={`${id}-c${index}-via`} label={t('continuityAdmin.scenarios.fields.viaDependencies')} checked={clause.viaDependencies === true} onChange={(viaDependencies) => change(index, { viaDependencies })} />
            {clauses.length > 1 && (
              <button type="button" className="button-secondary button-small" onClick={() => setClauses((list) => list.filter((_, i) => i !== index))}>
                {t('continuityAdmin.scenarios.removeClause', { number: index + 1 })}
              </button>
            )}
          </fieldset>
        ))}
        <p>
          <button type="button" className="button-secondary" onClick={() => setClauses((list) => [...list, { systemId: systems[0]?.id ?? '', statuses: ['down'] }])}>
            {t('continuityAdmin.scenarios.addClause')}
          </button>
        </p>
        <FieldMessage id={`${id}-condition-error`} message={conditionError} />
      </fieldset>
    </InlineFormPanel>
  );
}
