import { useId, useMemo, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../../i18n/looking';
import './looking.css';
import { call, client } from '../../api';
import { useSession } from '../../session';
import { casePath, departmentName, formatDateTime, mediaPath } from '../../media';
import type { ApiResponse } from '../../types';
import { caseFormName } from '../../forms';
import { ErrorAlert, Loading, PageHeading, useLoad, usePageTitle } from '../../components/common';
import { ComparePanel, type CompareImage } from './ComparePanel';
import { CaseStatusBadge, readPatientState, useLocale } from './shared';

type Timeline = ApiResponse<'/api/patients/{id}/timeline', 'get'>;
type Localized = { sv: string; nb?: string; en?: string };

const pick = (text: Localized, lang: string) => (lang === 'nb' ? text.nb : lang === 'en' ? text.en : undefined) ?? text.sv;

/** The day an image belongs to: its capture time, else when it was uploaded, in the browser's zone. */
const dayOf = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * A patient's images over time (issue 19): every image of the cases the user may read, grouped by
 * day, filtered by a form field's value (e.g. the body site); two or more are compared side by side.
 */
export function TimelinePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('looking.timeline.title'));
  const { id = '' } = useParams();
  const location = useLocation();
  const patient = readPatientState(location.state);
  const { user } = useSession();
  const locale = useLocale();
  const lang = i18n.resolvedLanguage ?? 'sv';
  const ids = { field: useId(), value: useId() };
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [comparing, setComparing] = useState(false);

  const { data, error, loading } = useLoad<Timeline>(() => call(client.GET('/api/patients/{id}/timeline', { params: { path: { id } } })), [id]);

  const cases = useMemo(() => new Map((data?.cases ?? []).map((c) => [String(c.id), c])), [data]);
  // The fields any case has a value in, by key, with the values seen.
  const fields = useMemo(() => {
    const out = new Map<string, { label: Localized; values: Map<string, Localized> }>();
    for (const c of data?.cases ?? []) {
      for (const f of c.fields) {
        const entry = out.get(f.key) ?? { label: f.label, values: new Map() };
        for (const v of f.values) entry.values.set(v.sv, v);
        out.set(f.key, entry);
      }
    }
    return out;
  }, [data]);

  const matches = (caseId: string) => {
    if (!field) return true;
    const f = cases.get(caseId)?.fields.find((x) => x.key === field);
    if (!f) return false;
    return !value || f.values.some((v) => v.sv === value);
  };
  const images = (data?.images ?? []).filter((image) => matches(String(image.caseId)));
  const groups: { day: string; images: typeof images }[] = [];
  for (const image of images) {
    const day = dayOf(image.capturedAt ?? image.createdAt);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.images.push(image);
    else groups.push({ day, images: [image] });
  }

  const labelOf = (image: (typeof images)[number]) => {
    const c = cases.get(String(image.caseId));
    const when = formatDateTime(image.capturedAt ?? image.createdAt, locale);
    return [when, c && caseFormName(c, lang), image.caption].filter(Boolean).join(' · ');
  };
  const toggle = (mediaId: string) => setSelected((s) => (s.includes(mediaId) ? s.filter((x) => x !== mediaId) : [...s, mediaId]));
  const compareImages: CompareImage[] = (data?.images ?? [])
    .filter((image) => selected.includes(String(image.mediaId)))
    // Oldest first: the follow-up reads left to right.
    .reverse()
    .map((image) => ({ mediaId: String(image.mediaId), label: labelOf(image) }));

  return (
    <div className="page">
      <PageHeading>
        {t('looking.timeline.title')}
        {patient && <span className="mono"> {patient.identifier}</span>}
      </PageHeading>
      <p className="muted">{t('looking.timeline.intro')}</p>
      <ErrorAlert error={error} />
      {loading && !data && <Loading />}
      {data && (
        <section className="panel" aria-busy={loading}>
          {data.hiddenConfidential > 0 && (
            <p className="notice" role="note">
              <span className="badge badge-confidential">{t('search.confidential')}</span> {t('looking.timeline.hiddenConfidential', { count: data.hiddenConfidential })}
            </p>
          )}
          {fields.size > 0 && (
            <div className="filter-grid">
              <div className="field">
                <label htmlFor={ids.field}>{t('looking.timeline.filterField')}</label>
                <select
                  id={ids.field}
                  value={field}
                  onChange={(e) => {
                    setField(e.target.value);
                    setValue('');
                  }}
                >
                  <option value="">{t('looking.timeline.allFields')}</option>
                  {[...fields].map(([key, f]) => (
                    <option key={key} value={key}>
                      {pick(f.label, lang)}
                    </option>
                  ))}
                </select>
              </div>
              {field && (
                <div className="field">
                  <label htmlFor={ids.value}>{t('looking.timeline.filterValue')}</label>
                  <select id={ids.value} value={value} onChange={(e) => setValue(e.target.value)}>
                    <option value="">{t('looking.timeline.allValues')}</option>
                    {[...(fields.get(field)?.values ?? new Map<string, Localized>())].map(([key, v]) => (
                      <option key={key} value={key}>
                        {pick(v, lang)}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </div>
          )}
          {images.length === 0 ? (
            <p className="muted" role="status">
              {t('looking.timeline.none')}
            </p>
          ) : (
            groups.map((group) => (
              <section key={group.day} className="timeline-day" aria-label={group.day}>
                <h3>
                  <time dateTime={group.day}>{new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(new Date(`${group.day}T12:00:00`))}</time>
                </h3>
                <ul className="timeline-grid">
                  {group.images.map((image) => {
                    const mediaId = String(image.mediaId);
                    const c = cases.get(String(image.caseId));
                    const isSelected = selected.includes(mediaId);
                    const label = labelOf(image);
                    return (
                      <li key={mediaId} className={isSelected ? 'timeline-item is-selected' : 'timeline-item'} data-testid="timeline-item">
                        <img src={mediaPath(mediaId, 'thumbnail')} alt={label} loading="lazy" />
                        <label className="timeline-select">
                          <input type="checkbox" checked={isSelected} onChange={() => toggle(mediaId)} />
                          <span className="visually-hidden">{t('looking.timeline.select', { name: label })}</span>
                          <span aria-hidden="true">{formatDateTime(image.capturedAt ?? image.createdAt, locale)}</span>
                        </label>
                        <div className="timeline-meta">
                          {c && (
                            <>
                              <Link to={casePath(c.id)} state={location.state}>
                                {caseFormName(c, lang) ?? t('looking.timeline.case')}
                              </Link>{' '}
                              <span className="muted">
                                {departmentName(user, c.departmentId) ?? ''} · {t('looking.timeline.version', { version: c.version })}
                              </span>{' '}
                              <CaseStatusBadge status={c.status} />
                            </>
                          )}
                          {image.caption && <div>{image.caption}</div>}
                        </div>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))
          )}
          <div className="timeline-bar">
            <span role="status">{t('looking.timeline.selected', { count: selected.length })}</span>
            <button type="button" className="button-primary" disabled={selected.length < 2} onClick={() => setComparing(true)}>
              {t('looking.timeline.compare')}
            </button>
            {selected.length > 0 && (
              <button type="button" className="button-secondary" onClick={() => setSelected([])}>
                {t('looking.timeline.clear')}
              </button>
            )}
            {selected.length < 2 && <span className="muted">{t('looking.timeline.compareHint')}</span>}
          </div>
        </section>
      )}
      {comparing && compareImages.length >= 2 && <ComparePanel images={compareImages} onClose={() => setComparing(false)} />}
    </div>
  );
}
