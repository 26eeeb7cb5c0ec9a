import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api';
import { ErrorAlert, StatusMessage } from '../../components/common';
import { ReasonField } from '../../components/reason';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../media';
import type { Id, MediaView } from '../../types';
import { useLocale } from './shared';
import '../../i18n/case-copies';

type Kind = 'print' | 'export' | 'download';
interface Reason {
  code: string;
  label: string;
  labelNb?: string;
  labelEn?: string;
  textRequired: boolean;
}
interface Copy {
  id: string;
  kind: 'print' | 'export' | 'download';
  reason: string;
  reasonCode: string;
  reasonText: string | null;
  recipient: string | null;
  watermark: boolean;
  madeByName: string | null;
  madeAt: string;
}

const TEXT_MAX = 1000;

function reasonLabel(reason: Reason | undefined, fallback: string): string {
  if (!reason) return fallback;
  const lang = currentLanguage();
  return (lang === 'nb' ? reason.labelNb : lang === 'en' ? reason.labelEn : undefined) ?? reason.label;
}

/** Hands the browser a file the API answered with, as a download. */
function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const filenameOf = (response: Response, fallback: string) => /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallback;

/**
 * "Skriv ut" and "Exportera" on a case (M7): a dialog asks for the reason (the configured list and
 * free text) and to whom, the server makes the PDF or ZIP and records the copy, and the browser
 * downloads it. Below, the copies given out: who, when, what, why and to whom.
 */
export function CaseCopies({ caseId, media }: { caseId: Id; media: MediaView[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const heading = useId();
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [copies, setCopies] = useState<Copy[] | null>(null);
  const [dialog, setDialog] = useState<Kind | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  const load = useCallback(async () => {
    try {
      setCopies((await call(client.GET('/api/cases/{id}/copies', { params: { path: { id: String(caseId) } } }))) as Copy[]);
    } catch (err) {
      setError(err);
    }
  }, [caseId]);

  useEffect(() => {
    void load();
    call(client.GET('/api/copy-reasons')).then((r) => setReasons(r as Reason[]), setError);
  }, [load]);

  const byCode = new Map(reasons.map((r) => [r.code, r]));
  return (
    <section className="panel case-copies" aria-labelledby={heading}>
      <h2 id={heading}>{t('caseCopies.copiesTitle')}</h2>
      <div className="print-actions">
        <button type="button" className="button-secondary" onClick={(e) => { opener.current = e.currentTarget; setStatus(''); setDialog('print'); }}>
          {t('caseCopies.print')}
        </button>
        <button type="button" className="button-secondary" onClick={(e) => { opener.current = e.currentTarget; setStatus(''); setDialog('export'); }}>
          {t('caseCopies.export')}
        </button>
        {media.some((m) => m.status === 'ready') && (
          <button type="button" className="button-secondary" onClick={(e) => { opener.current = e.currentTarget; setStatus(''); setDialog('download'); }}>
            {t('caseCopies.download')}
          </button>
        )}
      </div>
      <StatusMessage>{status}</StatusMessage>
      <ErrorAlert error={error} />
      {copies && copies.length === 0 && <p className="muted">{t('caseCopies.none')}</p>}
      {copies && copies.length > 0 && (
        <ul className="copy-list" data-testid="case-copies">
          {copies.map((c) => (
            <li key={c.id}>
              <strong>
                {t(`caseCopies.kind_${c.kind}`)}
                {c.watermark ? ` (${t('caseCopies.watermarked')})` : ''}
              </strong>{' '}
              · {formatDateTime(c.madeAt, locale)} · {c.madeByName ?? ''}
              <br />
              {t('caseCopies.why')}: {reasonLabel(byCode.get(c.reasonCode), c.reason)}
              {c.reasonText ? ` – ${c.reasonText}` : ''}
              {c.recipient ? (
                <>
                  <br />
                  {t('caseCopies.toWhom')}: {c.recipient}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {dialog && (
        <CopyDialog
          kind={dialog}
          caseId={caseId}
          media={media.filter((m) => m.status === 'ready')}
          reasons={reasons}
          onClose={() => {
            setDialog(null);
            opener.current?.focus();
          }}
          onMade={() => {
            setStatus(t('caseCopies.done'));
            void load();
          }}
        />
      )}
    </section>
  );
}

function CopyDialog({ kind, caseId, media, reasons, onClose, onMade }: { kind: Kind; caseId: Id; media: MediaView[]; reasons: Reason[]; onClose(): void; onMade(): void }) {
  const { t } = useTranslation();
  const ids = { title: useId(), intro: useId(), reasons: useId(), reasonError: useId(), details: useId(), recipient: useId(), watermark: useId(), file: useId() };
  const dialogRef = useRef<HTMLDialogElement>(null);
  const firstChoice = useRef<HTMLInputElement>(null);
  const detailsRef = useRef<HTMLTextAreaElement>(null);
  const [choice, setChoice] = useState('');
  const [details, setDetails] = useState('');
  const [recipient, setRecipient] = useState('');
  const [watermark, setWatermark] = useState(false);
  const [file, setFile] = useState(media[0] ? String(media[0].id) : '');
  const [chosenFiles, setChosenFiles] = useState<Set<string>>(() => new Set(media.map((m) => String(m.id))));
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [detailsError, setDetailsError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    firstChoice.current?.focus();
  }, []);

  const chosen = reasons.find((r) => r.code === choice);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setChoiceError(null);
    setDetailsError(null);
    if (!chosen) {
      setChoiceError(t('caseCopies.chooseReason'));
      firstChoice.current?.focus();
      return;
    }
    if (chosen.textRequired && details.trim().split(/\s+/).filter((w) => w.length >= 2).length < 2) {
      setDetailsError(t('caseCopies.detailsRequired'));
      detailsRef.current?.focus();
      return;
    }
    const body = {
      reasonCode: chosen.code,
      ...(details.trim() ? { reasonText: details.trim() } : {}),
      ...(recipient.trim() ? { recipient: recipient.trim() } : {}),
      // Every file unless some were left out.
      ...(kind !== 'download' && chosenFiles.size < media.length ? { mediaIds: media.map((m) => String(m.id)).filter((id) => chosenFiles.has(id)) } : {}),
    };
    const params = { path: { id: String(caseId) } };
    setBusy(true);
    try {
      if (kind === 'download') {
        // The original to keep: the same reason, asked by the original's own route (download=1).
        const answer = await client.GET('/api/media/{id}/original', { params: { path: { id: file }, query: { download: '1', ...body } }, parseAs: 'blob' });
        const blob = (await call(Promise.resolve(answer))) as Blob;
        save(blob, media.find((m) => String(m.id) === file)?.originalFilename ?? 'original');
      } else {
        const answer =
          kind === 'print'
            ? await client.POST('/api/cases/{id}/print', { params, body, parseAs: 'blob' })
            : await client.POST('/api/cases/{id}/export', { params, body: { ...body, watermark }, parseAs: 'blob' });
        const blob = (await call(Promise.resolve(answer))) as Blob;
        save(blob, filenameOf(answer.response, kind === 'print' ? 'arende.pdf' : 'arende.zip'));
      }
    } catch (err) {
      setBusy(false);
      setError(err);
      return;
    }
    onMade();
    dialogRef.current?.close();
  }

  return (
    <dialog
      ref={dialogRef}
      className="print-dialog"
      aria-labelledby={ids.title}
      aria-describedby={ids.intro}
      onClose={onClose}
      onCancel={(e) => {
        if (busy) e.preventDefault();
      }}
      data-testid="copy-dialog"
    >
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <h2 id={ids.title}>{t(`caseCopies.${kind}Title`)}</h2>
        <p id={ids.intro}>{t('caseCopies.intro')}</p>
        <ErrorAlert error={error} detail />
        {kind === 'download' && (
          <div className="field">
            <label htmlFor={ids.file}>{t('caseCopies.file')}</label>
            <select id={ids.file} value={file} onChange={(e) => setFile(e.target.value)}>
              {media.map((m) => (
                <option key={String(m.id)} value={String(m.id)}>
                  {m.caption ? `${m.caption} (${m.originalFilename})` : m.originalFilename}
                </option>
              ))}
            </select>
          </div>
        )}
        {kind !== 'download' && media.length > 1 && (
          <fieldset className="field">
            <legend>{t('caseCopies.files')}</legend>
            <div className="choice-list">
              {media.map((m) => (
                <label key={String(m.id)} className="choice">
                  <input
                    type="checkbox"
                    checked={chosenFiles.has(String(m.id))}
                    onChange={(e) => {
                      const next = new Set(chosenFiles);
                      if (e.target.checked) next.add(String(m.id));
                      else next.delete(String(m.id));
                      setChosenFiles(next);
                    }}
                  />{' '}
                  {m.caption ? `${m.caption} (${m.originalFilename})` : m.originalFilename}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <fieldset className={choiceError ? 'field field-invalid' : 'field'} aria-describedby={choiceError ? ids.reasonError : undefined}>
          <legend>{t('caseCopies.reason')}</legend>
          <div className="choice-list">
            {reasons.map((r, i) => (
              <label key={r.code} className="choice">
                <input
                  ref={i === 0 ? firstChoice : undefined}
                  type="radio"
                  name={ids.reasons}
                  value={r.code}
                  checked={choice === r.code}
                  required
                  onChange={() => {
                    setChoice(r.code);
                    setChoiceError(null);
                    if (!r.textRequired) setDetailsError(null);
                  }}
                />{' '}
                {reasonLabel(r, r.label)}
              </label>
            ))}
          </div>
          {choiceError && (
            <p className="field-error" id={ids.reasonError} role="alert">
              {choiceError}
            </p>
          )}
        </fieldset>
        <ReasonField
          id={ids.details}
          label={t('caseCopies.details')}
          hint={t('caseCopies.detailsHint')}
          inputRef={detailsRef}
          rows={3}
          maxLength={TEXT_MAX}
          value={details}
          required={chosen?.textRequired ?? false}
          error={detailsError}
          onChange={(value) => {
            setDetails(value);
            setDetailsError(null);
          }}
        />
        <div className="field">
          <label htmlFor={ids.recipient}>{t('caseCopies.recipient')}</label>
          <input id={ids.recipient} type="text" maxLength={300} value={recipient} onChange={(e) => setRecipient(e.target.value)} />
        </div>
        {kind === 'export' && (
          <label className="choice" htmlFor={ids.watermark}>
            <input id={ids.watermark} type="checkbox" checked={watermark} onChange={(e) => setWatermark(e.target.checked)} /> {t('caseCopies.watermark')}
          </label>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? t('caseCopies.working') : t(`caseCopies.${kind}Submit`)}
          </button>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => dialogRef.current?.close()}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
