import { useEffect, useId, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, call, client, uploadFile } from '../../api';
import type { paths } from '../../api-schema';
import { errorText, StatusMessage } from '../../components/common';
import { useHospitalZone } from '../../hospital-zone';
import { TaskQueue } from '../../media';
import type { Id } from '../../types';
import { idPath } from '../admin/shared';
import { useLocale } from './shared';
import '../../i18n/imports';
import './card-import.css';

type ImportView = paths['/api/imports/{id}']['get']['responses'][200]['content']['application/json'];
type StageResult = paths['/api/imports/{id}/files']['post']['responses'][200]['content']['application/json'];
type CommitResult = paths['/api/imports/{id}/commit']['post']['responses'][200]['content']['application/json'];
type Flag = paths['/api/cases/{id}/import-flags']['get']['responses'][200]['content']['application/json']['items'][number];

interface StagingFile {
  key: number;
  name: string;
  phase: 'waiting' | 'sending' | 'staged' | 'refused';
  percent: number;
  message?: string;
}

/** Files staged two at a time: the server reads each one's metadata while the next is on its way. */
const STAGE_CONCURRENCY = 2;


function formatTime(iso: string | null, locale: string, zone: string | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(zone ? { timeZone: zone } : {}) }).format(new Date(iso));
}

const whereKey = (start: boolean | undefined, end: boolean | undefined) => (start && end ? 'both' : start ? 'start' : 'end');

function problemText(t: TFunction, problem: ImportView['problems'][number]): string {
  switch (problem.code) {
    case 'multiple_sessions':
      return t('cardImport.problem.multiple_sessions', { count: problem.sessions ?? 0 });
    case 'other_patient':
      return t('cardImport.problem.other_patient', { identifiers: (problem.identifiers ?? []).map((i) => i.formatted ?? i.normalized).join(', ') });
    case 'identity_series_incomplete':
      return t('cardImport.problem.identity_series_incomplete', { number: (problem.session ?? 0) + 1, where: t(`cardImport.where.${whereKey(problem.missingStart, problem.missingEnd)}`) });
    case 'forensic_identity_missing':
      return t('cardImport.problem.forensic_identity_missing', { count: problem.fileIds?.length ?? 0 });
    default:
      return t('cardImport.problem.identity_not_read');
  }
}

/**
 * Import from a memory card (M5): the folder is chosen, every file is staged with its own progress,
 * the analysis (capture sessions, identity images, problems) is shown in plain words, and only then
 * are the files added — split into one case per session when the user asks for it.
 */
export function CardImportPanel({ caseId, onImported }: { caseId: Id; onImported(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const zone = useHospitalZone();
  const heading = useId();
  const pickerId = useId();
  const splitId = useId();
  const [open, setOpen] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const [files, setFiles] = useState<StagingFile[]>([]);
  const [view, setView] = useState<ImportView | null>(null);
  const [busy, setBusy] = useState<'' | 'staging' | 'analysing' | 'committing'>('');
  const [split, setSplit] = useState(false);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [result, setResult] = useState<CommitResult | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  // The folder picker: React does not know the non-standard attribute.
  useEffect(() => {
    picker.current?.setAttribute('webkitdirectory', '');
  }, [open]);

  function reset() {
    setImportId(null);
    setFiles([]);
    setView(null);
    setSplit(false);
    setResult(null);
  }

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    // Hidden files a camera or the computer leaves on a card (.DS_Store, ._IMG_0001.JPG) are not photos.
    const chosen = [...(event.target.files ?? [])].filter((f) => !f.name.startsWith('.'));
    event.target.value = '';
    if (chosen.length === 0) return;
    reset();
    setError('');
    setStatus('');
    setBusy('staging');
    try {
      const { id } = await call(client.POST('/api/cases/{id}/imports', { params: { path: { id: String(caseId) } } }));
      setImportId(id);
      setFiles(chosen.map((f, key) => ({ key, name: f.webkitRelativePath || f.name, phase: 'waiting', percent: 0 })));
      const update = (key: number, change: Partial<StagingFile>) => setFiles((all) => all.map((f) => (f.key === key ? { ...f, ...change } : f)));
      const queue = new TaskQueue(STAGE_CONCURRENCY);
      await Promise.all(
        chosen.map(
          (file, key) =>
            new Promise<void>((resolve) => {
              queue.push(async () => {
                update(key, { phase: 'sending' });
                try {
                  const answer = await uploadFile<StageResult>(`/api/imports/${idPath(id)}/files`, file, {
                    onProgress: (loaded, total) => update(key, { percent: total ? Math.round((loaded / total) * 100) : 0 }),
                  }).promise;
                  const refused = answer.refused[0];
                  update(key, refused ? { phase: 'refused', message: refused.message, percent: 100 } : { phase: 'staged', percent: 100 });
                } catch (err) {
                  update(key, { phase: 'refused', message: errorText(t, err), percent: 100 });
                } finally {
                  resolve();
                }
              });
            }),
        ),
      );
      setBusy('analysing');
      setView(await call(client.GET('/api/imports/{id}', { params: { path: { id } } })));
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy('');
    }
  }

  async function commit() {
    if (!importId) return;
    setBusy('committing');
    setError('');
    try {
      const done = await call(client.POST('/api/imports/{id}/commit', { params: { path: { id: importId } }, body: { split } }));
      reset();
      setResult(done);
      setStatus(t('cardImport.done', { count: done.added }));
      onImported();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'import_other_patient') {
        // The server removed the import: it can never be added.
        reset();
        setError(t('cardImport.otherPatientStopped'));
      } else if (err instanceof ApiError && err.code === 'import_multiple_sessions') {
        setError(t('cardImport.multipleSessionsRefused'));
      } else {
        setError(errorText(t, err));
      }
    } finally {
      setBusy('');
    }
  }

  async function discard() {
    if (!importId) return;
    setError('');
    try {
      await call(client.DELETE('/api/imports/{id}', { params: { path: { id: importId } } }));
      reset();
      setStatus(t('cardImport.discarded'));
    } catch (err) {
      setError(errorText(t, err));
    }
  }

  if (!open) {
    return (
      <p>
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          {t('cardImport.open')}
        </button>
      </p>
    );
  }

  const staged = files.filter((f) => f.phase === 'staged' || f.phase === 'refused').length;
  const otherPatient = view?.problems.some((p) => p.code === 'other_patient') ?? false;
  const sessions = view?.sessions.length ?? 0;
  const identityOf = (fileId: string | undefined) => view?.files.find((f) => f.id === fileId)?.identifier ?? null;

  return (
    <section className="panel card-import" aria-labelledby={heading}>
      <h2 id={heading}>{t('cardImport.title')}</h2>
      <p className="muted">{t('cardImport.intro')}</p>
      <p>
        <label htmlFor={pickerId} className="button-secondary">
          {t('cardImport.pick')}
        </label>{' '}
        <input id={pickerId} ref={picker} type="file" multiple className="visually-hidden" onChange={(e) => void choose(e)} disabled={busy !== ''} />
        <button type="button" className="button-secondary" onClick={() => (importId ? void discard().then(() => setOpen(false)) : setOpen(false))} disabled={busy !== ''}>
          {t('cardImport.close')}
        </button>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <StatusMessage>{status}</StatusMessage>
      {result && result.cases.length > 1 && (
        <ul>
          {result.cases.map((c) => (
            <li key={c.caseId}>
              {t('cardImport.doneCases', { number: c.session + 1, count: c.added })}{' '}
              {c.session === 0 ? t('cardImport.thisCase') : <Link to={`/cases/${idPath(c.caseId)}`}>{t('cardImport.newCase')}</Link>}
            </li>
          ))}
        </ul>
      )}
      {result && result.refused.length > 0 && <p>{t('cardImport.refusedFiles', { names: result.refused.map((r) => r.filename).join(', ') })}</p>}

      {files.length > 0 && (
        <>
          <p aria-live="polite">{busy === 'analysing' ? t('cardImport.analysing') : t('cardImport.staging', { done: staged, total: files.length })}</p>
          <ul className="card-import-files">
            {files.map((f) => (
              <li key={f.key}>
                <span className="card-import-name">{f.name}</span>{' '}
                <progress max={100} value={f.percent} aria-label={f.name} />{' '}
                <span className={f.phase === 'refused' ? 'error' : 'muted'}>
                  {t(`cardImport.phase.${f.phase}`)}
                  {f.message ? `: ${f.message}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}

      {view && (
        <div className="card-import-analysis">
          {view.files.length === 0 ? (
            <p>{t('cardImport.nothingStaged')}</p>
          ) : (
            <>
              <p>
                <strong>{t('cardImport.summary', { count: view.files.length, sessions })}</strong>
              </p>
              <ol className="card-import-sessions">
                {view.sessions.map((s) => {
                  const start = identityOf(s.fileIds[0]);
                  const end = identityOf(s.fileIds.at(-1));
                  return (
                    <li key={s.index}>
                      <strong>{t('cardImport.session', { number: s.index + 1 })}</strong>: {t('cardImport.sessionFiles', { count: s.fileIds.length })},{' '}
                      {s.firstCapturedAt ? `${formatTime(s.firstCapturedAt, locale, zone)} – ${formatTime(s.lastCapturedAt, locale, zone)}` : t('cardImport.noTime')}
                      {s.camera ? `, ${t('cardImport.camera', { camera: s.camera })}` : ''}
                      <br />
                      <span className="card-import-identity">
                        {t('cardImport.identityStart')}: {s.identityAtStart && start ? t('cardImport.identityShown', { identifier: start.formatted }) : t('cardImport.identityMissing')};
                      </span>{' '}
                      <span className="card-import-identity">
                        {t('cardImport.identityEnd')}: {s.identityAtEnd && end ? t('cardImport.identityShown', { identifier: end.formatted }) : t('cardImport.identityMissing')}
                      </span>
                    </li>
                  );
                })}
              </ol>
              <h3>{t('cardImport.problemsTitle')}</h3>
              {view.problems.length === 0 ? (
                <p>{t('cardImport.noProblems')}</p>
              ) : (
                <ul className="card-import-problems">
                  {view.problems.map((p, i) => (
                    <li key={i} className={p.code === 'other_patient' ? 'error' : undefined}>
                      {problemText(t, p)}
                    </li>
                  ))}
                </ul>
              )}
              {sessions > 1 && !otherPatient && (
                <p>
                  <input id={splitId} type="checkbox" checked={split} onChange={(e) => setSplit(e.target.checked)} />{' '}
                  <label htmlFor={splitId}>{t('cardImport.split')}</label>
                </p>
              )}
              <p className="form-actions">
                {!otherPatient && (
                  <button type="button" className="button-primary" onClick={() => void commit()} disabled={busy !== '' || (sessions > 1 && !split)}>
                    {busy === 'committing' ? t('cardImport.committing') : t('cardImport.commit')}
                  </button>
                )}{' '}
                <button type="button" className="button-secondary" onClick={() => void discard()} disabled={busy !== ''}>
                  {t('cardImport.discard')}
                </button>
              </p>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** What card imports flagged on the case, in words; nothing when there is nothing. */
/** Read again when the number of files changes (an import just added some), not at every poll. */
export function ImportFlags({ caseId, mediaCount }: { caseId: Id; mediaCount: number }) {
  const { t } = useTranslation();
  const heading = useId();
  const [flags, setFlags] = useState<Flag[]>([]);
  useEffect(() => {
    let live = true;
    call(client.GET('/api/cases/{id}/import-flags', { params: { path: { id: String(caseId) } } })).then(
      (answer) => live && setFlags(answer.items),
      () => live && setFlags([]),
    );
    return () => {
      live = false;
    };
  }, [caseId, mediaCount]);
  if (flags.length === 0) return null;
  return (
    <section className="panel notice-panel" aria-labelledby={heading}>
      <h2 id={heading}>{t('cardImport.flagsTitle')}</h2>
      <ul>
        {flags.map((f) => (
          <li key={f.id}>
            {f.code === 'identity_series_incomplete'
              ? t('cardImport.flag.identity_series_incomplete', { where: t(`cardImport.where.${whereKey(f.missingStart, f.missingEnd)}`), files: f.filenames.join(', ') })
              : t('cardImport.flag.forensic_identity_missing', { count: f.filenames.length, files: f.filenames.join(', ') })}
          </li>
        ))}
      </ul>
    </section>
  );
}
