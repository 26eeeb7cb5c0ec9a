import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { call, client } from '../api';
import { useSession } from '../session';
import { casePath, departmentName, departmentsWithRight, formatDateTime } from '../media';
import type { CaseList, Collection, Id } from '../types';
import { ErrorAlert, Loading, PageHeading, StatusMessage, useLoad, usePageTitle } from '../components/common';
import { CaseStatusBadge, useLocale } from './cases/shared';
import { CollectionCopies, ConsentNotices } from './cases/TeachingCopy';
import { DeidentifiedCopies } from './deidentify/DeidentifiedCopies';

/** One collection: its cases on request (every listing is audited) and "new case" for teaching managers. */
function CollectionItem({ collection, canManage, departmentLabel }: { collection: Collection; canManage: boolean; departmentLabel: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const [cases, setCases] = useState<CaseList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);

  async function show() {
    try {
      setCases(await call(client.GET('/api/cases', { params: { query: { collectionId: String(collection.id), pageSize: 50 } } })));
    } catch (err) {
      setError(err);
    }
  }

  async function create() {
    setCreating(true);
    setError(null);
    try {
      const created = await call(client.POST('/api/cases', { body: { collectionId: String(collection.id) } }));
      navigate(casePath(created.id));
    } catch (err) {
      setError(err);
      setCreating(false);
    }
  }

  return (
    <li className="panel collection">
      <h2>{collection.name}</h2>
      <p className="muted">
        {departmentLabel} · {t('teaching.caseCount', { count: collection.caseCount })}
      </p>
      {collection.description && <p>{collection.description}</p>}
      <CollectionCopies collectionId={collection.id} name={collection.name} />
      <DeidentifiedCopies collectionId={collection.id} name={collection.name} />
      <ErrorAlert error={error} detail />
      <div className="button-row">
        {cases === null && (
          <button type="button" className="button-secondary" onClick={() => void show()}>
            {t('teaching.showCases', { name: collection.name })}
          </button>
        )}
        {canManage && (
          <button type="button" className="button-primary" disabled={creating} onClick={() => void create()}>
            {t('teaching.newCase')}
          </button>
        )}
      </div>
      {cases &&
        (cases.items.length === 0 ? (
          <p className="muted">{t('teaching.noCases')}</p>
        ) : (
          <ul className="case-list">
            {cases.items.map((c) => (
              <li key={String(c.id)}>
                <Link to={casePath(c.id)}>{formatDateTime(c.createdAt, locale)}</Link>{' '}
                {!c.confidential && <CaseStatusBadge status={c.status} />}
              </li>
            ))}
          </ul>
        ))}
    </li>
  );
}

/**
 * Teaching collections (M4): de-identified material without a patient, per department. Who holds
 * teaching.manage creates collections and cases in them; who reads cases in the department reads them.
 */
export function TeachingPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  usePageTitle(t('teaching.title'));
  const ids = { name: useId(), description: useId(), department: useId() };
  const [generation, setGeneration] = useState(0);
  const { data, error, loading } = useLoad(() => call(client.GET('/api/collections')), [generation]);
  const { data: departments } = useLoad(() => call(client.GET('/api/departments')), []);
  // A global role (system administrator) manages teaching material in every department.
  const global = (user?.assignments ?? []).some((a) => a.global && a.rights.includes('teaching.manage'));
  const managed =
    global && departments
      ? departments.filter((d) => d.active).map((d) => ({ id: d.id, name: d.name })).sort((a, b) => a.name.localeCompare(b.name))
      : departmentsWithRight(user, 'teaching.manage');
  const [chosenDepartment, setDepartmentId] = useState('');
  const departmentId = chosenDepartment || (managed[0] ? String(managed[0].id) : '');
  const nameOf = (id: Id) =>
    departments?.find((d) => String(d.id) === String(id))?.name ?? departmentName(user, id) ?? t('cases.unknownDepartment');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [saveError, setSaveError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    setSaveError(null);
    setStatus('');
    try {
      await call(client.POST('/api/collections', { body: { departmentId, name, ...(description.trim() ? { description } : {}) } }));
      setStatus(t('teaching.created', { name: name.trim() }));
      setName('');
      setDescription('');
      setGeneration((g) => g + 1);
    } catch (err) {
      setSaveError(err);
    }
  }

  return (
    <div className="page">
      <PageHeading>{t('teaching.title')}</PageHeading>
      <p className="hint">{t('teaching.intro')}</p>
      <ConsentNotices />
      <ErrorAlert error={error} />
      {loading && !data ? (
        <Loading />
      ) : data && data.length === 0 ? (
        <p className="muted">{t('teaching.empty')}</p>
      ) : (
        <ul className="collection-list">
          {data?.map((c) => (
            <CollectionItem
              key={String(c.id)}
              collection={c}
              departmentLabel={nameOf(c.departmentId)}
              canManage={managed.some((d) => String(d.id) === String(c.departmentId))}
            />
          ))}
        </ul>
      )}
      {managed.length > 0 && (
        <form className="panel" onSubmit={(e) => void onCreate(e)}>
          <h2>{t('teaching.newCollection')}</h2>
          <ErrorAlert error={saveError} detail />
          <StatusMessage>{status}</StatusMessage>
          <div className="field">
            <label htmlFor={ids.department}>{t('cases.department')}</label>
            <select id={ids.department} value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
              {managed.map((d) => (
                <option key={String(d.id)} value={String(d.id)}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.name}>{t('teaching.name')}</label>
            <input id={ids.name} value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.description}>{t('teaching.description')}</label>
            <textarea id={ids.description} value={description} maxLength={2000} rows={3} onChange={(e) => setDescription(e.target.value)} />
          </div>
          <button type="submit" className="button-primary" disabled={!name.trim() || !departmentId}>
            {t('teaching.create')}
          </button>
        </form>
      )}
    </div>
  );
}
