import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, PointerEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../../i18n/deidentify';
import '../../i18n/consents';
import { ApiError, call, client } from '../../api';
import { CollectionField } from '../../components/CollectionField';
import { bystanderRefusal, bystandersBody, ShownBystanders, type BystandersAnswer } from '../../components/ShownBystanders';
import { ErrorAlert, Loading, PageHeading, StatusMessage, useLoad, usePageTitle } from '../../components/common';
import { casePath, formatDuration, mediaPath } from '../../media';
import './deidentify.css';

type Effect = 'black' | 'blur' | 'pixelate';
type Tool = 'rect' | 'freehand' | 'crop';
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
type Region = ({ shape: 'rect' } & Box & { effect: Effect }) | { shape: 'freehand'; points: [number, number][]; effect: Effect };
interface Face extends Box {
  score: number;
}

const REASONS = ['none', 'scope', 'revoked', 'expired', 'not_yet_valid', 'not_found'] as const;

/** The rectangle between two points, in whole pixels inside the picture. */
function boxBetween(a: { x: number; y: number }, b: { x: number; y: number }, width: number, height: number): Box {
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
  const x0 = clamp(Math.min(a.x, b.x), width);
  const y0 = clamp(Math.min(a.y, b.y), height);
  const x1 = clamp(Math.max(a.x, b.x), width);
  const y1 = clamp(Math.max(a.y, b.y), height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** At most `max` points of a drawn outline, evenly taken. */
function thin(points: [number, number][], max = 400): [number, number][] {
  if (points.length <= max) return points;
  const step = points.length / max;
  return Array.from({ length: max }, (_, i) => points[Math.floor(i * step)]!);
}

/**
 * The de-identification editor (M9): regions drawn over the picture (or a video's poster frame) in an
 * SVG layer in the picture's own pixels — rectangles and freehand outlines, blurred, pixelated or
 * blacked out — a crop, a trim for a video, and faces suggested by the server for the user to accept.
 * Only the geometry is sent: the server checks it and orders the copy, a background job makes it from
 * the cleaned original with sharp or ffmpeg, and the page follows the order (waiting, being made) until
 * it shows the copy as the server stored it, or why it could not be made.
 */
export function DeidentifyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('deidentify.title'));
  const ids = { tool: useId(), effect: useId(), collection: useId(), title: useId(), description: useId(), start: useId(), end: useId(), hint: useId() };
  const { data: media, error: loadError } = useLoad(() => call(client.GET('/api/media/{id}', { params: { path: { id } } })), [id]);
  const { data: collections } = useLoad(() => call(client.GET('/api/collections')), []);
  // The patient's bystander consents are offered for the persons the copy still shows.
  const { data: sourceCase } = useLoad(() => (media ? call(client.GET('/api/cases/{id}', { params: { path: { id: String(media.caseId) } } })) : Promise.resolve(null)), [media ? String(media.caseId) : '']);
  const [bystanders, setBystanders] = useState<BystandersAnswer | null>(null);
  const [tool, setTool] = useState<Tool>('rect');
  const [chosenEffect, setEffect] = useState<Effect>('black');
  const [regions, setRegions] = useState<Region[]>([]);
  const [crop, setCrop] = useState<Box | null>(null);
  const [draft, setDraft] = useState<{ box?: Box; points?: [number, number][] } | null>(null);
  const [faces, setFaces] = useState<Face[] | null>(null);
  const [looking, setLooking] = useState(false);
  const [trimStart, setTrimStart] = useState('');
  const [trimEnd, setTrimEnd] = useState('');
  const [collectionId, setCollectionId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ id: string; kind: string; collection: string } | null>(null);
  /** The order's progress while the server makes the copy. */
  const [progress, setProgress] = useState<'sending' | 'queued' | 'running' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);
  const stage = useRef<SVGSVGElement>(null);
  const from = useRef<{ x: number; y: number } | null>(null);

  if (loadError) return <div className="page"><PageHeading>{t('deidentify.title')}</PageHeading><ErrorAlert error={loadError} /></div>;
  if (!media) return <div className="page"><Loading /></div>;
  const width = media.width ?? 0;
  const height = media.height ?? 0;
  const video = media.kind === 'video';
  const editable = (media.kind === 'image' || video) && media.status === 'ready' && width > 0 && height > 0;
  const effect: Effect = video ? 'black' : chosenEffect;
  const chosenCollection = collectionId || (collections?.[0] ? String(collections[0].id) : '');
  // The web-size picture (a video's poster frame) once it is made; the original picture until then.
  const picture = video ? mediaPath(media.id, 'poster') : media.derivatives.preview ? mediaPath(media.id, 'preview') : mediaPath(media.id, 'original');

  /** The pointer's position in the picture's own pixels. */
  function pointAt(e: PointerEvent): { x: number; y: number } {
    const box = stage.current!.getBoundingClientRect();
    return { x: ((e.clientX - box.left) / box.width) * width, y: ((e.clientY - box.top) / box.height) * height };
  }

  function onPointerDown(e: PointerEvent<SVGSVGElement>) {
    if (e.button !== 0) return;
    const at = pointAt(e);
    from.current = at;
    setDraft(tool === 'freehand' && !video ? { points: [[Math.round(at.x), Math.round(at.y)]] } : { box: { x: at.x, y: at.y, width: 0, height: 0 } });
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  }

  function onPointerMove(e: PointerEvent<SVGSVGElement>) {
    if (!from.current || !draft) return;
    const at = pointAt(e);
    if (draft.points) {
      const last = draft.points.at(-1)!;
      if (Math.hypot(at.x - last[0], at.y - last[1]) < Math.max(1, width / 300)) return;
      const x = Math.max(0, Math.min(width, Math.round(at.x)));
      const y = Math.max(0, Math.min(height, Math.round(at.y)));
      setDraft({ points: [...draft.points, [x, y]] });
    } else setDraft({ box: boxBetween(from.current, at, width, height) });
  }

  function onPointerUp() {
    const done = draft;
    from.current = null;
    setDraft(null);
    if (!done) return;
    if (done.points) {
      if (done.points.length >= 3) setRegions((r) => [...r, { shape: 'freehand', points: thin(done.points!), effect }]);
      return;
    }
    const box = done.box!;
    if (box.width < 2 || box.height < 2) return;
    if (tool === 'crop') setCrop(box);
    else setRegions((r) => [...r, { shape: 'rect', ...box, effect }]);
  }

  async function suggestFaces() {
    setLooking(true);
    setError(null);
    try {
      setFaces(await call(client.POST('/api/media/{id}/face-suggestions', { params: { path: { id } } })));
    } catch (err) {
      setError(err);
    } finally {
      setLooking(false);
    }
  }

  function acceptFace(face: Face) {
    setRegions((r) => [...r, { shape: 'rect', x: face.x, y: face.y, width: face.width, height: face.height, effect }]);
    setFaces((f) => f?.filter((x) => x !== face) ?? null);
  }

  async function onSave(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setRefusal(null);
    setSaved(null);
    setFailure(null);
    setProgress('sending');
    const seconds = (text: string) => Math.round(Number(text.replace(',', '.')) * 1000);
    if (!bystanders) {
      setSaving(false);
      setProgress(null);
      setRefusal(t('consent.bystanders.choose'));
      return;
    }
    const trim = video && (trimStart.trim() || trimEnd.trim()) ? { startMs: trimStart.trim() ? seconds(trimStart) : 0, endMs: trimEnd.trim() ? seconds(trimEnd) : media!.durationMs ?? 0 } : undefined;
    try {
      let order = await call(
        client.POST('/api/media/{id}/deidentified-copies', {
          params: { path: { id } },
          body: {
            collectionId: chosenCollection,
            bystanders: bystandersBody(bystanders),
            regions,
            ...(crop ? { crop } : {}),
            ...(trim ? { trim } : {}),
            ...(title.trim() ? { title } : {}),
            ...(description.trim() ? { description } : {}),
          },
        }),
      );
      // The copy is made by a background job: the order is followed until it is done or has failed.
      setProgress(order.status === 'running' ? 'running' : 'queued');
      while (order.status === 'queued' || order.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 700));
        if (!mounted.current) return;
        const orderId = order.id;
        order = await call(client.GET('/api/deidentify-orders/{id}', { params: { path: { id: orderId } } }));
        if (order.status === 'queued' || order.status === 'running') setProgress(order.status);
      }
      if (order.status === 'done' && order.copy) {
        setSaved({ id: order.copy.id, kind: order.copy.kind, collection: collections?.find((c) => String(c.id) === chosenCollection)?.name ?? '' });
      } else {
        const code = order.error?.code ?? 'internal_error';
        setFailure(t(`errors.${code}`, { defaultValue: order.error?.message || t('errors.internal_error') }));
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'consent_required') {
        const reason = String(err.body.reason ?? 'none');
        setRefusal(reason === 'bystander' ? bystanderRefusal(t, err.body) : (REASONS as readonly string[]).includes(reason) ? t(`consent.copy.reasons.${reason}`) : t('errors.consent_required'));
      } else if (err instanceof ApiError && err.code === 'identifier_in_text') {
        const fields = (Array.isArray(err.body.fields) ? err.body.fields : []).map((f) => t(`deidentify.fieldNames.${String(f)}`));
        setRefusal(`${t('errors.identifier_in_text')} ${t('deidentify.identifierFields', { fields: fields.join(', ') })}`);
      } else setError(err);
    } finally {
      if (mounted.current) {
        setSaving(false);
        setProgress(null);
      }
    }
  }

  const stroke = Math.max(1, Math.round(Math.max(width, height) / 300));
  const fillOf = (e: Effect) => (e === 'black' ? 'rgba(0,0,0,0.85)' : e === 'blur' ? 'rgba(120,160,220,0.55)' : 'rgba(220,160,60,0.55)');
  return (
    <div className="page deidentify-page">
      <PageHeading>{t('deidentify.title')}</PageHeading>
      <p className="hint">{t('deidentify.intro')}</p>
      <p>
        <Link to={casePath(media.caseId)}>{t('deidentify.back')}</Link>
      </p>
      {!editable ? (
        <p className="alert alert-error">{t('deidentify.notEditable')}</p>
      ) : (
        <div className="deidentify-layout">
          <section className="panel deidentify-stage-panel">
            <div className="deidentify-tools">
              <fieldset>
                <legend id={ids.tool}>{t('deidentify.tool')}</legend>
                {(['rect', ...(video ? [] : ['freehand']), 'crop'] as Tool[]).map((name) => (
                  <label key={name} className="deidentify-choice">
                    <input type="radio" name="deidentify-tool" value={name} checked={tool === name} onChange={() => setTool(name)} />
                    {t(`deidentify.tools.${name}`)}
                  </label>
                ))}
              </fieldset>
              {video ? (
                <p className="hint">{t('deidentify.videoEffect')}</p>
              ) : (
                <div className="field">
                  <label htmlFor={ids.effect}>{t('deidentify.effect')}</label>
                  <select id={ids.effect} value={chosenEffect} onChange={(e) => setEffect(e.target.value as Effect)}>
                    {(['black', 'blur', 'pixelate'] as const).map((name) => (
                      <option key={name} value={name}>
                        {t(`deidentify.effects.${name}`)}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </div>
            <p className="hint" id={ids.hint}>
              {t('deidentify.help')}
            </p>
            <div className="deidentify-frame">
              <div className="deidentify-stage">
                <img src={picture} alt={media.originalFilename} draggable={false} />
                <svg
                  ref={stage}
                  viewBox={`0 0 ${width} ${height}`}
                  preserveAspectRatio="none"
                  role="img"
                  aria-describedby={ids.hint}
                  aria-label={t('deidentify.regions')}
                  data-testid="deidentify-stage"
                  onPointerDown={onPointerDown}
                  onPointerMove={onPointerMove}
                  onPointerUp={onPointerUp}
                  onPointerCancel={onPointerUp}
                >
                  {crop && (
                    <path
                      d={`M0 0H${width}V${height}H0Z M${crop.x} ${crop.y}v${crop.height}h${crop.width}v${-crop.height}Z`}
                      fill="rgba(20,26,33,0.6)"
                      fillRule="evenodd"
                    />
                  )}
                  {regions.map((r, i) =>
                    r.shape === 'rect' ? (
                      <rect key={i} x={r.x} y={r.y} width={r.width} height={r.height} fill={fillOf(r.effect)} stroke="#fff" strokeWidth={stroke} />
                    ) : (
                      <polygon key={i} points={r.points.map((p) => p.join(',')).join(' ')} fill={fillOf(r.effect)} stroke="#fff" strokeWidth={stroke} />
                    ),
                  )}
                  {faces?.map((f, i) => (
                    <rect key={`face-${i}`} x={f.x} y={f.y} width={f.width} height={f.height} fill="none" stroke="#ffd54a" strokeWidth={stroke * 2} strokeDasharray={`${stroke * 6} ${stroke * 4}`} />
                  ))}
                  {draft?.box && <rect x={draft.box.x} y={draft.box.y} width={draft.box.width} height={draft.box.height} fill={tool === 'crop' ? 'none' : fillOf(effect)} stroke="#fff" strokeWidth={stroke} strokeDasharray={`${stroke * 4} ${stroke * 3}`} />}
                  {draft?.points && <polyline points={draft.points.map((p) => p.join(',')).join(' ')} fill="none" stroke="#fff" strokeWidth={stroke * 2} />}
                  {crop && <rect x={crop.x} y={crop.y} width={crop.width} height={crop.height} fill="none" stroke="#7fd1ff" strokeWidth={stroke * 2} />}
                </svg>
              </div>
            </div>
            {!video && (
              <div className="button-row">
                <button type="button" className="button-secondary" disabled={looking} onClick={() => void suggestFaces()}>
                  {looking ? t('deidentify.facesLooking') : t('deidentify.faces')}
                </button>
              </div>
            )}
            {faces && (
              <div className="deidentify-faces" data-testid="face-suggestions">
                <p>{faces.length === 0 ? t('deidentify.facesNone') : t('deidentify.facesFound', { count: faces.length })}</p>
                <ul>
                  {faces.map((f, i) => (
                    <li key={i}>
                      {t('deidentify.face', { n: i + 1, score: Math.round(f.score * 100) })}{' '}
                      <button type="button" className="button-secondary" onClick={() => acceptFace(f)}>
                        {t('deidentify.accept')}
                      </button>{' '}
                      <button type="button" className="button-link" onClick={() => setFaces((all) => all?.filter((x) => x !== f) ?? null)}>
                        {t('deidentify.reject')}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>

          <form className="panel deidentify-form" onSubmit={(e) => void onSave(e)}>
            <h2>{t('deidentify.regions')}</h2>
            {regions.length === 0 ? (
              <p className="muted">{t('deidentify.noRegions')}</p>
            ) : (
              <ol className="deidentify-regions" data-testid="deidentify-regions">
                {regions.map((r, i) => (
                  <li key={i}>
                    {t('deidentify.region', { n: i + 1, shape: t(`deidentify.tools.${r.shape}`), effect: t(`deidentify.effects.${r.effect}`) })}{' '}
                    <button type="button" className="button-link" onClick={() => setRegions((all) => all.filter((_, j) => j !== i))}>
                      {t('deidentify.remove')}
                    </button>
                  </li>
                ))}
              </ol>
            )}
            <p>
              {crop ? t('deidentify.crop', { width: crop.width, height: crop.height }) : t('deidentify.noCrop')}{' '}
              {crop && (
                <button type="button" className="button-link" onClick={() => setCrop(null)}>
                  {t('deidentify.clearCrop')}
                </button>
              )}
            </p>
            {video && (
              <fieldset>
                <legend>{t('deidentify.trim')}</legend>
                <p className="hint">{t('deidentify.trimHelp', { duration: formatDuration(media.durationMs ?? 0) })}</p>
                <div className="deidentify-trim">
                  <div className="field">
                    <label htmlFor={ids.start}>{t('deidentify.trimStart')}</label>
                    <input id={ids.start} inputMode="decimal" value={trimStart} onChange={(e) => setTrimStart(e.target.value)} />
                  </div>
                  <div className="field">
                    <label htmlFor={ids.end}>{t('deidentify.trimEnd')}</label>
                    <input id={ids.end} inputMode="decimal" value={trimEnd} onChange={(e) => setTrimEnd(e.target.value)} />
                  </div>
                </div>
              </fieldset>
            )}
            {collections && collections.length === 0 ? (
              <p className="muted">{t('deidentify.noCollections')}</p>
            ) : (
              <CollectionField id={ids.collection} label={t('deidentify.collection')} collections={collections} value={chosenCollection} onChange={setCollectionId} />
            )}
            <ShownBystanders patientId={sourceCase?.patient ? String(sourceCase.patient.id) : null} value={bystanders} onChange={setBystanders} copy />
            <p className="hint">{t('deidentify.textHint')}</p>
            <div className="field">
              <label htmlFor={ids.title}>{t('deidentify.copyTitle')}</label>
              <input id={ids.title} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.description}>{t('deidentify.copyDescription')}</label>
              <textarea id={ids.description} value={description} maxLength={4000} rows={3} onChange={(e) => setDescription(e.target.value)} />
            </div>
            {refusal && (
              <div className="alert alert-error" role="alert" data-testid="deidentify-refusal">
                <p>
                  <strong>{t('deidentify.refused')}</strong> {refusal}
                </p>
              </div>
            )}
            {failure && (
              <div className="alert alert-error" role="alert" data-testid="deidentify-failed">
                <p>
                  <strong>{t('deidentify.failed')}</strong> {failure}
                </p>
              </div>
            )}
            <ErrorAlert error={error} detail />
            <StatusMessage>
              {progress === 'sending' ? t('deidentify.sending') : progress === 'queued' ? t('deidentify.queued') : progress === 'running' ? t('deidentify.saving') : saved ? t('deidentify.saved', { name: saved.collection }) : ''}
            </StatusMessage>
            {progress && <progress className="deidentify-progress" data-testid="deidentify-progress" data-status={progress} aria-label={t('deidentify.progress')} />}
            <button type="submit" className="button-primary" disabled={saving || !chosenCollection || !bystanders || (regions.length === 0 && !crop && !trimStart && !trimEnd)}>
              {t('deidentify.save')}
            </button>
          </form>
        </div>
      )}
      {saved && (
        <section className="panel deidentify-result" data-testid="deidentify-result">
          <h2>{t('deidentify.savedCopy')}</h2>
          {saved.kind === 'video' ? (
            <video src={`/api/deidentified-copies/${encodeURIComponent(saved.id)}/file`} controls preload="metadata" />
          ) : (
            <img src={`/api/deidentified-copies/${encodeURIComponent(saved.id)}/file`} alt={t('deidentify.alt')} />
          )}
          <p>
            <Link to="/teaching">{t('deidentify.toTeaching')}</Link>
          </p>
        </section>
      )}
    </div>
  );
}

/** "Avidentifiera kopia" on the case page: a link to the editor for each ready picture and video. */
export function DeidentifyLinks({ items }: { items: { id: string; kind: string; status: string; originalFilename: string }[] }) {
  const { t } = useTranslation();
  const ready = items.filter((m) => (m.kind === 'image' || m.kind === 'video') && m.status === 'ready');
  if (ready.length === 0) return null;
  return (
    <section className="panel deidentify-links" data-testid="deidentify-links">
      <h2>{t('deidentify.casePanel')}</h2>
      <p className="hint">{t('deidentify.casePanelIntro')}</p>
      <ul>
        {ready.map((m) => (
          <li key={m.id}>
            <Link to={`/media/${encodeURIComponent(m.id)}/deidentify`} aria-label={t('deidentify.openFor', { name: m.originalFilename })}>
              {t('deidentify.open')}
            </Link>{' '}
            <span className="muted">{m.originalFilename}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
