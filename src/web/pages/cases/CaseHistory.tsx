import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api';
import { displayValue, localized } from '../../caseForm';
import { currentLanguage } from '../../i18n';
import { formatDateTime, mediaPath } from '../../media';
import { sameId } from '../../types';
import type { CaseVersionSummary, CaseVersionView, Id, MediaView, VersionComparison } from '../../types';
import { ErrorAlert } from '../../components/common';
import { useLocale } from './shared';
import { CaseValues } from './CaseValues';
import { MediaViewer } from './MediaViewer';
import '../../i18n/annotations';
import './annotations.css';

const caseParams = (caseId: Id) => ({ path: { id: String(caseId) } });

function SmallThumb({ item }: { item: MediaView | undefined }) {
  if (!item) return null;
  return item.derivatives.thumbnail ? (
    <img className="history-thumb" src={mediaPath(item.id, 'thumbnail')} alt={item.originalFilename} width={64} height={64} />
  ) : (
    <span className="history-thumb-name">{item.originalFilename}</span>
  );
}

/** One version as it was signed (or the current draft): values and media with captions, read only; a photo opens in the viewer with that version's annotations. */
function VersionView({ version, onClose, onStep, versions }: { version: CaseVersionView; onClose(): void; onStep(v: number): void; versions: number[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Id | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const lang = currentLanguage();
  const locale = useLocale();
  const headingId = useId();
  const index = versions.indexOf(version.version);
  const older = versions[index + 1];
  const newer = versions[index - 1];
  return (
    <div className="version-view" role="region" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        {t('caseForm.version', { version: version.version })}{' '}
        <span className="muted">
          {version.status === 'signed'
            ? t('versions.signedBy', { name: version.signedByName ?? '', date: formatDateTime(version.signedAt, locale) })
            : t('cases.status.draft')}
        </span>
      </h3>
      <div className="button-row">
        <button type="button" className="button-secondary" disabled={older === undefined} onClick={() => older !== undefined && onStep(older)}>
          {t('versions.previous')}
        </button>
        <button type="button" className="button-secondary" disabled={newer === undefined} onClick={() => newer !== undefined && onStep(newer)}>
          {t('versions.next')}
        </button>
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('versions.close')}
        </button>
      </div>
      <CaseValues fields={version.form?.fields ?? []} values={version.values} lang={lang} />
      <ol className="version-media">
        {version.media.map((m) => (
          <li key={String(m.id)}>
            {m.kind === 'image' && m.derivatives.preview ? (
              <button
                type="button"
                className="history-open"
                aria-label={`${t('media.open')} ${m.originalFilename}`}
                onClick={(e) => {
                  opener.current = e.currentTarget;
                  setOpen(m.id);
                }}
              >
                <SmallThumb item={m} />
              </button>
            ) : (
              <SmallThumb item={m} />
            )}{' '}
            <span>{m.caption ?? <span className="muted">{t('versions.noCaption')}</span>}</span>
          </li>
        ))}
      </ol>
      {open !== null && version.media.some((m) => sameId(m.id, open)) && (
        <MediaViewer
          items={version.media}
          id={open}
          onClose={() => {
            setOpen(null);
            opener.current?.focus();
          }}
          onNavigate={setOpen}
          caseVersion={version.version}
          pinVersion
        />
      )}
    </div>
  );
}

/** Side by side: each changed field in both versions, media added and removed, changed captions. */
function ComparisonView({ diff }: { diff: VersionComparison }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const media = (id: Id) => diff.media.find((m) => sameId(m.id, id));
  const nothing =
    diff.fields.length === 0 &&
    diff.mediaAdded.length === 0 &&
    diff.mediaRemoved.length === 0 &&
    diff.captionsChanged.length === 0 &&
    diff.annotations.length === 0 &&
    !diff.orderChanged;
  if (nothing) return <p className="note">{t('versions.noDifferences')}</p>;
  const before = t('caseForm.version', { version: diff.from });
  const after = t('caseForm.version', { version: diff.to });
  return (
    <div className="comparison">
      {diff.fields.length > 0 && (
        <table className="data-table comparison-table">
          <thead>
            <tr>
              <th scope="col">{t('versions.field')}</th>
              <th scope="col">{before}</th>
              <th scope="col">{after}</th>
            </tr>
          </thead>
          <tbody>
            {diff.fields.map((f) => {
              const field = { key: f.key, label: f.label, type: 'text' as const, required: false };
              return (
                <tr key={f.key}>
                  <th scope="row">{localized(f.label, lang)}</th>
                  <td className="diff-before">{displayValue(field, f.before, t, lang) || t('versions.empty')}</td>
                  <td className="diff-after">{displayValue(field, f.after, t, lang) || t('versions.empty')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {diff.mediaAdded.length > 0 && (
        <>
          <h4>{t('versions.mediaAdded')}</h4>
          <ul className="version-media">
            {diff.mediaAdded.map((id) => (
              <li key={String(id)} className="diff-after">
                <SmallThumb item={media(id)} /> {media(id)?.originalFilename}
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.mediaRemoved.length > 0 && (
        <>
          <h4>{t('versions.mediaRemoved')}</h4>
          <ul className="version-media">
            {diff.mediaRemoved.map((id) => (
              <li key={String(id)} className="diff-before">
                <SmallThumb item={media(id)} /> {media(id)?.originalFilename}
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.captionsChanged.length > 0 && (
        <>
          <h4>{t('versions.captionsChanged')}</h4>
          <table className="data-table comparison-table">
            <thead>
              <tr>
                <th scope="col">{t('mediaEdit.caption')}</th>
                <th scope="col">{before}</th>
                <th scope="col">{after}</th>
              </tr>
            </thead>
            <tbody>
              {diff.captionsChanged.map((c) => (
                <tr key={String(c.mediaId)}>
                  <th scope="row">
                    <SmallThumb item={media(c.mediaId)} />
                  </th>
                  <td className="diff-before">{c.before ?? t('versions.noCaption')}</td>
                  <td className="diff-after">{c.after ?? t('versions.noCaption')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {diff.annotations.length > 0 && (
        <>
          <h4>{t('annotations.compareTitle')}</h4>
          <ul className="diff-annotations">
            {diff.annotations.map((change) => (
              <li key={String(change.mediaId)}>
                <SmallThumb item={media(change.mediaId)} />
                <dl>
                  {(['added', 'removed', 'changed'] as const)
                    .filter((what) => change[what].length > 0)
                    .map((what) => (
                      <div key={what}>
                        <dt>{t(`annotations.${what}`)}</dt>
                        <dd className={what === 'removed' ? 'diff-before' : 'diff-after'}>{change[what].map((s) => (s.text ? `${t(`annotations.kind.${s.type}`)} ”${s.text}”` : t(`annotations.kind.${s.type}`))).join(', ')}</dd>
                      </div>
                    ))}
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.orderChanged && <p className="note">{t('versions.orderChanged')}</p>}
    </div>
  );
}

/**
 * The case's versions, newest first: open any one and step to older and newer ones, or compare
 * any two. Loaded on request, since every read is an audited access.
 */
export function CaseHistory({ caseId, currentVersion, status }: { caseId: Id; currentVersion: number; status: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const headingId = useId();
  const fromId = useId();
  const toId = useId();
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<CaseVersionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [viewing, setViewing] = useState<CaseVersionView | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<VersionComparison | null>(null);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setError(null);
    call(client.GET('/api/cases/{id}/versions', { params: caseParams(caseId) }))
      .then((list) => {
        if (cancelled) return;
        setVersions(list);
        setTo(String(list[0]?.version ?? ''));
        setFrom(String(list[1]?.version ?? list[0]?.version ?? ''));
      })
      .catch((err: unknown) => !cancelled && setError(err));
    return () => {
      cancelled = true;
    };
  }, [open, caseId, currentVersion, status]);

  async function show(version: number) {
    setError(null);
    try {
      setViewing(await call(client.GET('/api/cases/{id}/versions/{version}', { params: { path: { id: String(caseId), version } } })));
    } catch (err) {
      setError(err);
    }
  }

  async function onCompare(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setDiff(await call(client.GET('/api/cases/{id}/compare', { params: { ...caseParams(caseId), query: { from: Number(from), to: Number(to) } } })));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="panel case-history" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('versions.title')}</h2>
      {!open ? (
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          {t('versions.load')}
        </button>
      ) : (
        <>
          <ErrorAlert error={error} />
          {versions === null ? (
            <p className="muted">{t('versions.loading')}</p>
          ) : (
            <>
              {/* Not an <ol>: its numbers would count against the version numbers ("1. Visa version 2"). */}
              <ul className="version-list">
                {versions.map((v) => (
                  <li key={v.version}>
                    <button type="button" className="link-button" onClick={() => void show(v.version)}>
                      {t('versions.show', { version: v.version })}
                    </button>{' '}
                    <span className="muted">
                      {v.status === 'signed'
                        ? t('versions.signedBy', { name: v.signedByName ?? '', date: formatDateTime(v.signedAt, locale) })
                        : t('cases.status.draft')}
                      {v.current ? ` (${t('versions.current')})` : ''}
                    </span>
                  </li>
                ))}
              </ul>
              {viewing && (
                <VersionView
                  version={viewing}
                  versions={versions.map((v) => v.version)}
                  onStep={(v) => void show(v)}
                  onClose={() => setViewing(null)}
                />
              )}
              {versions.length > 1 && (
                <form className="compare-form" onSubmit={(e) => void onCompare(e)}>
                  <h3>{t('versions.compareTitle')}</h3>
                  <div className="input-row">
                    <label htmlFor={fromId}>{t('versions.from')}</label>
                    <select id={fromId} value={from} onChange={(e) => setFrom(e.target.value)}>
                      {versions.map((v) => (
                        <option key={v.version} value={v.version}>
                          {v.version}
                        </option>
                      ))}
                    </select>
                    <label htmlFor={toId}>{t('versions.to')}</label>
                    <select id={toId} value={to} onChange={(e) => setTo(e.target.value)}>
                      {versions.map((v) => (
                        <option key={v.version} value={v.version}>
                          {v.version}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button-primary">
                      {t('versions.compare')}
                    </button>
                  </div>
                </form>
              )}
              {diff && <ComparisonView diff={diff} />}
            </>
          )}
        </>
      )}
    </section>
  );
}
