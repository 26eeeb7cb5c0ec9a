import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api';
import { ErrorAlert, StatusMessage } from '../../components/common';
import { formatDateTime } from '../../media';
import type { Id } from '../../types';
import { useLocale } from './shared';
import '../../i18n/pacs';
import './pacs.css';

type Status = 'queued' | 'sending' | 'retrying' | 'sent' | 'failed';
interface PacsExport {
  id: string;
  status: Status;
  caseVersion: number;
  mediaCount: number;
  instancesSent: number;
  attempts: number;
  errorCode: string | null;
  errorDetail: string | null;
  requestedByName: string | null;
  requestedAt: string;
  finishedAt: string | null;
}

const PENDING: readonly Status[] = ['queued', 'sending', 'retrying'];
const ERROR_CODES = ['unreachable', 'timeout', 'http_status', 'instance_refused', 'media_unreadable', 'too_large', 'internal'];

/**
 * The case's sends to PACS (issue 15, I3): "Skicka till PACS" for a signed case when the
 * department has a PACS and the user may export, and each send's state — waiting, sending, trying
 * again or failed with the reason, or sent. Shown only where the department has a PACS or the case
 * was sent before. Follows a send under way until it is done.
 */
export function CasePacs({ caseId, signed, canSend }: { caseId: Id; signed: boolean; canSend: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const heading = useId();
  const [configured, setConfigured] = useState(false);
  const [items, setItems] = useState<PacsExport[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const answer = (await call(client.GET('/api/cases/{id}/pacs-exports', { params: { path: { id: String(caseId) } } }))) as { configured: boolean; items: PacsExport[] };
      setConfigured(answer.configured);
      setItems(answer.items);
    } catch (err) {
      setError(err);
    }
  }, [caseId]);

  useEffect(() => {
    void load();
  }, [load]);

  const pending = items?.some((i) => PENDING.includes(i.status)) ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(() => void load(), 2000);
    return () => window.clearTimeout(timer);
  }, [pending, items, load]);

  if (items === null || (!configured && items.length === 0)) return error ? <ErrorAlert error={error} /> : null;

  async function send() {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      await call(client.POST('/api/cases/{id}/pacs-exports', { params: { path: { id: String(caseId) } } }));
      setStatus(t('pacs.requested'));
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const reason = (code: string | null) => (code && ERROR_CODES.includes(code) ? t(`pacs.errors.${code}`) : (code ?? ''));
  return (
    <section className="panel case-pacs" aria-labelledby={heading} data-testid="case-pacs">
      <h2 id={heading}>{t('pacs.title')}</h2>
      {configured && <p className="muted">{signed ? t('pacs.intro') : t('pacs.onlySigned')}</p>}
      {configured && signed && canSend && (
        <div className="print-actions">
          <button type="button" className="button-secondary" disabled={busy || pending} onClick={() => void send()}>
            {busy ? t('pacs.sending') : items.length > 0 ? t('pacs.sendAgain') : t('pacs.send')}
          </button>
        </div>
      )}
      <StatusMessage>{status}</StatusMessage>
      <ErrorAlert error={error} />
      {items.length === 0 ? (
        <p className="muted">{t('pacs.none')}</p>
      ) : (
        <ul className="copy-list" data-testid="pacs-exports">
          {items.map((item) => (
            <li key={item.id} data-status={item.status}>
              <strong className={item.status === 'failed' ? 'pacs-failed' : item.status === 'sent' ? 'pacs-sent' : undefined}>{t(`pacs.status.${item.status}`)}</strong>
              {item.finishedAt && item.status === 'sent' ? ` · ${t('pacs.finished', { when: formatDateTime(item.finishedAt, locale) })}` : ''}
              <br />
              {t('pacs.line', { version: item.caseVersion, sent: item.instancesSent, count: item.mediaCount, who: item.requestedByName ?? '', when: formatDateTime(item.requestedAt, locale) })}
              {(item.status === 'retrying' || item.status === 'failed') && item.errorCode && (
                <>
                  <br />
                  <span title={item.errorDetail ?? undefined}>
                    {t('pacs.reason', { reason: reason(item.errorCode) })}
                    {item.errorDetail ? ` (${item.errorDetail})` : ''}
                  </span>{' '}
                  · {t('pacs.attempts', { count: item.attempts })}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
