import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { call, client } from '../api';
import { isLanguage } from '../i18n';
import { ErrorAlert, Loading, PageHeading, usePageTitle } from '../components/common';
import { useSession } from '../session';
import type { SystemItem } from './continuity';
import { COMPETENCES, incidentPriority, LEVELS, type Competence, type Contact, type Incident, type Level, type ServiceDesk } from './incidents';

const REPORT_RIGHT = 'incident.report';

/** The urgent incident form (incident.report): a criticality-1 system, what is wrong, who to call back; the priority is shown live. */
export function IncidentFormPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('incidents.newTitle'));
  const id = useId();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { user } = useSession();
  const [systems, setSystems] = useState<SystemItem[] | null>(null);
  const [desks, setDesks] = useState<ServiceDesk[]>([]);
  const [sites, setSites] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);

  // The departments where the user may report incidents (a global role's department counts too).
  const departments = useMemo(() => {
    const seen = new Map<string, string>();
    for (const a of user?.assignments ?? []) if (a.rights.includes(REPORT_RIGHT) && !seen.has(String(a.departmentId))) seen.set(String(a.departmentId), a.departmentName);
    return [...seen].map(([depId, name]) => ({ id: depId, name }));
  }, [user]);

  const [systemId, setSystemId] = useState(params.get('system') ?? '');
  const [departmentId, setDepartmentId] = useState('');
  const [serviceDeskId, setServiceDeskId] = useState('');
  const [site, setSite] = useState('');
  const [description, setDescription] = useState('');
  const [affectedUsers, setAffectedUsers] = useState('');
  const [affectedPcs, setAffectedPcs] = useState('');
  const [affectedServers, setAffectedServers] = useState('');
  const [competence, setCompetence] = useState<Competence[]>([]);
  const [contactName, setContactName] = useState(user?.displayName ?? '');
  const [contactMobile, setContactMobile] = useState('');
  const [impact, setImpact] = useState<Level>('medium');
  const [urgency, setUrgency] = useState<Level>('medium');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([
      call(client.GET('/api/systems')),
      call(client.GET('/api/service-desks')),
      call(client.GET('/api/contacts')).catch(() => [] as Contact[]),
    ])
      .then(([s, d, c]) => {
        const critical = s.filter((x) => x.criticality === 1);
        setSystems(critical);
        setDesks(d);
        const siteNames = [...new Set(c.map((x) => x.site))].sort();
        setSites(siteNames);
        if (siteNames.length === 1) setSite((cur) => cur || siteNames[0]!);
        if (d.length === 1) setServiceDeskId(d[0]!.id);
        setSystemId((cur) => (critical.some((x) => x.id === cur) ? cur : ''));
      })
      .catch(setLoadError);
  }, []);

  useEffect(() => {
    if (departments.length === 1) setDepartmentId(departments[0]!.id);
  }, [departments]);

  const priority = incidentPriority(impact, urgency);
  const count = (v: string) => (v.trim() === '' ? null : Number(v));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const created = await call(client.POST('/api/incidents', { body: {
        systemId,
        departmentId,
        ...(serviceDeskId ? { serviceDeskId } : {}),
        site: site.trim() || null,
        description,
        affectedUsers: count(affectedUsers),
        affectedPcs: count(affectedPcs),
        affectedServers: count(affectedServers),
        competence,
        contactName,
        contactMobile,
        impact,
        urgency,
        language: isLanguage(i18n.language) ? i18n.language : 'sv',
      } }));
      navigate(`/status/incidents/${created.id}`, { state: { filed: true } });
    } catch (err) {
      setError(err);
      setSaving(false);
    }
  }

  const toggle = (c: Competence) => setCompetence((cur) => (cur.includes(c) ? cur.filter((x) => x !== c) : [...cur, c]));

  return (
    <div className="page page-narrow incident-form-page">
      <PageHeading>{t('incidents.newTitle')}</PageHeading>
      <p>
        <Link to="/status">{t('incidents.toStatus')}</Link> · <Link to="/status/incidents">{t('incidents.toList')}</Link>
      </p>
      <p>{t('incidents.intro')}</p>
      <ErrorAlert error={loadError} detail />
      {!systems && !loadError && <Loading />}
      {systems && systems.length === 0 && <p>{t('incidents.noSystems')}</p>}
      {departments.length === 0 && <p role="alert">{t('incidents.noDepartments')}</p>}
      {systems && systems.length > 0 && departments.length > 0 && (
        <form className="panel" onSubmit={(e) => void onSubmit(e)}>
          <div className="field">
            <label htmlFor={`${id}-system`}>{t('incidents.fields.system')}</label>
            <select id={`${id}-system`} value={systemId} onChange={(e) => setSystemId(e.target.value)} required>
              <option value="">{t('incidents.choose')}</option>
              {systems.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({t(`continuity.status.${s.status}`)})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-department`}>{t('incidents.fields.department')}</label>
            <select id={`${id}-department`} value={departmentId} onChange={(e) => setDepartmentId(e.target.value)} required>
              <option value="">{t('incidents.choose')}</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-site`}>{t('incidents.fields.site')}</label>
            <input id={`${id}-site`} value={site} onChange={(e) => setSite(e.target.value)} list={`${id}-sites`} aria-describedby={`${id}-site-hint`} maxLength={200} />
            <datalist id={`${id}-sites`}>
              {sites.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
            <p className="hint" id={`${id}-site-hint`}>
              {t('incidents.fields.siteHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-description`}>{t('incidents.fields.description')}</label>
            <textarea id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} rows={4} required maxLength={4000} />
          </div>
          <fieldset className="field">
            <legend>{t('incidents.fields.affected')}</legend>
            <div className="field-inline">
              <label htmlFor={`${id}-users`}>{t('incidents.fields.affectedUsers')}</label>
              <input id={`${id}-users`} type="number" min={0} inputMode="numeric" value={affectedUsers} onChange={(e) => setAffectedUsers(e.target.value)} />
            </div>
            <div className="field-inline">
              <label htmlFor={`${id}-pcs`}>{t('incidents.fields.affectedPcs')}</label>
              <input id={`${id}-pcs`} type="number" min={0} inputMode="numeric" value={affectedPcs} onChange={(e) => setAffectedPcs(e.target.value)} />
            </div>
            <div className="field-inline">
              <label htmlFor={`${id}-servers`}>{t('incidents.fields.affectedServers')}</label>
              <input id={`${id}-servers`} type="number" min={0} inputMode="numeric" value={affectedServers} onChange={(e) => setAffectedServers(e.target.value)} />
            </div>
          </fieldset>
          <fieldset className="field">
            <legend>{t('incidents.fields.competence')}</legend>
            {COMPETENCES.map((c) => (
              <div key={c} className="field-check">
                <input id={`${id}-comp-${c}`} type="checkbox" checked={competence.includes(c)} onChange={() => toggle(c)} />
                <label htmlFor={`${id}-comp-${c}`}>{t(`incidents.competence.${c}`)}</label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-contact`}>{t('incidents.fields.contactName')}</label>
            <input id={`${id}-contact`} value={contactName} onChange={(e) => setContactName(e.target.value)} required maxLength={200} autoComplete="name" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-mobile`}>{t('incidents.fields.contactMobile')}</label>
            <input id={`${id}-mobile`} type="tel" value={contactMobile} onChange={(e) => setContactMobile(e.target.value)} required autoComplete="tel" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-impact`}>{t('incidents.fields.impact')}</label>
            <select id={`${id}-impact`} value={impact} onChange={(e) => setImpact(e.target.value as Level)}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`incidents.impact.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-urgency`}>{t('incidents.fields.urgency')}</label>
            <select id={`${id}-urgency`} value={urgency} onChange={(e) => setUrgency(e.target.value as Level)}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`incidents.urgency.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <p className={`priority-preview priority-${priority}`} aria-live="polite" data-testid="priority-preview">
            <strong>{t('incidents.priorityPreview', { priority })}</strong>{' '}
            <span className="hint">{t('incidents.priorityHint')}</span>
          </p>
          {desks.length > 0 && (
            <div className="field">
              <label htmlFor={`${id}-desk`}>{t('incidents.fields.serviceDesk')}</label>
              <select id={`${id}-desk`} value={serviceDeskId} onChange={(e) => setServiceDeskId(e.target.value)} required={desks.length > 1}>
                {desks.length > 1 && <option value="">{t('incidents.choose')}</option>}
                {desks.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <ErrorAlert error={error} detail />
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? t('incidents.submitting') : t('incidents.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
