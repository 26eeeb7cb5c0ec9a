import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { call, client } from '../api';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../components/common';
import { FormActions, InlineFormPanel, useSubmit } from '../pages/admin/shared';
import { CheckboxListField, SelectField, TextField } from '../pages/admin/fields';
import { useSession } from '../session';
import { PAGE_RIGHTS as RIGHTS } from '../rights';
import { formatTime, type SystemItem } from './continuity';
import { splitLines, type RoutineDetail, type RoutineVersion, type Scenario } from './incidents';

/** One routine: the latest version's steps, forms and contacts, and every version; new version and approval with continuity.manage. */
export function RoutinePage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { hasRight } = useSession();
  const canManage = hasRight(RIGHTS.continuity);
  const [routine, setRoutine] = useState<RoutineDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState('');
  const [approveError, setApproveError] = useState<unknown>(null);
  usePageTitle(routine ? `${routine.documentId} ${routine.latest.title}` : t('routines.title'));

  useEffect(() => {
    if (!id) return;
    let cancelled = false;
    call(client.GET('/api/routines/{id}', { params: { path: { id } } }))
      .then((r) => !cancelled && setRoutine(r))
      .catch((err: unknown) => !cancelled && setError(err));
    return () => {
      cancelled = true;
    };
  }, [id]);

  if (!id) {
    return (
      <div className="page routine-page">
        <PageHeading>{t('routines.new')}</PageHeading>
        <p>
          <Link to="/status/routines">{t('routines.toList')}</Link>
        </p>
        <RoutineForm routine={null} onCancel={() => navigate('/status/routines')} onSaved={(r) => navigate(`/status/routines/${r.id}`)} />
      </div>
    );
  }

  async function approve(version: number) {
    setApproveError(null);
    setDone('');
    try {
      setRoutine(await call(client.POST('/api/routines/{id}/approve', { params: { path: { id: routine!.id } }, body: { version } })));
      setDone(t('routines.approved', { version }));
    } catch (err) {
      setApproveError(err);
    }
  }

  const latest = routine?.latest;
  return (
    <div className="page routine-page">
      <PageHeading>{routine && latest ? `${routine.documentId}: ${latest.title}` : t('routines.title')}</PageHeading>
      <p>
        <Link to="/status/routines">{t('routines.toList')}</Link>
      </p>
      <ErrorAlert error={error} detail />
      {!routine && !error && <Loading />}
      <StatusMessage>{done}</StatusMessage>
      <ErrorAlert error={approveError} detail />
      {routine && latest && (
        <>
          <p>
            <span className={`routine-state routine-state-${routine.state}`}>{t(`routines.state.${routine.state}`)}</span>{' '}
            {routine.versionInForce !== null ? t('routines.inForceVersion', { version: routine.versionInForce }) : t('routines.noneInForce')}
          </p>
          {canManage && !editing && (
            <div className="form-actions">
              <button type="button" className="button-secondary" onClick={() => (setEditing(true), setDone(''))}>
                {t('routines.edit')}
              </button>
              {!latest.approvedAt && (
                <button type="button" className="button-primary" onClick={() => void approve(latest.version)}>
                  {t('routines.approve', { version: latest.version })}
                </button>
              )}
            </div>
          )}
          {canManage && editing && (
            <RoutineForm
              routine={routine}
              onCancel={() => setEditing(false)}
              onSaved={(r) => {
                setRoutine(r);
                setEditing(false);
                setDone(t('routines.saved'));
              }}
            />
          )}
          <VersionView version={latest} language={i18n.language} />
          <section className="panel" aria-labelledby="versions-heading">
            <h2 id="versions-heading">{t('routines.versions')}</h2>
            <table className="status-table">
              <thead>
                <tr>
                  <th scope="col">{t('routines.versionN', { version: '' }).trim()}</th>
                  <th scope="col">{t('routines.fields.state')}</th>
                  <th scope="col">{t('routines.fields.changeNote')}</th>
                  <th scope="col">{t('routines.fields.createdAt')}</th>
                  <th scope="col">{t('routines.fields.approvedBy')}</th>
                  <th scope="col">{t('routines.fields.validFrom')}</th>
                  <th scope="col">{t('routines.fields.validTo')}</th>
                </tr>
              </thead>
              <tbody>
                {routine.versions.map((v) => (
                  <tr key={v.version}>
                    <th scope="row">{v.version}</th>
                    <td>{t(`routines.state.${v.state}`)}</td>
                    <td>{v.changeNote}</td>
                    <td>{formatTime(v.createdAt, i18n.language)}</td>
                    <td>{v.approvedAt ? `${v.approvedByName ?? ''}, ${formatTime(v.approvedAt, i18n.language)}` : '–'}</td>
                    <td>{formatTime(v.validFrom, i18n.language)}</td>
                    <td>{formatTime(v.validTo, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}

function VersionView({ version: v, language }: { version: RoutineVersion; language: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="version-heading">
      <h2 id="version-heading">{t('routines.versionN', { version: v.version })}</h2>
      <dl className="incident-facts">
        <div>
          <dt>{t('routines.fields.scenario')}</dt>
          <dd>{v.scenarioName ?? v.scenarioId}</dd>
        </div>
        <div>
          <dt>{t('routines.fields.owner')}</dt>
          <dd>{v.ownerName ?? v.ownerId}</dd>
        </div>
        <div>
          <dt>{t('routines.fields.reviewer')}</dt>
          <dd>{v.reviewer}</dd>
        </div>
        <div>
          <dt>{t('routines.fields.approver')}</dt>
          <dd>{v.approver}</dd>
        </div>
        <div>
          <dt>{t('routines.fields.validFrom')}</dt>
          <dd>
            {formatTime(v.validFrom, language)} – {formatTime(v.validTo, language)}
          </dd>
        </div>
      </dl>
      <h3>{t('routines.fields.steps')}</h3>
      <ol data-testid="routine-steps">
        {v.steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
      {v.forms.length > 0 && (
        <>
          <h3>{t('routines.fields.forms')}</h3>
          <ul>
            {v.forms.map((f, i) => (
              <li key={i}>{f.url ? <a href={f.url}>{f.name}</a> : f.name}</li>
            ))}
          </ul>
        </>
      )}
      {v.contacts.length > 0 && (
        <>
          <h3>{t('routines.fields.contacts')}</h3>
          <ul>
            {v.contacts.map((c, i) => (
              <li key={i}>
                {c.name}
                {c.phone ? `: ${c.phone}` : ''}
                {c.note ? ` – ${c.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const dateOnly = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

function RoutineForm({ routine, onCancel, onSaved }: { routine: RoutineDetail | null; onCancel: () => void; onSaved: (r: RoutineDetail) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const { user } = useSession();
  const v = routine?.latest;
  const [scenarios, setScenarios] = useState<Scenario[]>([]);
  const [systems, setSystems] = useState<SystemItem[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [documentId, setDocumentId] = useState('');
  const [title, setTitle] = useState(v?.title ?? '');
  const [scenarioId, setScenarioId] = useState(v?.scenarioId ?? '');
  const [systemIds, setSystemIds] = useState<string[]>(v?.systemIds ?? []);
  const [steps, setSteps] = useState(v?.steps.join('\n') ?? '');
  const [forms, setForms] = useState(v?.forms.map((f) => [f.name, f.url ?? ''].join(' | ')).join('\n') ?? '');
  const [contacts, setContacts] = useState(v?.contacts.map((c) => [c.name, c.phone ?? '', c.note ?? ''].join(' | ')).join('\n') ?? '');
  const [ownerId, setOwnerId] = useState(v?.ownerId ?? String(user?.id ?? ''));
  const [reviewer, setReviewer] = useState(v?.reviewer ?? '');
  const [approver, setApprover] = useState(v?.approver ?? '');
  const [validFrom, setValidFrom] = useState(dateOnly(v?.validFrom));
  const [validTo, setValidTo] = useState(dateOnly(v?.validTo));
  const [changeNote, setChangeNote] = useState('');
  const { error, saving, submit } = useSubmit(() => {});

  useEffect(() => {
    Promise.all([call(client.GET('/api/scenarios')), call(client.GET('/api/systems'))])
      .then(([s, sys]) => {
        setScenarios(s);
        setSystems(sys);
      })
      .catch(setLoadError);
  }, []);

  const owners = new Map<string, string>();
  if (user) owners.set(String(user.id), user.displayName);
  if (v) owners.set(v.ownerId, v.ownerName ?? v.ownerId);

  function onSubmit() {
    const content = {
      title,
      scenarioId,
      systemIds,
      steps: steps
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
      forms: splitLines(forms).map(([name, url]) => ({ name: name ?? '', url: url || null })),
      contacts: splitLines(contacts).map(([name, phone, note]) => ({ name: name ?? '', phone: phone || null, note: note || null })),
      ownerId,
      reviewer,
      approver,
      validFrom,
      validTo,
    };
    void submit(async () => {
      onSaved(
        routine
          ? await call(client.PUT('/api/routines/{id}', { params: { path: { id: routine.id } }, body: { ...content, changeNote } }))
          : await call(client.POST('/api/routines', { body: { documentId, ...content, ...(changeNote.trim() ? { changeNote } : {}) } })),
      );
    });
  }

  return (
    <InlineFormPanel
      id={id}
      title={routine ? t('routines.edit') : t('routines.new')}
      headingLevel={2}
      noValidate={false}
      fields={[]}
      error={error}
      onSubmit={onSubmit}
      actions={<FormActions editing saving={saving} onCancel={onCancel} />}
    >
      <ErrorAlert error={loadError} detail />
      {!routine && <TextField id={`${id}-doc`} label={t('routines.fields.documentId')} value={documentId} onChange={setDocumentId} required maxLength={64} />}
      <TextField id={`${id}-title`} label={t('routines.fields.title')} value={title} onChange={setTitle} required maxLength={300} />
      <SelectField
        id={`${id}-scenario`}
        label={t('routines.fields.scenario')}
        value={scenarioId}
        onChange={setScenarioId}
        required
        options={[{ value: '', label: t('incidents.choose') }, ...scenarios.map((s) => ({ value: s.id, label: s.name }))]}
      />
      <CheckboxListField id={`${id}-sys`} label={t('routines.fields.systems')} items={systems.map((s) => ({ id: s.id, label: s.name }))} chosen={systemIds} onChange={setSystemIds} />
      <TextField id={`${id}-steps`} label={t('routines.fields.steps')} hint={t('routines.fields.stepsHint')} value={steps} onChange={setSteps} multiline rows={6} required />
      <TextField id={`${id}-forms`} label={t('routines.fields.forms')} hint={t('routines.fields.formsHint')} value={forms} onChange={setForms} multiline rows={2} />
      <TextField id={`${id}-contacts`} label={t('routines.fields.contacts')} hint={t('routines.fields.contactsHint')} value={contacts} onChange={setContacts} multiline />
      <SelectField id={`${id}-owner`} label={t('routines.fields.owner')} value={ownerId} onChange={setOwnerId} required options={[...owners].map(([oid, name]) => ({ value: oid, label: name }))} />
      <TextField id={`${id}-reviewer`} label={t('routines.fields.reviewer')} value={reviewer} onChange={setReviewer} required maxLength={300} />
      <TextField id={`${id}-approver`} label={t('routines.fields.approver')} value={approver} onChange={setApprover} required maxLength={300} />
      <TextField id={`${id}-from`} label={t('routines.fields.validFrom')} type="date" value={validFrom} onChange={setValidFrom} required />
      <TextField id={`${id}-to`} label={t('routines.fields.validTo')} type="date" value={validTo} onChange={setValidTo} required />
      <TextField id={`${id}-note`} label={t('routines.fields.changeNote')} value={changeNote} onChange={setChangeNote} required={!!routine} maxLength={2000} />
    </InlineFormPanel>
  );
}
