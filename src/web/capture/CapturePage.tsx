// Offline capture (issue 16, C10): bind a capture to one patient, take photos, video and audio (or
// choose files), and watch the queue send them. Works after a reload with no server: the profile
// (user, departments) and everything captured are on the device (./capture-store.ts).
import { useCallback, useEffect, useId, useState, useSyncExternalStore } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../i18n/capture';
import { ApiError, call, client } from '../api';
import { useSession } from '../session';
import { errorText, PageHeading, StatusMessage, usePageTitle } from '../components/common';
import { PatientBanner } from '../components/PatientBanner';
import { CheckField, FormError, SelectField, TextField } from '../pages/admin/fields';
import { validateIdentifier } from '../identifier';
import { formatIdentifier } from '../identifier-format';
import { formatSize } from '../media';
import { useLocale } from '../pages/cases/shared';
import { ruleText } from '../pages/PatientsPage';
import { captureQueue } from './capture-queue';
import { countStates } from './capture-queue-rules';
import * as store from './capture-store';
import type { CaptureBinding, CaptureProfile, DeviceItem, IdentityVerification } from './capture-store';

const VERIFICATIONS: IdentityVerification[] = ['id_document', 'known_to_staff', 'ehr_context'];
const NEEDED_RIGHTS = ['case.write', 'media.upload'];

function useOnline(): boolean {
  return useSyncExternalStore(
    (notify) => {
      window.addEventListener('online', notify);
      window.addEventListener('offline', notify);
      return () => {
        window.removeEventListener('online', notify);
        window.removeEventListener('offline', notify);
      };
    },
    () => navigator.onLine,
  );
}

function useQueueStatus() {
  return useSyncExternalStore(
    (notify) => captureQueue.subscribe(notify),
    () => captureQueue.snapshot(),
  );
}

export function CapturePage() {
  const { t } = useTranslation();
  usePageTitle(t('capture.title'));
  const { user, status, refresh, ehrContext } = useSession();
  const online = useOnline();
  const queue = useQueueStatus();
  const [profile, setProfile] = useState<CaptureProfile | null | undefined>(undefined);
  const [captures, setCaptures] = useState<CaptureBinding[]>([]);
  const [items, setItems] = useState<DeviceItem[]>([]);

  // The profile comes from the live session when there is one, and is kept for the next offline start.
  useEffect(() => {
    let live = true;
    if (user) {
      void (async () => {
        const departments = new Map<string, string>();
        const granted = user.assignments.filter((a) => NEEDED_RIGHTS.every((r) => a.rights.includes(r)));
        for (const a of granted) if (!a.global) departments.set(a.departmentId, a.departmentName);
        // A role for all departments (e.g. the system administrator) may capture in any of them.
        if (granted.some((a) => a.global)) {
          const all = await call(client.GET('/api/departments')).catch(() => []);
          for (const d of all) departments.set(String(d.id), d.name);
        }
        const made: CaptureProfile = {
          userId: user.id,
          displayName: user.displayName,
          ehrContext,
          departments: [...departments].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
        };
        if (!live) return;
        setProfile(made);
        await store.saveProfile(made).catch(() => undefined);
      })();
    } else if (status !== 'loading') {
      void store
        .loadProfile()
        .then((p) => live && setProfile(p))
        .catch(() => live && setProfile(null));
    }
    return () => {
      live = false;
    };
  }, [user, status, ehrContext]);

  const reload = useCallback(async () => {
    const [all, list] = await Promise.all([store.bindings(), store.items()]);
    // A capture the user ended leaves the device once the server holds all of it.
    const done = all.filter((b) => b.ended && list.filter((i) => i.captureId === b.id).every((i) => i.state === 'stored' && !i.onDevice));
    for (const b of done) await store.removeCapture(b.id);
    const gone = new Set(done.map((b) => b.id));
    setCaptures(all.filter((b) => !gone.has(b.id)));
    setItems(list.filter((i) => !gone.has(i.captureId)));
  }, []);

  // Read again when the queue changed an item (not on every progress step: that is in `queue`).
  useEffect(() => {
    void reload();
  }, [reload, queue.itemsVersion]);

  // The queue restores the session's CSRF token by itself; the page's session follows it.
  useEffect(() => {
    captureQueue.onSessionRestored = () => void refresh();
    return () => {
      captureQueue.onSessionRestored = null;
    };
  }, [refresh]);
  useEffect(() => {
    if (status === 'authenticated') captureQueue.nudge();
  }, [status]);

  const current = profile ? captures.find((b) => !b.ended && b.userId === profile.userId) ?? null : null;

  return (
    <div className="page capture-page">
      <PageHeading>{t('capture.title')}</PageHeading>
      <p>{t('capture.intro')}</p>
      {!online && (
        <div className="alert alert-warning" role="status" data-testid="capture-offline">
          <p>{t('capture.offline')}</p>
        </div>
      )}
      {queue.waitingForLogin && (
        <div className="alert alert-warning" role="alert">
          <p>{t('capture.queue.login')}</p>
          <p>
            <Link to="/login" state={{ from: '/capture' }}>
              {t('capture.queue.loginAgain')}
            </Link>
          </p>
        </div>
      )}
      {online && queue.retrying && !queue.waitingForLogin && <StatusMessage>{t('capture.queue.retrying')}</StatusMessage>}
      {profile === null && (
        <p>
          {t('capture.noProfile')} <Link to="/login" state={{ from: '/capture' }}>{t('capture.logIn')}</Link>
        </p>
      )}
      {profile && !current && <BindForm profile={profile} onBound={() => void reload()} />}
      {profile && current && (
        <CaptureStep binding={current} items={items.filter((i) => i.captureId === current.id)} ehr={profile.ehrContext} onChange={() => void reload()} />
      )}
      <QueueList captures={captures} items={items} progress={queue.progress} onChange={() => void reload()} />
    </div>
  );
}

function BindForm({ profile, onBound }: { profile: CaptureProfile; onBound(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [identifier, setIdentifier] = useState('');
  const [verification, setVerification] = useState<IdentityVerification | ''>('');
  const [departmentId, setDepartmentId] = useState(profile.departments.length === 1 ? profile.departments[0]!.id : '');
  const [consent, setConsent] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const refuse = (field: string, message: string) => setError(new ApiError(400, 'validation_failed', message, { field }));
    const checked = validateIdentifier(identifier);
    if (!checked.valid) return refuse('identifier', ruleText(t, checked.rule, checked.message));
    if (!verification) return refuse('identityVerification', t('capture.bind.verificationRequired'));
    const department = profile.departments.find((d) => d.id === departmentId);
    if (!department) return refuse('departmentId', t('capture.bind.departmentRequired'));
    if (!consent) return setError(new ApiError(400, 'validation_failed', t('capture.bind.consentRequired')));
    if (!purpose.trim() || purpose.trim().length > 500) return refuse('purpose', t('capture.bind.purposeRequired'));
    setError(null);
    await store.saveBinding({
      id: crypto.randomUUID(),
      userId: profile.userId,
      identifier: checked.normalized,
      identifierType: checked.type,
      identifierInput: identifier.trim(),
      identityVerification: verification,
      departmentId: department.id,
      departmentName: department.name,
      oralConsent: true,
      purpose: purpose.trim(),
      startedAt: new Date().toISOString(),
      caseId: null,
      ended: false,
    });
    onBound();
  }

  if (profile.departments.length === 0) return <p>{t('capture.bind.noDepartments')}</p>;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('capture.bind.heading')}</h2>
      <form className="panel" onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField id={`${id}-identifier`} label={t('capture.bind.identifier')} value={identifier} onChange={setIdentifier} field="identifier" error={error} hint={t('capture.bind.identifierHint')} autoComplete="off" code />
        <SelectField
          id={`${id}-verification`}
          label={t('capture.bind.verification')}
          value={verification}
          onChange={setVerification}
          field="identityVerification"
          error={error}
          options={[{ value: '', label: t('capture.bind.choose') }, ...VERIFICATIONS.map((v) => ({ value: v, label: t(`capture.bind.verifications.${v}`) }))]}
        />
        <SelectField
          id={`${id}-department`}
          label={t('capture.bind.department')}
          value={departmentId}
          onChange={setDepartmentId}
          field="departmentId"
          error={error}
          options={[{ value: '', label: t('capture.bind.choose') }, ...profile.departments.map((d) => ({ value: d.id, label: d.name }))]}
        />
        <CheckField id={`${id}-consent`} label={t('capture.bind.consent')} checked={consent} onChange={setConsent} />
        <TextField id={`${id}-purpose`} label={t('capture.bind.purpose')} value={purpose} onChange={setPurpose} multiline rows={2} maxLength={500} field="purpose" error={error} />
        <FormError error={error} fields={['identifier', 'identityVerification', 'departmentId', 'purpose']} />
        <button type="submit" className="button-primary">
          {t('capture.bind.start')}
        </button>
      </form>
    </section>
  );
}

/** Audio only in a session the EHR opened: Kasus refuses it otherwise (M5, ehr_context_required). */
const inputs = (ehr: boolean) =>
  [
    { key: 'photo', accept: 'image/*', capture: 'environment', multiple: false },
    { key: 'video', accept: 'video/*', capture: 'environment', multiple: false },
    ...(ehr ? [{ key: 'audio', accept: 'audio/*', capture: 'user', multiple: false } as const] : []),
    { key: 'files', accept: ehr ? 'image/*,video/*,audio/*' : 'image/*,video/*', capture: undefined, multiple: true },
  ] as const;

function CaptureStep({ binding, items, ehr, onChange }: { binding: CaptureBinding; items: DeviceItem[]; ehr: boolean; onChange(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [added, setAdded] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const pending = items.filter((i) => i.state !== 'stored' || i.onDevice).length;

  async function onFiles(e: ChangeEvent<HTMLInputElement>) {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (files.length === 0) return;
    setError(null);
    try {
      for (const file of files) await store.addItem(binding.id, file, new Date());
      setAdded(t('capture.take.added', { count: files.length }));
    } catch (err) {
      setError(err);
    }
    onChange();
    captureQueue.nudge();
  }

  async function end(keep: boolean) {
    if (pending > 0 && !keep) {
      setConfirmEnd(true);
      return;
    }
    setConfirmEnd(false);
    if (pending === 0) await store.removeCapture(binding.id);
    else await store.saveBinding({ ...binding, ended: true });
    onChange();
  }

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('capture.take.heading')}</h2>
      <p className="capture-bound">{t('capture.take.bound')}</p>
      <PatientBanner patient={{ identifier: binding.identifier, type: binding.identifierType, confidential: false }} />
      <p>{t('capture.take.department', { name: binding.departmentName })}</p>
      <div className="capture-buttons">
        {inputs(ehr).map((input) => (
          <label key={input.key} className="button-secondary capture-button">
            {t(`capture.take.${input.key}`)}
            <input type="file" className="visually-hidden" accept={input.accept} capture={input.capture} multiple={input.multiple} onChange={(e) => void onFiles(e)} />
          </label>
        ))}
      </div>
      {added && <StatusMessage>{added}</StatusMessage>}
      {error ? (
        <div className="alert alert-error" role="alert">
          <p>{error instanceof Error ? error.message : errorText(t, error)}</p>
        </div>
      ) : null}
      <p>
        <button type="button" className="button-secondary" onClick={() => void end(false)}>
          {t('capture.take.end')}
        </button>
      </p>
      {confirmEnd && (
        <div className="panel" role="alertdialog" aria-labelledby={`${id}-end`}>
          <p id={`${id}-end`}>{t('capture.take.endPending', { count: pending })}</p>
          <div className="capture-buttons">
            <button type="button" className="button-primary" onClick={() => void end(true)}>
              {t('capture.take.endKeep')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirmEnd(false)}>
              {t('capture.take.endCancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function QueueList({ captures, items, progress, onChange }: { captures: CaptureBinding[]; items: DeviceItem[]; progress: Record<string, { sent: number; total: number }>; onChange(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const counts = countStates(items);

  async function retry(item: DeviceItem) {
    await store.updateItem(item.key, { state: 'waiting', error: null, attempts: 0 });
    onChange();
    captureQueue.nudge();
  }

  /** The refusal in the UI language, with the server's own words when they say more (which rule, which file). */
  function reason(item: DeviceItem): string {
    if (!item.error) return '';
    if (item.error.code === 'device_unreadable') return t('capture.queue.device_unreadable');
    const text = errorText(t, new ApiError(0, item.error.code, item.error.message));
    return item.error.message && item.error.message !== text ? `${text} ${item.error.message}` : text;
  }

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('capture.queue.heading')}</h2>
      {items.length === 0 ? (
        <p>{t('capture.queue.empty')}</p>
      ) : (
        <p data-testid="capture-counts" aria-live="polite">{t('capture.queue.counts', { ...counts })}</p>
      )}
      {captures
        .filter((b) => items.some((i) => i.captureId === b.id))
        .map((b) => (
          <div key={b.id} className="capture-queue">
            <h3>{t('capture.queue.patient', { identifier: formatIdentifier(b.identifier, b.identifierType) })}</h3>
            <ul className="capture-items">
              {items
                .filter((i) => i.captureId === b.id)
                .sort((x, y) => x.addedAt.localeCompare(y.addedAt))
                .map((item) => {
                  const p = progress[item.key];
                  return (
                    <li key={item.key} data-capture-item={item.key} data-state={item.state} className={`capture-item capture-item-${item.state}`}>
                      <span className="capture-item-name">{item.filename}</span>
                      <span className="capture-item-size">{formatSize(item.size, locale)}</span>
                      <span className="capture-item-state">{t(`capture.queue.states.${item.state}`)}</span>
                      {item.state === 'sending' && p && p.total > 0 && (
                        <progress max={p.total} value={p.sent} aria-label={t('capture.queue.progress', { percent: Math.floor((100 * p.sent) / p.total) })} />
                      )}
                      {item.state === 'refused' && (
                        <span className="capture-item-reason">
                          {reason(item)}{' '}
                          <button type="button" className="button-secondary" onClick={() => void retry(item)}>
                            {t('capture.queue.retry')}
                          </button>
                        </span>
                      )}
                    </li>
                  );
                })}
            </ul>
          </div>
        ))}
    </section>
  );
}
