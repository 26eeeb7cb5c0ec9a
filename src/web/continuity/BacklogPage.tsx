import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, call, client, query } from '../api';
import type { ApiResponse, SameType } from '../types';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../components/common';
import { useSession } from '../session';
import { SelectField, TextField } from '../pages/admin/fields';
import { formatTime, useContinuityVersion, type Notice, type Ref } from './continuity';

export const BACKLOG_KINDS = ['paper_referral', 'paper_answer', 'paper_note', 'offline_media'] as const;
export type BacklogKind = (typeof BACKLOG_KINDS)[number];
export const BACKLOG_STATES = ['registered', 'entered', 'verified'] as const;
export type BacklogState = (typeof BACKLOG_STATES)[number];

/** Registering and entering need one of these in the department; verifying one of VERIFY_RIGHTS (server: backlog-service.ts). */
const REGISTER_RIGHTS = ['incident.report', 'case.write'];
const VERIFY_RIGHTS = ['case.sign', 'continuity.manage'];

/** An item of paper or offline material registered during an outage (GET /api/backlog). */
export type BacklogItem = ApiResponse<'/api/backlog', 'get'>['items'][number];
/** What is outstanding per department and kind (GET /api/backlog/report). */
export type BacklogReport = ApiResponse<'/api/backlog/report', 'get'>;
type Step = BacklogItem['registered'];

// The option lists above are the server's enums, checked at compile time.
const enumsMatch: [SameType<BacklogKind, BacklogItem['kind']>, SameType<BacklogState, BacklogItem['state']>] = [true, true];
void enumsMatch;

/** The address of a printable downtime form (C7), pre-filled with department and patient when given. */
export function downtimeFormUrl(form: 'radiology-referral' | 'offline-media-note', departmentId?: string, patientId?: string): string {
  return `/api/downtime-forms/${form}.pdf${query({ departmentId: departmentId || undefined, patientId: patientId || undefined })}`;
}

/** C8: what was produced on paper or offline during an outage, registered → entered → verified, and what is still outstanding. */
export function BacklogPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('backlog.title'));
  const id = useId();
  const { user } = useSession();
  const version = useContinuityVersion();
  const [notices, setNotices] = useState<Notice[]>([]);
  const [allDepartments, setAllDepartments] = useState<Ref[]>([]);
  const [items, setItems] = useState<BacklogItem[] | null>(null);
  const [report, setReport] = useState<BacklogReport | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  // Filters.
  const [outageFilter, setOutageFilter] = useState('');
  const [stateFilter, setStateFilter] = useState<BacklogState | 'outstanding' | ''>('outstanding');
  const [departmentFilter, setDepartmentFilter] = useState('');

  // The registration form.
  const [outageId, setOutageId] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [kind, setKind] = useState<BacklogKind>('paper_referral');
  const [identifier, setIdentifier] = useState('');
  const [description, setDescription] = useState('');
  const [count, setCount] = useState('1');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [advanceError, setAdvanceError] = useState<unknown>(null);

  const global = (user?.assignments ?? []).some((a) => a.global);
  const departmentsWith = (rights: string[]): Ref[] => {
    const seen = new Map<string, string>();
    for (const a of user?.assignments ?? []) {
      if (!a.rights.some((r) => rights.includes(r))) continue;
      if (a.global) for (const d of allDepartments) seen.set(d.id, d.name);
      else seen.set(String(a.departmentId), a.departmentName);
    }
    return [...seen].map(([depId, name]) => ({ id: depId, name }));
  };
  const registerDepartments = useMemo(() => departmentsWith(REGISTER_RIGHTS), [user, allDepartments]); // eslint-disable-line react-hooks/exhaustive-deps
  const verifyDepartments = useMemo(() => new Set(departmentsWith(VERIFY_RIGHTS).map((d) => d.id).concat(user?.rights.includes('continuity.manage') ? allDepartments.map((d) => d.id) : [])), [user, allDepartments]); // eslint-disable-line react-hooks/exhaustive-deps
  const enterDepartments = useMemo(() => new Set(registerDepartments.map((d) => d.id)), [registerDepartments]);
  const mayReadPatients = user?.rights.includes('patient.read') ?? false;

  useEffect(() => {
    Promise.all([call(client.GET('/api/notices', { params: { query: { pageSize: 100 } } })), call(client.GET('/api/departments')).catch(() => [] as Ref[])])
      .then(([n, d]) => {
        const outages = n.items.filter((x) => x.kind === 'outage');
        setNotices(outages);
        setAllDepartments(d.map((x) => ({ id: String(x.id), name: x.name })));
        setOutageId((cur) => cur || outages[0]?.id || '');
      })
      .catch(setLoadError);
  }, [version, global]);

  useEffect(() => {
    if (registerDepartments.length === 1) setDepartmentId(registerDepartments[0]!.id);
  }, [registerDepartments]);

  useEffect(() => {
    let cancelled = false;
    const filter = {
      outageId: outageFilter || undefined,
      departmentId: departmentFilter || undefined,
      state: stateFilter && stateFilter !== 'outstanding' ? stateFilter : undefined,
      outstanding: stateFilter === 'outstanding' ? ('true' as const) : undefined,
      pageSize: 500,
    };
    Promise.all([
      call(client.GET('/api/backlog', { params: { query: filter } })),
      call(client.GET('/api/backlog/report', { params: { query: { outageId: outageFilter || undefined } } })),
    ])
      .then(([list, r]) => {
        if (cancelled) return;
        setItems(list.items);
        setReport(r);
        setLoadError(null);
      })
      .catch((err: unknown) => !cancelled && setLoadError(err));
    return () => {
      cancelled = true;
    };
  }, [outageFilter, stateFilter, departmentFilter, reload, version]);

  const outageName = (noticeId: string | null) => {
    // Media captured offline outside a registered outage has none.
    if (noticeId === null) return t('backlog.noOutage');
    const n = notices.find((x) => x.id === noticeId);
    return n ? `${n.system.name}, ${formatTime(n.startedAt, i18n.language)}` : t('backlog.unknownOutage');
  };

  async function onRegister(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setSaveError(null);
    setSaved(null);
    try {
      let patientId: string | null = null;
      if (identifier.trim()) {
        try {
          patientId = (await call(client.POST('/api/patients/lookup', { body: { identifier: identifier.trim() } }))).id;
        } catch (err) {
          if (err instanceof ApiError && err.code === 'patient_not_found') throw new Error(t('backlog.patientNotFound'));
          throw err;
        }
      }
      const item = await call(client.POST('/api/backlog', { body: { outageId, departmentId, kind, description, count: Number(count) || 1, patientId } }));
      setSaved(t('backlog.registered', { kind: t(`backlog.kind.${item.kind}`) }));
      setDescription('');
      setIdentifier('');
      setCount('1');
      setReload((n) => n + 1);
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  }

  async function advance(item: BacklogItem, to: 'entered' | 'verified') {
    setAdvanceError(null);
    try {
      await call(client.POST('/api/backlog/{id}/advance', { params: { path: { id: item.id } }, body: { to } }));
    } catch (err) {
      setAdvanceError(err);
    }
    setReload((n) => n + 1);
  }

  return (
    <div className="page backlog-page">
      <PageHeading>{t('backlog.title')}</PageHeading>
      <p>
        <Link to="/status">{t('backlog.toStatus')}</Link>
      </p>
      <p>{t('backlog.intro')}</p>
      <ul className="status-links">
        <li>
          <a href={downtimeFormUrl('radiology-referral', departmentId)} target="_blank" rel="noopener">
            {t('backlog.forms.radiologyReferral')}
          </a>
        </li>
        <li>
          <a href={downtimeFormUrl('offline-media-note', departmentId)} target="_blank" rel="noopener">
            {t('backlog.forms.offlineMediaNote')}
          </a>
        </li>
      </ul>
      <ErrorAlert error={loadError} detail />

      {registerDepartments.length > 0 && (
        <section aria-labelledby={`${id}-register`}>
          <h2 id={`${id}-register`}>{t('backlog.registerTitle')}</h2>
          <form className="panel" onSubmit={(e) => void onRegister(e)}>
            <SelectField
              id={`${id}-outage`}
              label={t('backlog.fields.outage')}
              value={outageId}
              onChange={setOutageId}
              required
              options={[
                { value: '', label: t('backlog.choose') },
                ...notices.map((n) => ({ value: n.id, label: `${n.system.name}, ${formatTime(n.startedAt, i18n.language)}${n.closedAt ? ` (${t('backlog.closed')})` : ''}` })),
              ]}
            />
            <SelectField
              id={`${id}-department`}
              label={t('backlog.fields.department')}
              value={departmentId}
              onChange={setDepartmentId}
              required
              options={[{ value: '', label: t('backlog.choose') }, ...registerDepartments.map((d) => ({ value: d.id, label: d.name }))]}
            />
            <SelectField id={`${id}-kind`} label={t('backlog.fields.kind')} value={kind} onChange={setKind} options={BACKLOG_KINDS.map((k) => ({ value: k, label: t(`backlog.kind.${k}`) }))} />
            {mayReadPatients && <TextField id={`${id}-patient`} label={t('backlog.fields.patient')} value={identifier} onChange={setIdentifier} autoComplete="off" />}
            <TextField id={`${id}-description`} label={t('backlog.fields.description')} value={description} onChange={setDescription} multiline rows={2} required maxLength={2000} />
            <TextField id={`${id}-count`} label={t('backlog.fields.count')} type="number" min={1} value={count} onChange={setCount} />
            <ErrorAlert error={saveError} detail />
            {saved && <StatusMessage>{saved}</StatusMessage>}
            <button type="submit" className="button-primary" disabled={saving}>
              {t('backlog.register')}
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby={`${id}-report`}>
        <h2 id={`${id}-report`}>{t('backlog.reportTitle')}</h2>
        {report && report.departments.length === 0 && <p>{t('backlog.nothingOutstanding')}</p>}
        {report && report.departments.length > 0 && (
          <table className="status-table backlog-report">
            <thead>
              <tr>
                <th scope="col">{t('backlog.fields.department')}</th>
                <th scope="col">{t('backlog.fields.kind')}</th>
                <th scope="col">{t('backlog.state.registered')}</th>
                <th scope="col">{t('backlog.state.entered')}</th>
              </tr>
            </thead>
            <tbody>
              {report.departments.flatMap((d) =>
                d.kinds.map((k, i) => (
                  <tr key={`${d.department.id}-${k.kind}`} data-department={d.department.name}>
                    {i === 0 && (
                      <th scope="row" rowSpan={d.kinds.length}>
                        {d.department.name} ({d.count})
                      </th>
                    )}
                    <td>{t(`backlog.kind.${k.kind}`)}</td>
                    <td>{k.registered}</td>
                    <td>{k.entered}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t('backlog.listTitle')}</h2>
        <div className="field-inline">
          <label htmlFor={`${id}-f-outage`}>{t('backlog.fields.outage')}</label>
          <select id={`${id}-f-outage`} value={outageFilter} onChange={(e) => setOutageFilter(e.target.value)}>
            <option value="">{t('backlog.all')}</option>
            {notices.map((n) => (
              <option key={n.id} value={n.id}>
                {n.system.name}, {formatTime(n.startedAt, i18n.language)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-f-state`}>{t('backlog.fields.state')}</label>
          <select id={`${id}-f-state`} value={stateFilter} onChange={(e) => setStateFilter(e.target.value as BacklogState | 'outstanding' | '')}>
            <option value="outstanding">{t('backlog.outstanding')}</option>
            <option value="">{t('backlog.all')}</option>
            {BACKLOG_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`backlog.state.${s}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-f-department`}>{t('backlog.fields.department')}</label>
          <select id={`${id}-f-department`} value={departmentFilter} onChange={(e) => setDepartmentFilter(e.target.value)}>
            <option value="">{t('backlog.all')}</option>
            {(global ? allDepartments : departmentsWith([...REGISTER_RIGHTS, ...VERIFY_RIGHTS])).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <ErrorAlert error={advanceError} detail />
        {!items && !loadError && <Loading />}
        {items && items.length === 0 && <p>{t('backlog.none')}</p>}
        {items && items.length > 0 && (
          <table className="status-table backlog-list">
            <thead>
              <tr>
                <th scope="col">{t('backlog.fields.kind')}</th>
                <th scope="col">{t('backlog.fields.department')}</th>
                <th scope="col">{t('backlog.fields.outage')}</th>
                <th scope="col">{t('backlog.fields.patientShort')}</th>
                <th scope="col">{t('backlog.fields.description')}</th>
                <th scope="col">{t('backlog.fields.state')}</th>
                <th scope="col">{t('backlog.fields.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-backlog-item={item.id}>
                  <td>
                    {t(`backlog.kind.${item.kind}`)} × {item.count}
                  </td>
                  <td>{item.department.name}</td>
                  <td>{outageName(item.outageId)}</td>
                  <td>{item.patient ? (item.patient.identifier ?? t('backlog.patientHidden')) : '–'}</td>
                  <td>{item.description}</td>
                  <td>
                    {t(`backlog.state.${item.state}`)}
                    <br />
                    <small>
                      {[item.registered, item.entered, item.verified]
                        .filter((s): s is Step => s !== null)
                        .map((s) => `${s.by.name}, ${formatTime(s.at, i18n.language)}`)
                        .join(' → ')}
                    </small>
                  </td>
                  <td>
                    {item.state === 'registered' && enterDepartments.has(item.department.id) && (
                      <button type="button" onClick={() => void advance(item, 'entered')}>
                        {t('backlog.markEntered')}
                      </button>
                    )}
                    {item.state === 'entered' && verifyDepartments.has(item.department.id) && (
                      <button type="button" onClick={() => void advance(item, 'verified')}>
                        {t('backlog.markVerified')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
