import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, client } from '../api';
import type { ApiResponse } from '../types';
import { useLoad } from '../components/common';
import { useSession } from '../session';
import { formatTime } from './continuity';

/** An expiry reminder of a routine the logged-in user owns (GET /api/routines/reminders). */
export type RoutineReminder = ApiResponse<'/api/routines/reminders', 'get'>[number];

/**
 * The logged-in user's reminders that still need attention. A failure to load them is not shown:
 * the notice is a help, not something the page depends on.
 */
export function useOpenReminders(): { reminders: RoutineReminder[]; loading: boolean } {
  const { user } = useSession();
  const { data, loading } = useLoad(
    () => (user ? call(client.GET('/api/routines/reminders', { params: { query: { open: 'true' } } })) : Promise.resolve([])),
    [user?.id],
  );
  return { reminders: (data ?? []).filter((r) => r.open), loading };
}

/** "Your routines that need reviewing": each routine, its version, expiring or expired, and the valid-to date. */
export function RoutineRemindersNotice({ reminders }: { reminders: RoutineReminder[] }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  if (reminders.length === 0) return null;
  return (
    <section className="banner banner-reminder" aria-labelledby={headingId} data-testid="routine-reminders">
      <h2 id={headingId}>{t('routineReminders.title')}</h2>
      <p>{t('routineReminders.intro')}</p>
      <ul className="routine-reminder-list">
        {reminders.map((r) => {
          const kind = r.currentKind ?? r.kind;
          const date = formatTime(r.validTo, i18n.language);
          return (
            <li key={r.id}>
              <Link to={`/status/routines/${r.routineId}`}>{t('routineReminders.routine', { documentId: r.documentId, version: r.version })}</Link>
              {r.title ? ` – ${r.title}` : ''}:{' '}
              <strong className={`routine-state routine-state-${kind}`}>
                {kind === 'expired' ? t('routineReminders.expired', { date }) : t('routineReminders.expiring', { date })}
              </strong>
              {r.mail && (
                <span className="muted reminder-mail">
                  {' '}
                  {r.mail.outcome === 'sent'
                    ? t('routineReminders.mail.sent', { to: r.mail.to ?? '', date: formatTime(r.mail.at, i18n.language) })
                    : t(`routineReminders.mail.${r.mail.outcome}`)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <p>{t('routineReminders.whatToDo')}</p>
    </section>
  );
}

/** Loads and shows the notice (nothing while loading or when there is nothing to review). */
export function RoutineReminders() {
  const { reminders } = useOpenReminders();
  return <RoutineRemindersNotice reminders={reminders} />;
}
