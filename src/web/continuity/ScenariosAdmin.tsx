import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../api';
import { ErrorAlert, Loading, StatusMessage, useLoad, SaveCancel } from '../components/common';
import { FieldMessage, FormError, TextField } from './AdminFields';
import { SYSTEM_STATUSES, type SystemStatus } from './continuity';
import { fieldMessage, orNull, type AdminSystem, type Scenario, type ScenarioClause } from './continuityAdmin';

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
  const [editing, setEditing] = useState<Scenario | 'new' | null>(null);
  const [done, setDone] = useState('');
  const scenarios = useLoad(() => api<Scenario[]>('GET', '/api/scenarios'), [reload]);
  const names = new Map(systems.map((s) => [s.id, s.name]));

  const open = (what: Scenario | 'new') => {
    setEditing(what);
    setDone('');
  };

  return (
    <section aria-labelledby={`${anchor}-h`} id={anchor} className="panel">
      <h2 id={`${anchor}-h`}>{t('continuityAdmin.scenarios.title')}</h2>
      <p className="hint">{t('continuityAdmin.scenarios.intro')}</p>
      <ErrorAlert error={scenarios.error} detail />
      <StatusMessage>{done}</StatusMessage>
      {editing === null && (
        <p>
          <button type="button" className="button-primary" onClick={() => open('new')} disabled={systems.length === 0}>
            {t('continuityAdmin.scenarios.add')}
          </button>
        </p>
      )}
      {editing !== null && (
        <ScenarioForm
          scenario={editing === 'new' ? null : editing}
          systems={systems}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setDone(t('continuityAdmin.scenarios.saved', { name: saved.name }));
            setReload((r) => r + 1);
          }}
        />
      )}
      {!scenarios.data && !scenarios.error && <Loading />}
      {scenarios.data && scenarios.data.length === 0 && <p>{t('continuityAdmin.scenarios.empty')}</p>}
      {scenarios.data && scenarios.data.length > 0 && (
        <div className="table-wrap">
          <table className="status-table" data-testid="admin-scenarios">
            <thead>
              <tr>
                <th scope="col">{t('continuityAdmin.scenarios.fields.name')}</th>
                <th scope="col">{t('continuityAdmin.scenarios.fields.description')}</th>
                <th scope="col">{t('continuityAdmin.scenarios.fields.condition')}</th>
                <th scope="col">{t('continuityAdmin.scenarios.fields.priority')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {scenarios.data.map((s) => (
                <tr key={s.id} data-scenario={s.name}>
                  <th scope="row">{s.name}</th>
                  <td>{s.description ?? ''}</td>
                  <td>{conditionText(t, s, names)}</td>
                  <td>{s.priority}</td>
                  <td>
                    <button type="button" className="button-secondary" onClick={() => open(s)} aria-label={t('continuityAdmin.scenarios.editLabel', { name: s.name })}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
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
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    document.getElementById(`${id}-name`)?.focus();
  }, [id]);

  const change = (index: number, patch: Partial<ScenarioClause>) => setClauses((list) => list.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const toggleStatus = (index: number, status: SystemStatus) => {
    const current = clauses[index]!.statuses;
    change(index, { statuses: current.includes(status) ? current.filter((s) => s !== status) : SYSTEM_STATUSES.filter((s) => s === status || current.includes(s)) });
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const body = {
      name,
      description: orNull(description),
      priority: priority.trim() === '' ? 0 : Number(priority),
      condition: { match, clauses: clauses.map((c) => ({ systemId: c.systemId, statuses: c.statuses, ...(c.viaDependencies ? { viaDependencies: true } : {}) })) },
    };
    try {
      const saved = scenario ? await api<Scenario>('PUT', `/api/scenarios/${scenario.id}`, body) : await api<Scenario>('POST', '/api/scenarios', body);
      onSaved(saved);
    } catch (err) {
      setError(err);
      setSaving(false);
    }
  }

  const conditionError = fieldMessage(error, 'condition');
  const title = scenario ? t('continuityAdmin.scenarios.editTitle', { name: scenario.name }) : t('continuityAdmin.scenarios.addTitle');

  return (
    <form className="panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${id}-h`} noValidate>
      <h3 id={`${id}-h`}>{title}</h3>
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
        <div className="field">
          <label htmlFor={`${id}-match`}>{t('continuityAdmin.scenarios.fields.match')}</label>
          <select id={`${id}-match`} value={match} onChange={(e) => setMatch(e.target.value as 'any' | 'all')}>
            <option value="any">{t('continuityAdmin.scenarios.match.any')}</option>
            <option value="all">{t('continuityAdmin.scenarios.match.all')}</option>
          </select>
        </div>
        {clauses.map((clause, index) => (
          <fieldset key={index} className="field" data-testid="scenario-clause">
            <legend>{t('continuityAdmin.scenarios.clause', { number: index + 1 })}</legend>
            <div className="field">
              <label htmlFor={`${id}-c${index}-system`}>{t('continuityAdmin.scenarios.fields.system')}</label>
              <select id={`${id}-c${index}-system`} value={clause.systemId} onChange={(e) => change(index, { systemId: e.target.value })}>
                {systems.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="checkbox-group">
              <legend>{t('continuityAdmin.scenarios.fields.statuses')}</legend>
              {SYSTEM_STATUSES.map((s) => (
                <div key={s} className="field-check">
                  <input id={`${id}-c${index}-${s}`} type="checkbox" checked={clause.statuses.includes(s)} onChange={() => toggleStatus(index, s)} />
                  <label htmlFor={`${id}-c${index}-${s}`}>{t(`continuity.status.${s}`)}</label>
                </div>
              ))}
            </fieldset>
            <div className="field-check">
              <input id={`${id}-c${index}-via`} type="checkbox" checked={clause.viaDependencies === true} onChange={(e) => change(index, { viaDependencies: e.target.checked })} />
              <label htmlFor={`${id}-c${index}-via`}>{t('continuityAdmin.scenarios.fields.viaDependencies')}</label>
            </div>
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
      <FormError error={error} fields={SCENARIO_FIELDS} />
      <SaveCancel saving={saving} onCancel={onCancel} />
    </form>
  );
}
