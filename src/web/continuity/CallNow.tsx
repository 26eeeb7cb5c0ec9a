import { useTranslation } from 'react-i18next';
import type { CallNow } from './incidents';

/** The numbers valid now, lowest priority first: "who do I call now?". */
export function CallNowList({ callNow, testId }: { callNow: CallNow; testId?: string }) {
  const { t } = useTranslation();
  const days = t('contacts.weekdays.short').split(',');
  return (
    <div className="call-now" data-testid={testId}>
      <p className="hint">
        {t('contacts.nowAt', { weekday: days[callNow.local.weekday - 1] ?? '', date: callNow.local.date, time: callNow.local.time, timeZone: callNow.timeZone })}
      </p>
      {callNow.contacts.length === 0 ? (
        <p>{t('contacts.noneNow')}</p>
      ) : (
        <ol className="call-now-list">
          {callNow.contacts.map((c) => (
            <li key={c.id}>
              <strong>
                {c.function}
                {c.label ? ` – ${c.label}` : ''}:
              </strong>{' '}
              {c.kind === 'phone' ? (
                <a href={`tel:${c.number.replace(/[^+0-9]/g, '')}`} className="call-number">
                  {c.number}
                </a>
              ) : c.kind === 'email' ? (
                <a href={`mailto:${c.number}`}>{c.number}</a>
              ) : (
                <span>
                  {t('contacts.kind.fax')} {c.number}
                </span>
              )}
              {c.site ? <span className="hint"> ({c.site})</span> : null}
              {c.note ? <span className="hint"> – {c.note}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
