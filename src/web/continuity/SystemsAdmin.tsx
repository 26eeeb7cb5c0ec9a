import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../api';
import { StatusMessage, SaveCancel } from '../components/common';
import { FieldMessage, FormError, TextField } from './AdminFields';
import { formatTime } from './continuity';
import { fieldMessage, orNull, type AdminSystem, type Department, type Probe, type ProbeKind } from './continuityAdmin';

const SYSTEM_FIELDS = ['name', 'description', 'vendor', 'criticality', 'owner', 'serviceDeskContact', 'dependsOn', 'departmentIds'];
const PROBE_FIELDS = ['kind', 'target', 'intervalSeconds', 'failuresBeforeDown', 'successesBeforeUp', 'enabled'];

/** The probe's last check in words: never, OK or the failure, with the time. */
export function probeResult(t: TFunction, probe: Probe, language: string): string {
  if (!probe.lastCheckedAt) return t('continuityAdmin.probe.never');
  const when = formatTime(probe.lastCheckedAt, language);
  if (probe.lastOk) return t('continuityAdmin.probe.lastOk', { time: when });
  return probe.lastError ? t('continuityAdmin.probe.lastFailed', { time: when, error: probe.lastError }) : t('continuityAdmin.probe.lastFailedNoError', { time: when });
}

/** The systems registry (C1): every system with its dependencies, departments and health probe. */
export function SystemsAdmin({ anchor, systems, departments, onChanged }: { anchor: string; systems: AdminSystem[]; departments: Department[]; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<AdminSystem | 'new' | null>(null);
  const [probeFor, setProbeFor] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const names = new Map(systems.map((s) => [s.id, s.name]));
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  const probeSystem = systems.find((s) => s.id === probeFor) ?? null;

  const open = (what: AdminSystem | 'new') => {
    setProbeFor(null);
    setEditing(what);
    setDone('');
  };
  const openProbe = (system: AdminSystem) => {
    setEditing(null);
    setProbeFor(system.id);
    setDone('');
  };

  return (
    <section aria-labelledby={`${anchor}-h`} id={anchor} className="panel">
      <h2 id={`${anchor}-h`}>{t('continuityAdmin.systems.title')}</h2>
      <StatusMessage>{done}</StatusMessage>
      {editing === null && (
        <p>
          <button type="button" className="button-primary" onClick={() => open('new')}>
            {t('continuityAdmin.systems.add')}
          </button>
        </p>
      )}
      {editing !== null && (
        <SystemForm
          system={editing === 'new' ? null : editing}
          systems={systems}
          departments={departments}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setDone(t('continuityAdmin.systems.saved', { name: saved.name }));
            onChanged();
          }}
        />
      )}
      {probeSystem && (
        <ProbeForm
          key={probeSystem.id}
          system={probeSystem}
          onClose={() => setProbeFor(null)}
          onSaved={(message) => {
            setDone(message);
            onChanged();
          }}
        />
      )}
      {systems.length === 0 ? (
        <p>{t('continuityAdmin.systems.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="status-table" data-testid="admin-systems">
            <thead>
              <tr>
                <th scope="col">{t('continuityAdmin.systems.fields.name')}</th>
                <th scope="col">{t('continuityAdmin.systems.fields.criticality')}</th>
                <th scope="col">{t('continuityAdmin.systems.fields.owner')}</th>
                <th scope="col">{t('continuityAdmin.systems.fields.dependsOn')}</th>
                <th scope="col">{t('continuityAdmin.systems.fields.departments')}</th>
                <th scope="col">{t('continuityAdmin.probe.title')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {systems.map((s) => (
                <tr key={s.id} data-system={s.name}>
                  <th scope="row">
                    {s.name}
                    {s.isKasus && <span className="muted"> ({t('continuityAdmin.systems.kasus')})</span>}
                  </th>
                  <td data-testid="criticality">{s.criticality}</td>
                  <td>{s.owner ?? ''}</td>
                  <td>{s.dependsOn.map((d) => names.get(d) ?? d).join(', ') || '–'}</td>
                  <td>{s.departmentIds.map((d) => departmentNames.get(d) ?? d).join(', ') || '–'}</td>
                  <td data-testid="probe">
                    {s.probe ? (
                      <>
                        {t('continuityAdmin.probe.summary', { kind: s.probe.kind.toUpperCase(), target: s.probe.target, seconds: s.probe.intervalSeconds })}
                        {!s.probe.enabled && ` (${t('continuityAdmin.probe.disabled')})`}
                        <br />
                        <span className="muted">{probeResult(t, s.probe, i18n.language)}</span>
                      </>
                    ) : (
                      t('continuityAdmin.probe.none')
                    )}
                  </td>
                  <td>
                    <button type="button" className="button-secondary" onClick={() => open(s)} aria-label={t('continuityAdmin.systems.editLabel', { name: s.name })}>
                      {t('common.edit')}
                    </button>{' '}
                    <button type="button" className="button-secondary" onClick={() => openProbe(s)} aria-label={t('continuityAdmin.probe.openLabel', { name: s.name })}>
                      {t('continuityAdmin.probe.open')}
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

function SystemForm({
  system,
  systems,
  departments,
  onCancel,
  onSaved,
}: {
  system: AdminSystem | null;
  systems: AdminSystem[];
  departments: Department[];
  onCancel(): void;
  onSaved(saved: AdminSystem): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(system?.name ?? '');
  const [description, setDescription] = useState(system?.description ?? '');
  const [vendor, setVendor] = useState(system?.vendor ?? '');
  const [criticality, setCriticality] = useState(String(system?.criticality ?? 2));
  const [owner, setOwner] = useState(system?.owner ?? '');
  const [serviceDeskContact, setServiceDeskContact] = useState(system?.serviceDeskContact ?? '');
  const [dependsOn, setDependsOn] = useState<string[]>(system?.dependsOn ?? []);
  const [departmentIds, setDepartmentIds] = useState<string[]>(system?.departmentIds ?? []);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    document.getElementById(`${id}-name`)?.focus();
  }, [id]);

  const toggle = (list: string[], item: string) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const body = {
      name,
      description: orNull(description),
      vendor: orNull(vendor),
      criticality: Number(criticality),
      owner: orNull(owner),
      serviceDeskContact: orNull(serviceDeskContact),
      dependsOn,
      departmentIds,
    };
    try {
      const saved = system ? await api<AdminSystem>('PATCH', `/api/systems/${system.id}`, body) : await api<AdminSystem>('POST', '/api/systems', body);
      onSaved(saved);
    } catch (err) {
      setError(err);
      setSaving(false);
    }
  }

  const criticalityError = fieldMessage(error, 'criticality');
  const dependsOnError = fieldMessage(error, 'dependsOn');
  const departmentsError = fieldMessage(error, 'departmentIds');
  const others = systems.filter((s) => s.id !== system?.id);
  const title = system ? t('continuityAdmin.systems.editTitle', { name: system.name }) : t('continuityAdmin.systems.addTitle');

  return (
    <form className="panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${id}-h`} noValidate>
      <h3 id={`${id}-h`}>{title}</h3>
      <TextField id={`${id}-name`} label={t('continuityAdmin.systems.fields.name')} value={name} onChange={setName} field="name" error={error} required maxLength={200} />
      <TextField id={`${id}-description`} label={t('continuityAdmin.systems.fields.description')} value={description} onChange={setDescription} field="description" error={error} multiline maxLength={4000} />
      <TextField id={`${id}-vendor`} label={t('continuityAdmin.systems.fields.vendor')} value={vendor} onChange={setVendor} field="vendor" error={error} maxLength={200} />
      <div className={criticalityError ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-criticality`}>{t('continuityAdmin.systems.fields.criticality')}</label>
        <select
          id={`${id}-criticality`}
          value={criticality}
          onChange={(e) => setCriticality(e.target.value)}
          aria-describedby={`${id}-criticality-hint${criticalityError ? ` ${id}-criticality-error` : ''}`}
          aria-invalid={criticalityError ? true : undefined}
        >
          {['1', '2', '3'].map((c) => (
            <option key={c} value={c}>
              {t(`continuityAdmin.systems.criticality.c${c}`)}
            </option>
          ))}
        </select>
        <p className="hint" id={`${id}-criticality-hint`}>
          {t('continuityAdmin.systems.fields.criticalityHint')}
        </p>
        <FieldMessage id={`${id}-criticality-error`} message={criticalityError} />
      </div>
      <TextField id={`${id}-owner`} label={t('continuityAdmin.systems.fields.owner')} value={owner} onChange={setOwner} field="owner" error={error} maxLength={500} />
      <TextField
        id={`${id}-desk`}
        label={t('continuityAdmin.systems.fields.serviceDeskContact')}
        value={serviceDeskContact}
        onChange={setServiceDeskContact}
        field="serviceDeskContact"
        error={error}
        maxLength={500}
      />
      <fieldset className={dependsOnError ? 'field field-invalid' : 'field'} aria-describedby={`${id}-deps-hint${dependsOnError ? ` ${id}-deps-error` : ''}`}>
        <legend>{t('continuityAdmin.systems.fields.dependsOn')}</legend>
        <p className="hint" id={`${id}-deps-hint`}>
          {t('continuityAdmin.systems.fields.dependsOnHint')}
        </p>
        {others.map((s) => (
          <div key={s.id} className="field-check">
            <input id={`${id}-dep-${s.id}`} type="checkbox" checked={dependsOn.includes(s.id)} onChange={() => setDependsOn((d) => toggle(d, s.id))} />
            <label htmlFor={`${id}-dep-${s.id}`}>{s.name}</label>
          </div>
        ))}
        <FieldMessage id={`${id}-deps-error`} message={dependsOnError} />
      </fieldset>
      <fieldset className={departmentsError ? 'field field-invalid' : 'field'} aria-describedby={`${id}-deps2-hint${departmentsError ? ` ${id}-deps2-error` : ''}`}>
        <legend>{t('continuityAdmin.systems.fields.departments')}</legend>
        <p className="hint" id={`${id}-deps2-hint`}>
          {t('continuityAdmin.systems.fields.departmentsHint')}
        </p>
        {departments.map((d) => (
          <div key={d.id} className="field-check">
            <input id={`${id}-dept-${d.id}`} type="checkbox" checked={departmentIds.includes(d.id)} onChange={() => setDepartmentIds((ids) => toggle(ids, d.id))} />
            <label htmlFor={`${id}-dept-${d.id}`}>{d.name}</label>
          </div>
        ))}
        <FieldMessage id={`${id}-deps2-error`} message={departmentsError} />
      </fieldset>
      <FormError error={error} fields={SYSTEM_FIELDS} />
      <SaveCancel saving={saving} onCancel={onCancel} />
    </form>
  );
}

/** Adds, changes or removes a system's health probe (HTTP or TCP) and shows its last check. */
function ProbeForm({ system, onClose, onSaved }: { system: AdminSystem; onClose(): void; onSaved(message: string): void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const probe = system.probe;
  const [kind, setKind] = useState<ProbeKind>(probe?.kind ?? 'http');
  const [target, setTarget] = useState(probe?.target ?? '');
  const [intervalSeconds, setIntervalSeconds] = useState(String(probe?.intervalSeconds ?? 60));
  const [failures, setFailures] = useState(String(probe?.failuresBeforeDown ?? 3));
  const [successes, setSuccesses] = useState(String(probe?.successesBeforeUp ?? 2));
  const [enabled, setEnabled] = useState(probe?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    document.getElementById(`${id}-kind`)?.focus();
  }, [id]);

  const whole = (text: string) => (text.trim() === '' ? null : Number(text));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api<AdminSystem>('PUT', `/api/systems/${system.id}/probe`, {
        kind,
        target,
        intervalSeconds: whole(intervalSeconds),
        failuresBeforeDown: whole(failures),
        successesBeforeUp: whole(successes),
        enabled,
      });
      onSaved(t('continuityAdmin.probe.saved', { name: system.name }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!window.confirm(t('continuityAdmin.probe.confirmRemove', { name: system.name }))) return;
    setBusy(true);
    setError(null);
    try {
      await api<AdminSystem>('DELETE', `/api/systems/${system.id}/probe`);
      onSaved(t('continuityAdmin.probe.removed', { name: system.name }));
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const kindError = fieldMessage(error, 'kind');

  return (
    <form className="panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${id}-h`} noValidate data-testid="probe-form">
      <h3 id={`${id}-h`}>{t('continuityAdmin.probe.formTitle', { name: system.name })}</h3>
      {probe && (
        <p data-testid="probe-last-check">
          <strong>{t('continuityAdmin.probe.lastCheck')}:</strong> {probeResult(t, probe, i18n.language)}
        </p>
      )}
      <div className={kindError ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-kind`}>{t('continuityAdmin.probe.kind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as ProbeKind)} aria-invalid={kindError ? true : undefined} aria-describedby={kindError ? `${id}-kind-error` : undefined}>
          <option value="http">{t('continuityAdmin.probe.kindHttp')}</option>
          <option value="tcp">{t('continuityAdmin.probe.kindTcp')}</option>
        </select>
        <FieldMessage id={`${id}-kind-error`} message={kindError} />
      </div>
      <TextField
        id={`${id}-target`}
        label={t('continuityAdmin.probe.target')}
        hint={kind === 'http' ? t('continuityAdmin.probe.targetHintHttp') : t('continuityAdmin.probe.targetHintTcp')}
        value={target}
        onChange={setTarget}
        field="target"
        error={error}
        required
        maxLength={2000}
      />
      <TextField id={`${id}-interval`} label={t('continuityAdmin.probe.interval')} type="number" min={1} max={86400} value={intervalSeconds} onChange={setIntervalSeconds} field="intervalSeconds" error={error} />
      <TextField id={`${id}-failures`} label={t('continuityAdmin.probe.failuresBeforeDown')} type="number" min={1} max={100} value={failures} onChange={setFailures} field="failuresBeforeDown" error={error} />
      <TextField id={`${id}-successes`} label={t('continuityAdmin.probe.successesBeforeUp')} type="number" min={1} max={100} value={successes} onChange={setSuccesses} field="successesBeforeUp" error={error} />
      <div className="field-check">
        <input id={`${id}-enabled`} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} aria-describedby={`${id}-enabled-hint`} />
        <label htmlFor={`${id}-enabled`}>{t('continuityAdmin.probe.enabled')}</label>
      </div>
      <p className="hint" id={`${id}-enabled-hint`}>
        {t('continuityAdmin.probe.enabledHint')}
      </p>
      <FormError error={error} fields={PROBE_FIELDS} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('continuityAdmin.probe.save')}
        </button>
        {probe && (
          <button type="button" className="button-danger" onClick={() => void remove()} disabled={busy}>
            {t('continuityAdmin.probe.remove')}
          </button>
        )}
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </form>
  );
}

