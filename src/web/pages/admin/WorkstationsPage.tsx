import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api';
import { ErrorAlert, StatusMessage } from '../../components/common';
import { formatDateTime } from '../../media';
import { formatCopyAge } from '../../offline-copy';
import { sameId } from '../../types';
import type { Department } from '../../types';
import { useLocale } from '../cases/shared';
import { AdminFormPanel, AdminListPanel, AdminPage, FormActions, useAdminPage, useFormFocus, useSubmit } from './shared';
import type { AdminFormProps } from './shared';
import { CheckboxListField, FormError, TextField } from './fields';

const REGISTER_FIELDS = ['name', 'departmentIds', 'publicKey'];
import { isMissedSync, loadWorkstations, registerWorkstation, revokeWorkstation, snapshotNow, type Workstation } from './workstations';

/**
 * "Reservdatorer": the backup workstations that hold a read-only copy (issue 13). An administrator
 * registers one (its sync token is shown once), sees each one's last sync and copy age, revokes
 * one, and can have a snapshot made now.
 */
export function WorkstationsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const page = useAdminPage(loadWorkstations, (w) => t('offlineCopy.workstations.registered', { name: w.name }));
  const [departments, setDepartments] = useState<Department[]>([]);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<Workstation | null>(null);
  const [notice, setNotice] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call(client.GET('/api/departments')).then(setDepartments, () => setDepartments([]));
  }, []);

  const departmentNames = (ids: readonly string[]) =>
    ids.map((id) => departments.find((d) => sameId(d.id, id))?.name ?? id).join(', ');

  async function snapshot() {
    setNotice('');
    setActionError(null);
    setBusy(true);
    try {
      const answer = await snapshotNow();
      setNotice(t('offlineCopy.workstations.snapshotStarted', { sequence: answer.sequence }));
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(w: Workstation) {
    setNotice('');
    setActionError(null);
    setBusy(true);
    try {
      await revokeWorkstation(w.id);
      setRevoking(null);
      setNotice(t('offlineCopy.workstations.revokedNotice', { name: w.name }));
      page.formProps.onSaved({ ...w, revokedAt: new Date().toISOString() }, false);
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AdminPage title={t('offlineCopy.workstations.title')}>
      <div className="workstations-main">
        <section className="panel" aria-label={t('offlineCopy.workstations.snapshot')}>
          <p className="hint">{t('offlineCopy.workstations.intro')}</p>
          <StatusMessage>{notice}</StatusMessage>
          <ErrorAlert error={actionError} detail />
          <button type="button" className="button-secondary" onClick={() => void snapshot()} disabled={busy}>
            {busy ? t('offlineCopy.workstations.snapshotting') : t('offlineCopy.workstations.snapshot')}
          </button>
        </section>
        {revoking && (
          <section className="panel confirm-panel" role="alertdialog" aria-labelledby="revoke-confirm" data-testid="revoke-confirm">
            <p id="revoke-confirm">{t('offlineCopy.workstations.revokeConfirm', { name: revoking.name })}</p>
            <div className="form-actions">
              <button type="button" className="button-danger" onClick={() => void revoke(revoking)} disabled={busy} autoFocus>
                {t('offlineCopy.workstations.revokeYes')}
              </button>
              <button type="button" className="button-secondary" onClick={() => setRevoking(null)} disabled={busy}>
                {t('common.cancel')}
              </button>
            </div>
          </section>
        )}
        <AdminListPanel
          headingId="workstations-list"
          title={t('offlineCopy.workstations.listTitle')}
          emptyText={t('offlineCopy.workstations.empty')}
          columns={[
            t('offlineCopy.workstations.name'),
            t('offlineCopy.workstations.departments'),
            t('offlineCopy.workstations.lastSync'),
            t('offlineCopy.workstations.sequence'),
            t('offlineCopy.workstations.copyAge'),
            t('offlineCopy.workstations.status'),
          ]}
          page={page}
          sortKey={(w) => `${w.revokedAt ? 1 : 0}${w.name}`}
          row={(w) => (
            <>
              <th scope="row">{w.name}</th>
              <td>{departmentNames(w.departmentIds)}</td>
              <td>{w.lastSyncAt ? <time dateTime={w.lastSyncAt}>{formatDateTime(w.lastSyncAt, locale)}</time> : t('offlineCopy.workstations.never')}</td>
              <td className="num">{w.sequence}</td>
              <td>{w.ageMinutes === null ? t('offlineCopy.workstations.noCopy') : formatCopyAge(t, w.ageMinutes)}</td>
              <td>
                <WorkstationStatus w={w} />
              </td>
              <td className="cell-actions">
                {!w.revokedAt && (
                  <button type="button" className="button-link" aria-label={t('offlineCopy.workstations.revokeLabel', { name: w.name })} onClick={() => setRevoking(w)}>
                    {t('offlineCopy.workstations.revoke')}
                  </button>
                )}
              </td>
            </>
          )}
        />
      </div>
      {created ? (
        <TokenPanel name={created.name} token={created.token} onDone={() => setCreated(null)} />
      ) : (
        <RegisterForm departments={departments} {...page.formProps} onRegistered={(name, token) => setCreated({ name, token })} />
      )}
    </AdminPage>
  );
}

/** In use, missed sync (flagged) or revoked. */
export function WorkstationStatus({ w }: { w: Workstation }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (w.revokedAt) return <span className="badge badge-inactive">{t('offlineCopy.workstations.revoked', { date: formatDateTime(w.revokedAt, locale) })}</span>;
  if (isMissedSync(w)) {
    return (
      <span className="badge badge-warn" title={t('offlineCopy.workstations.missedHint')} data-testid="missed-sync">
        {t('offlineCopy.workstations.missed')}
      </span>
    );
  }
  return <span className="badge badge-active">{t('offlineCopy.workstations.active')}</span>;
}

function RegisterForm({
  departments,
  notice,
  onSubmitStart,
  onSaved,
  onRegistered,
}: AdminFormProps<Workstation> & { departments: Department[]; onRegistered(name: string, token: string): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [publicKey, setPublicKey] = useState('');
  const { error, saving, submit } = useSubmit(onSubmitStart);
  const headingRef = useFormFocus(undefined);

  function onSubmit() {
    void submit(async () => {
      const answer = await registerWorkstation({ name: name.trim(), publicKey: publicKey.trim(), departmentIds });
      onSaved({ id: answer.id, name: answer.name, departmentIds, lastSyncAt: null, sequence: 0, ageMinutes: null, revokedAt: null, missedSync: false }, true);
      onRegistered(answer.name, answer.token);
      setName('');
      setDepartmentIds([]);
      setPublicKey('');
    });
  }

  return (
    // A refusal naming a field is shown beside it only (FormError), not twice.
    <AdminFormPanel id={id} title={t('offlineCopy.workstations.registerTitle')} headingRef={headingRef} notice={notice} error={null} onSubmit={onSubmit}>
      <FormError error={error} fields={REGISTER_FIELDS} />
      <TextField id={`${id}-name`} label={t('offlineCopy.workstations.name')} value={name} onChange={setName} field="name" error={error} required autoComplete="off" />
      <CheckboxListField
        id={`${id}-departments`}
        label={t('offlineCopy.workstations.departments')}
        hint={t('offlineCopy.workstations.departmentsHint')}
        items={departments.map((d) => ({ id: String(d.id), label: d.name }))}
        chosen={departmentIds}
        onChange={setDepartmentIds}
        field="departmentIds"
        error={error}
      />
      <TextField
        id={`${id}-key`}
        label={t('offlineCopy.workstations.publicKey')}
        hint={t('offlineCopy.workstations.publicKeyHint')}
        value={publicKey}
        onChange={setPublicKey}
        field="publicKey"
        error={error}
        required
        autoComplete="off"
        code
      />
      <FormActions editing={false} saving={saving} createText={t('offlineCopy.workstations.register')} />
    </AdminFormPanel>
  );
}

/** The sync token, shown this once, with a copy button and what to do next on the workstation. */
function TokenPanel({ name, token, onDone }: { name: string; token: string; onDone(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const dir = t('offlineCopy.workstations.dirPlaceholder');

  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('yes');
    } catch {
      // No clipboard (e.g. not a secure context): select the text for the user to copy.
      input.current?.select();
      setCopied('failed');
    }
  }

  return (
    <section className="panel form-panel token-panel" aria-labelledby={`${id}-h`} data-testid="token-panel">
      <h2 id={`${id}-h`} ref={heading} tabIndex={-1}>
        {t('offlineCopy.workstations.tokenTitle', { name })}
      </h2>
      <StatusMessage>{t('offlineCopy.workstations.registered', { name })}</StatusMessage>
      <p className="alert alert-info">{t('offlineCopy.workstations.tokenOnce')}</p>
      <div className="field">
        <label htmlFor={`${id}-token`}>{t('offlineCopy.workstations.tokenTitle', { name })}</label>
        <div className="input-row">
          <input id={`${id}-token`} ref={input} className="mono" readOnly value={token} onFocus={(e) => e.target.select()} data-testid="sync-token" />
          <button type="button" className="button-secondary" onClick={() => void copy()}>
            {t('offlineCopy.workstations.copy')}
          </button>
        </div>
        {copied && (
          <p className="hint" role="status">
            {copied === 'yes' ? t('offlineCopy.workstations.copied') : t('offlineCopy.workstations.copyFailed')}
          </p>
        )}
      </div>
      <h3>{t('offlineCopy.workstations.nextSteps')}</h3>
      <ol className="next-steps">
        <li>
          {t('offlineCopy.workstations.stepSync')}
          <code className="command">{`kasus offline-copy sync --server ${location.origin} --token ${t('offlineCopy.workstations.tokenPlaceholder')} --dir ${dir}`}</code>
        </li>
        <li>{t('offlineCopy.workstations.stepSchedule')}</li>
        <li>
          {t('offlineCopy.workstations.stepServe')}
          <code className="command">{`kasus offline-copy serve --dir ${dir} --key ${dir}/identity.key --port 8080`}</code>
        </li>
      </ol>
      <div className="form-actions">
        <button type="button" className="button-primary" onClick={onDone}>
          {t('offlineCopy.workstations.done')}
        </button>
      </div>
    </section>
  );
}
