import { useEffect, useId, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, uploadFile } from '../../api';
import { idPath } from '../admin/shared';
import { TaskQueue, UPLOAD_CONCURRENCY, formatSize, refusalText } from '../../media';
import { sameId } from '../../types';
import type { Id, MediaRefusal, MediaView, UploadResult } from '../../types';
import { errorText } from '../../components/common';
import { uploadResumable, isResumable } from '../../resumable';
import { useSession } from '../../session';
import '../../i18n/ehr';
import { editableKind, pendingEditLabel } from '../../upload-edit';
import type { MediaEdit } from '../../upload-edit';
import { useLocale } from './shared';
import { UploadEditor } from './UploadEditor';

/** `waiting`: chosen with "crop or trim first" on, not sent until the user says so. */
type Phase = 'waiting' | 'queued' | 'uploading' | 'checking' | 'done';

interface UploadEntry {
  key: number;
  name: string;
  size: number;
  phase: Phase;
  loaded: number;
  total: number;
  /** The server kept the file under this id; `generation` is the case's load count at that time. */
  accepted?: { id: Id; status: string; generation: number };
  refusal?: MediaRefusal;
  /** Any other failure, in words for people. */
  error?: string;
  /** A resumable upload lost its connection and is trying again by itself. */
  reconnecting?: boolean;
  /** A resumable upload gave up after its retries; it can be continued where it stopped. */
  interrupted?: boolean;
  /** What the browser can edit of the file (null: nothing, it is uploaded as it is). */
  editable?: 'image' | 'video' | 'audio' | null;
  /** The crop or trim the server makes while cleaning the file (only the edited file is stored). */
  edit?: MediaEdit;
  /** Marked as ultrasound when chosen (only offered in a session opened from the EHR, M5). */
  ultrasound?: boolean;
}

/** What to do with the answer to one file's upload. */
function outcome(result: UploadResult, generation: number): Pick<UploadEntry, 'accepted' | 'refusal'> {
  const item = result.items[0];
  if (item) return { accepted: { id: item.id, status: item.status, generation } };
  const refusal = result.refused[0];
  if (refusal) return { refusal };
  return {};
}

function refusalFromError(err: ApiError): MediaRefusal | null {
  const refused = err.body.refused;
  // Audio or ultrasound outside an EHR-launched session is refused as a whole (403), listed like any refusal.
  if ((err.code !== 'media_refused' && err.code !== 'ehr_context_required') || !Array.isArray(refused) || refused.length === 0) return null;
  const first = refused[0] as Partial<MediaRefusal>;
  return {
    filename: typeof first.filename === 'string' ? first.filename : '',
    code: typeof first.code === 'string' ? first.code : '',
    message: typeof first.message === 'string' ? first.message : err.message,
    ...(first.existingId !== undefined ? { existingId: first.existingId } : {}),
  };
}

/**
 * The drop zone and the list of uploads. Each file is its own upload, at most three at a time,
 * with a progress bar and then the server's verdict. Files of 20 MB or more go over tus in chunks
 * and survive a dropped connection (see resumable.ts); smaller ones are one multipart request.
 */
export function UploadPanel({
  caseId,
  media,
  generation,
  onUploaded,
  onOpenMedia,
}: {
  caseId: Id;
  media: MediaView[];
  /** Counts the times the case has been read; tells a fresh media list from a stale one. */
  generation: number;
  /** Called after each upload has been answered, so that the case's media can be re-read. */
  onUploaded(): void;
  onOpenMedia(id: Id, opener: HTMLElement): void;
}) {
  const { t } = useTranslation();
  const { user, ehrContext } = useSession();
  const locale = useLocale();
  const ids = { heading: useId(), hint: useId(), editHint: useId(), list: useId(), row: useId() };
  const inputRef = useRef<HTMLInputElement>(null);
  const queueRef = useRef(new TaskQueue(UPLOAD_CONCURRENCY));
  const nextKey = useRef(1);
  const dragDepth = useRef(0);
  const [dragging, setDragging] = useState(false);
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  /** The files of the uploads that can be continued, by entry key. */
  const filesRef = useRef(new Map<number, File>());
  /** The entry whose progress bar takes the focus once it is shown again (after "Try again"). */
  const focusKey = useRef<number | null>(null);
  /** Chosen files wait in the list, to be cropped or trimmed, until the user uploads them. */
  const [editFirst, setEditFirst] = useState(false);
  /** Files chosen while this is ticked are sent marked as ultrasound (EHR-launched sessions only). */
  const [ultrasound, setUltrasound] = useState(false);
  /** The file being edited, and the button that opened the editor (focus goes back to it). */
  const [editing, setEditing] = useState<{ key: number; mode: 'crop' | 'trim'; opener: HTMLElement } | null>(null);

  // The latest callback, so that uploads started earlier report to the current page.
  const onUploadedRef = useRef(onUploaded);
  const generationRef = useRef(generation);
  useEffect(() => {
    onUploadedRef.current = onUploaded;
    generationRef.current = generation;
  }, [onUploaded, generation]);

  const busy = entries.some((e) => e.phase !== 'done');

  // Leaving or reloading the page would cut the running uploads off.
  useEffect(() => {
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);

  useEffect(() => {
    if (focusKey.current === null) return;
    document.getElementById(`${ids.row}-${focusKey.current}-progress`)?.focus();
    focusKey.current = null;
  }, [entries, ids.row]);

  function update(key: number, change: Partial<UploadEntry>) {
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...change } : e)));
  }

  function addFiles(files: File[]) {
    if (files.length === 0) return;
    const added: UploadEntry[] = files.map((file) => ({
      key: nextKey.current++,
      name: file.name,
      size: file.size,
      phase: editFirst ? 'waiting' : 'queued',
      loaded: 0,
      total: file.size,
      editable: editableKind(file),
      ...(ehrContext && ultrasound ? { ultrasound: true } : {}),
    }));
    setEntries((list) => [...list, ...added]);
    added.forEach((entry, i) => {
      const file = files[i]!;
      if (editFirst) filesRef.current.set(entry.key, file);
      else queueRef.current.push(() => send(entry.key, file, undefined, entry.ultrasound));
    });
  }

  /** Sends files that were waiting (with their edits). */
  function uploadWaiting(keys: number[]) {
    for (const key of keys) {
      const entry = entries.find((e) => e.key === key);
      const file = filesRef.current.get(key);
      if (!entry || entry.phase !== 'waiting' || !file) continue;
      update(key, { phase: 'queued' });
      queueRef.current.push(() => send(key, file, entry.edit, entry.ultrasound));
    }
  }

  function removeWaiting(key: number) {
    filesRef.current.delete(key);
    setEntries((list) => list.filter((e) => e.key !== key));
  }

  async function send(key: number, file: File, edit?: MediaEdit, isUltrasound = false): Promise<void> {
    if (isResumable(file)) return sendResumable(key, file, edit, isUltrasound);
    update(key, { phase: 'uploading' });
    const fields = { ...(edit ? { edit: JSON.stringify(edit) } : {}), ...(isUltrasound ? { ultrasound: 'true' } : {}) };
    const handle = uploadFile<UploadResult>(`/api/cases/${idPath(caseId)}/media`, file, {
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
      onProgress: (loaded, total) => update(key, { loaded, total: total || file.size }),
      onSent: () => update(key, { phase: 'checking', loaded: file.size, total: file.size }),
    });
    try {
      const result = await handle.promise;
      update(key, { phase: 'done', loaded: file.size, total: file.size, ...outcome(result, generationRef.current) });
    } catch (err) {
      const refusal = err instanceof ApiError ? refusalFromError(err) : null;
      if (refusal) {
        update(key, { phase: 'done', loaded: file.size, total: file.size, refusal });
      } else {
        const message =
          err instanceof ApiError && err.status !== 0 && err.message ? err.message : errorText(t, err);
        update(key, { phase: 'done', error: editRefusal(err, message) });
      }
    } finally {
      onUploadedRef.current();
    }
  }

  /** A large file over tus: retries by itself; when it gives up, "Try again" continues it. */
  async function sendResumable(key: number, file: File, edit?: MediaEdit, isUltrasound = false): Promise<void> {
    filesRef.current.set(key, file);
    update(key, { phase: 'uploading', reconnecting: false, interrupted: false, error: undefined });
    const handle = uploadResumable(user?.id ?? '', caseId, file, {
      ...(edit ? { edit: JSON.stringify(edit) } : {}),
      ...(isUltrasound ? { ultrasound: true } : {}),
      onProgress: (sent, total) =>
        update(key, { loaded: sent, total: total || file.size, phase: sent >= total ? 'checking' : 'uploading' }),
      onReconnecting: () => update(key, { reconnecting: true }),
      onReconnected: () => update(key, { reconnecting: false }),
    });
    try {
      const result = await handle.promise;
      filesRef.current.delete(key);
      update(key, {
        phase: 'done',
        reconnecting: false,
        loaded: file.size,
        total: file.size,
        accepted: { id: result.mediaId ?? '', status: result.status ?? 'processing', generation: generationRef.current },
      });
    } catch (err) {
      const refusal = err instanceof ApiError ? refusalFromError(err) : null;
      if (refusal) {
        filesRef.current.delete(key);
        update(key, { phase: 'done', reconnecting: false, loaded: file.size, total: file.size, refusal });
      } else if (err instanceof ApiError && err.status === 0) {
        // The connection stayed away through every retry: the server keeps what it has.
        update(key, { phase: 'done', reconnecting: false, interrupted: true });
      } else {
        filesRef.current.delete(key);
        // Kasus's own words (Swedish, for clinicians); tus's English ones through their code.
        const message =
          err instanceof ApiError && typeof err.body.code === 'string' && err.message ? err.message : errorText(t, err);
        update(key, { phase: 'done', reconnecting: false, error: editRefusal(err, message) });
      }
    } finally {
      onUploadedRef.current();
    }
  }

  /** The server's words for an edit it could not make, introduced in the user's language. */
  function editRefusal(err: unknown, message: string): string {
    return err instanceof ApiError && err.code === 'invalid_edit' ? `${t('uploadEdit.refused')} ${message}` : message;
  }

  /** Continues an interrupted upload from where the server has it. */
  function retry(key: number) {
    const file = filesRef.current.get(key);
    if (!file) return;
    const entry = entries.find((e) => e.key === key);
    focusKey.current = key;
    update(key, { phase: 'queued', interrupted: false });
    queueRef.current.push(() => sendResumable(key, file, entry?.edit, entry?.ultrasound));
  }

  function onDragEnter(e: DragEvent) {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  }

  function onDragOver(e: DragEvent) {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }

  function onDragLeave() {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    addFiles(Array.from(e.dataTransfer.files));
  }

  /**
   * An accepted file that is missing from a later reading of the case was refused by the cleaning
   * that went on after the answer (the case lists only kept files). Two readings later, because a
   * reading already under way when the answer came may have been counted after it.
   */
  function vanished(entry: UploadEntry): boolean {
    const accepted = entry.accepted;
    // Without an id (a resumed upload whose last answer was lost) the file cannot be followed.
    return (
      !!accepted &&
      accepted.id !== '' &&
      generation >= accepted.generation + 2 &&
      !media.some((m) => sameId(m.id, accepted.id))
    );
  }

  function isReady(entry: UploadEntry): boolean {
    const current = entry.accepted ? media.find((m) => sameId(m.id, entry.accepted!.id)) : undefined;
    return (current?.status ?? entry.accepted?.status) === 'ready';
  }

  function statusOf(entry: UploadEntry): string {
    switch (entry.phase) {
      case 'waiting':
        return t('uploadEdit.waiting');
      case 'queued':
        return t('upload.queued');
      case 'uploading':
        return t('upload.uploading', {
          percent: entry.total > 0 ? Math.floor((entry.loaded / entry.total) * 100) : 0,
        });
      case 'checking':
        return t('upload.checking');
      default:
        break;
    }
    if (entry.accepted) {
      if (vanished(entry)) return t('upload.failed');
      return isReady(entry) ? t('upload.ready') : t('upload.processing');
    }
    if (entry.interrupted) return t('upload.interrupted');
    return entry.refusal ? t('upload.refused') : t('upload.failed');
  }

  const done = entries.filter((e) => e.phase === 'done');
  const waiting = entries.filter((e) => e.phase === 'waiting');
  const editedFile = editing ? filesRef.current.get(editing.key) : undefined;
  const editedEntry = editing ? entries.find((e) => e.key === editing.key) : undefined;
  const accepted = done.filter((e) => e.accepted && !vanished(e)).length;
  const summary =
    entries.length === 0
      ? ''
      : busy
        ? t('upload.summaryActive', { done: done.length, count: entries.length })
        : t('upload.summaryDone', { accepted, failed: done.length - accepted });

  return (
    <section className="panel" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('upload.title')}</h2>
      <div
        className={dragging ? 'drop-zone drop-zone-active' : 'drop-zone'}
        onDragEnter={onDragEnter}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        <svg className="drop-zone-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 16V4m0 0-4.5 4.5M12 4l4.5 4.5M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
        </svg>
        <p className="drop-zone-text">{dragging ? t('upload.dropNow') : t('upload.dropHint')}</p>
        <p className="drop-zone-or">{t('upload.or')}</p>
        <button
          type="button"
          className="button-primary"
          aria-describedby={ids.hint}
          onClick={() => inputRef.current?.click()}
        >
          {t('upload.choose')}
        </button>
        <input
          ref={inputRef}
          type="file"
          multiple
          // Audio only in a session the EHR opened (M5); the server refuses it elsewhere anyway.
          accept={ehrContext ? 'image/*,video/*,audio/*,.heic,.heif' : 'image/*,video/*,.heic,.heif'}
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            addFiles(Array.from(e.target.files ?? []));
            // Lets the same file be chosen again.
            e.target.value = '';
          }}
        />
        <p className="hint" id={ids.hint}>
          {t('upload.cleanHint')}
        </p>
        {!ehrContext && <p className="hint">{t('ehr.audioHint')}</p>}
        {ehrContext && (
          <label className="upload-edit-toggle">
            <input type="checkbox" checked={ultrasound} onChange={(e) => setUltrasound(e.target.checked)} />
            {t('ehr.ultrasound')}
          </label>
        )}
        <label className="upload-edit-toggle">
          <input type="checkbox" checked={editFirst} onChange={(e) => setEditFirst(e.target.checked)} aria-describedby={ids.editHint} />
          {t('uploadEdit.editFirst')}
        </label>
        {editFirst && (
          <p className="hint" id={ids.editHint}>
            {t('uploadEdit.editFirstHint')}
          </p>
        )}
      </div>

      {editing && editedFile && (
        <UploadEditor
          file={editedFile}
          mode={editing.mode}
          {...(editedEntry?.edit ? { initial: editedEntry.edit } : {})}
          onDone={(edit) => update(editing.key, { edit: edit ?? undefined })}
          onClose={() => {
            const opener = editing.opener;
            setEditing(null);
            // The opener may be gone (an editor closed after its row was uploaded): then nothing to return to.
            if (opener.isConnected) opener.focus();
          }}
        />
      )}

      {entries.length > 0 && (
        <div className="upload-list-wrap">
          <div className="table-head">
            <h3 id={ids.list}>{t('upload.listTitle')}</h3>
            {waiting.length > 1 && (
              <button type="button" className="button-primary button-small" onClick={() => uploadWaiting(waiting.map((e) => e.key))}>
                {t('uploadEdit.uploadAll')}
              </button>
            )}
            {done.length > 0 && (
              <button
                type="button"
                className="button-link"
                onClick={() => {
                  for (const e of done) filesRef.current.delete(e.key);
                  setEntries((list) => list.filter((e) => e.phase !== 'done'));
                }}
              >
                {t('upload.clearDone')}
              </button>
            )}
          </div>
          <p className="visually-hidden" role="status">
            {summary}
          </p>
          <ul className="upload-list" aria-labelledby={ids.list}>
            {entries.map((entry) => {
              const lost = vanished(entry);
              const failed = entry.phase === 'done' && (!entry.accepted || lost);
              const existing =
                entry.refusal?.existingId !== undefined
                  ? media.find((m) => sameId(m.id, entry.refusal!.existingId!))
                  : undefined;
              return (
                <li
                  key={entry.key}
                  className={`upload-row upload-${entry.phase}${failed ? ' upload-failed' : ''}${entry.accepted && !lost ? (isReady(entry) ? ' upload-accepted' : ' upload-processing') : ''}`}
                >
                  <div className="upload-name">
                    <span className="upload-filename">{entry.name}</span>
                    <span className="muted upload-size">{formatSize(entry.size, locale)}</span>
                    {entry.edit && <span className="upload-edit-label">{pendingEditLabel(t, entry.edit)}</span>}
                    {entry.ultrasound && <span className="upload-edit-label">{t('ehr.ultrasoundLabel')}</span>}
                  </div>
                  <progress
                    id={`${ids.row}-${entry.key}-progress`}
                    tabIndex={-1}
                    className="upload-progress"
                    max={entry.total || 1}
                    value={entry.phase === 'queued' ? 0 : entry.loaded}
                    aria-label={t('upload.progressFor', { name: entry.name })}
                  />
                  <span className="upload-status">{statusOf(entry)}</span>
                  {entry.phase === 'waiting' && (
                    <div className="upload-actions">
                      {entry.editable && (
                        <button
                          type="button"
                          className="button-secondary button-small"
                          aria-label={t(entry.editable === 'image' ? 'uploadEdit.cropFor' : 'uploadEdit.trimFor', { name: entry.name })}
                          onClick={(e) =>
                            setEditing({ key: entry.key, mode: entry.editable === 'image' ? 'crop' : 'trim', opener: e.currentTarget })
                          }
                        >
                          {entry.editable === 'image' ? t('uploadEdit.crop') : t('uploadEdit.trim')}
                        </button>
                      )}
                      {entry.edit && (
                        <button
                          type="button"
                          className="button-secondary button-small"
                          aria-label={t('uploadEdit.undoEditFor', { name: entry.name })}
                          onClick={() => update(entry.key, { edit: undefined })}
                        >
                          {t('uploadEdit.undoEdit')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="button-primary button-small"
                        aria-label={t('uploadEdit.uploadFor', { name: entry.name })}
                        onClick={() => uploadWaiting([entry.key])}
                      >
                        {t('uploadEdit.upload')}
                      </button>
                      <button
                        type="button"
                        className="button-link"
                        aria-label={t('uploadEdit.removeFor', { name: entry.name })}
                        onClick={() => removeWaiting(entry.key)}
                      >
                        {t('uploadEdit.remove')}
                      </button>
                    </div>
                  )}
                  {entry.reconnecting && entry.phase !== 'done' && (
                    <div className="upload-message upload-notice" role="status">
                      <p>
                        <span className="visually-hidden">{entry.name}: </span>
                        {t('upload.reconnecting')}
                      </p>
                    </div>
                  )}
                  {entry.interrupted && (
                    <div className="upload-message" role="alert">
                      <p>
                        <span className="visually-hidden">{entry.name}: </span>
                        {t('upload.interruptedText')}
                      </p>
                      <button
                        type="button"
                        className="button-secondary button-small"
                        aria-label={t('upload.retryFor', { name: entry.name })}
                        onClick={() => retry(entry.key)}
                      >
                        {t('upload.retry')}
                      </button>
                    </div>
                  )}
                  {entry.refusal && (
                    <div className="upload-message" role="alert">
                      <p>
                        <span className="visually-hidden">{entry.name}: </span>
                        {refusalText(t, entry.refusal.code, entry.refusal.message)}
                      </p>
                      {/* The server's own words often say more (which limit, what the file seemed to be). */}
                      {entry.refusal.message &&
                        entry.refusal.message !== refusalText(t, entry.refusal.code, entry.refusal.message) && (
                          <p className="upload-detail">{entry.refusal.message}</p>
                        )}
                      {existing && (
                        <button
                          type="button"
                          className="button-link"
                          onClick={(e) => onOpenMedia(existing.id, e.currentTarget)}
                        >
                          {t('upload.showExisting')}
                        </button>
                      )}
                    </div>
                  )}
                  {lost && (
                    <div className="upload-message" role="alert">
                      <p>
                        <span className="visually-hidden">{entry.name}: </span>
                        {t('upload.notKept')}
                      </p>
                    </div>
                  )}
                  {entry.error && (
                    <div className="upload-message" role="alert">
                      <p>
                        <span className="visually-hidden">{entry.name}: </span>
                        {entry.error}
                      </p>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}
