import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, client } from '../api';
import { AddButton, AdminItems, AdminSection, FormActions, InlineFormPanel, useInlineEditor, useSubmit } from '../pages/admin/shared';
import { CheckboxListField, CheckField, SelectField, TextField } from '../pages/admin/fields';
import { formatTime } from './continuity';
import { orNull, type AdminSystem, type Department, type Probe, type ProbeKind } from './continuityAdmin';

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
  const editor = useInlineEditor<AdminSystem>();
  const [probeFor, setProbeFor] = useState<string | null>(null);
  const names = new Map(systems.map((s) => [s.id, s.name]));
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  const probeSystem = systems.find((s) => s.id === probeFor) ?? null;

  const open = (what: AdminSystem | 'new') => {
    setProbeFor(null);
    editor.open(what);
  };
  const openProbe = (system: AdminSystem) => {
    editor.close();
    editor.setNotice('');
    setProbeFor(system.id);
  };

  return (
    <AdminSection anchor={anchor} title={t('continuityAdmin.systems.title')} notice={editor.notice}>
      <AddButton editor={{ editing: editor.editing, open }} label={t('continuityAdmin.systems.add')} />
      {editor.editing !== null && (
        <SystemForm
          system={editor.item}
          systems={systems}
          departments={departments}
          onCancel={editor.close}
          onSaved={(saved) => {
            editor.saved(t('continuityAdmin.systems.saved', { name: saved.name }));
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
            editor.setNotice(message);
            onChanged();
          }}
        />
      )}
      <AdminItems
        items={systems}
        loadError={null}
        emptyText={t('continuityAdmin.systems.empty')}
        className="status-table"
        testId="admin-systems"
        columns={[
          t('continuityAdmin.systems.fields.name'),
          t('continuityAdmin.systems.fields.criticality'),
          t('continuityAdmin.systems.fields.owner'),
          t('continuityAdmin.systems.fields.dependsOn'),
          t('continuityAdmin.systems.fields.departments'),
          t('continuityAdmin.probe.title'),
        ]}
        rowKey={(s) => s.id}
        rowData={(s) => ({ system: s.name })}
        row={(s) => (
          <>
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
            {/* Two buttons: they may wrap, so the table fits a wide screen without scrolling. */}
            <td>
              <button type="button" className="button-secondary" onClick={() => open(s)} aria-label={t('continuityAdmin.systems.editLabel', { name: s.name })}>
                {t('common.edit')}
              </button>{' '}
              <button type="button" className="button-secondary" onClick={() => openProbe(s)} aria-label={t('continuityAdmin.probe.openLabel', { name: s.name })}>
                {t('continuityAdmin.probe.open')}
              </button>
            </td>
          </>
        )}
      />
    </AdminSection>
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
  const { error, saving, submit } = useSubmit(() => {});

  function onSubmit() {
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
    void submit(async () => {
      onSaved(
        system
          ? await call(client.PATCH('/api/systems/{id}', { params: { path: { id: system.id } }, body }))
          : await call(client.POST('/api/systems', { body })),
      );
    });
  }

  const others = systems.filter((s) => s.id !== system?.id);
  const title = system ? t('continuityAdmin.systems.editTitle', { name: system.name }) : t('continuityAdmin.systems.addTitle');

  return (
    <InlineFormPanel id={id} title={title} fields={SYSTEM_FIELDS} error={error} focus="name" onSubmit={onSubmit} actions={<FormActions editing saving={saving} onCancel={onCancel} />}>
      <TextField id={`${id}-name`} label={t('continuityAdmin.systems.fields.name')} value={name} onChange={setName} field="name" error={error} required maxLength={200} />
      <TextField id={`${id}-description`} label={t('continuityAdmin.systems.fields.description')} value={description} onChange={setDescription} field="description" error={error} multiline maxLength={4000} />
      <TextField id={`${id}-vendor`} label={t('continuityAdmin.systems.fields.vendor')} value={vendor} onChange={setVendor} field="vendor" error={error} maxLength={200} />
      <SelectField
        id={`${id}-criticality`}
        label={t('continuityAdmin.systems.fields.criticality')}
        hint={t('continuityAdmin.systems.fields.criticalityHint')}
        value={criticality}
        onChange={setCriticality}
        options={['1', '2', '3'].map((c) => ({ value: c, label: t(`continuityAdmin.systems.criticality.c${c}`) }))}
        field="criticality"
        error={error}
      />
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
      <CheckboxListField
        id={`${id}-deps`}
        label={t('continuityAdmin.systems.fields.dependsOn')}
        hint={t('continuityAdmin.systems.fields.dependsOnHint')}
        items={others.map((s) => ({ id: s.id, label: s.name }))}
        chosen={dependsOn}
        onChange={setDependsOn}
        field="dependsOn"
        error={error}
      />
      <CheckboxListField
        id={`${id}-depts`}
        label={t('continuityAdmin.systems.fields.departments')}
        hint={t('continuityAdmin.systems.fields.departmentsHint')}
        items={departments.map((d) => ({ id: d.id, label: d.name }))}
        chosen={departmentIds}
        onChange={setDepartmentIds}
        field="departmentIds"
        error={error}
      />
    </InlineFormPanel>
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
  const { error, saving: busy, submit } = useSubmit(() => {});

  // An empty field is sent as null, for the server to refuse beside the field in its own words;
  // the schema's type (a number) is what a filled-in form sends.
  const whole = (text: string) => (text.trim() === '' ? null : Number(text)) as number;

  function onSubmit() {
    void submit(async () => {
      await call(
        client.PUT('/api/systems/{id}/probe', {
          params: { path: { id: system.id } },
          body: {
            kind,
            target,
            intervalSeconds: whole(intervalSeconds),
            failuresBeforeDown: whole(failures),
            successesBeforeUp: whole(successes),
            enabled,
          },
        }),
      );
      onSaved(t('continuityAdmin.probe.saved', { name: system.name }));
    });
  }

  function remove() {
    if (!window.confirm(t('continuityAdmin.probe.confirmRemove', { name: system.name }))) return;
    void submit(async () => {
      await call(client.DELETE('/api/systems/{id}/probe', { params: { path: { id: system.id } } }));
      onSaved(t('continuityAdmin.probe.removed', { name: system.name }));
      onClose();
    });
  }

  const actions = (
    <FormActions editing saving={busy} submitText={t('continuityAdmin.probe.save')} onCancel={onClose} closeText>
      {probe && (
        <button type="button" className="button-danger" onClick={remove} disabled={busy}>
          {t('continuityAdmin.probe.remove')}
        </button>
      )}
    </FormActions>
  );

  return (
    <InlineFormPanel id={id} title={t('continuityAdmin.probe.formTitle', { name: system.name })} fields={PROBE_FIELDS} error={error} focus="kind" onSubmit={onSubmit} actions={actions} testId="probe-form">
      {probe && (
        <p data-testid="probe-last-check">
          <strong>{t('continuityAdmin.probe.lastCheck')}:</strong> {probeResult(t, probe, i18n.language)}
        </p>
      )}
      <SelectField
        id={`${id}-kind`}
        label={t('continuityAdmin.probe.kind')}
        value={kind}
        onChange={setKind}
        options={[
          { value: 'http', label: t('continuityAdmin.probe.kindHttp') },
          { value: 'tcp', label: t('continuityAdmin.probe.kindTcp') },
        ]}
        field="kind"
        error={error}
      />
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
      <CheckField id={`${id}-enabled`} label={t('continuityAdmin.probe.enabled')} hint={t('continuityAdmin.probe.enabledHint')} checked={enabled} onChange={setEnabled} />
    </InlineFormPanel>
  );
}
