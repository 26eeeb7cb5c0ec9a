import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api';
import { ErrorAlert } from '../components/common';
import { useSession } from '../session';
import { formatDateTime } from '../media';
import { formatCopyAge } from '../offline-copy';
import { useLocale } from '../pages/cases/shared';
import { isMissedSync, loadWorkstations, type Workstation } from '../pages/admin/workstations';
import { WorkstationStatus } from '../pages/admin/WorkstationsPage';

/**
 * The backup workstations' copy age on the duty console (issue 13): how old each in-use
 * workstation's copy is, the ones that missed a scheduled sync first and flagged. Shown only to
 * those the server lets list the workstations.
 */
export function WorkstationsPanel() {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const { hasRight } = useSession();
  const [items, setItems] = useState<Workstation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [hidden, setHidden] = useState(false);

  useEffect(() => {
    loadWorkstations().then(
      (list) => setItems(list.filter((w) => !w.revokedAt).sort((a, b) => Number(isMissedSync(b)) - Number(isMissedSync(a)) || a.name.localeCompare(b.name))),
      (err: unknown) => {
        // Not this user's to see (or a server without the copy): no panel rather than an error.
        if (err instanceof ApiError && (err.status === 403 || err.status === 404)) setHidden(true);
        else setError(err);
      },
    );
  }, []);

  if (hidden) return null;
  return (
    <section aria-labelledby={`${id}-h`} className="panel" data-testid="workstations-panel">
      <h2 id={`${id}-h`}>{t('offlineCopy.workstations.consoleTitle')}</h2>
      <ErrorAlert error={error} />
      {items && items.length === 0 && <p className="muted">{t('offlineCopy.workstations.consoleEmpty')}</p>}
      {items && items.length > 0 && (
        <ul className="workstation-ages">
          {items.map((w) => (
            <li key={w.id} className={isMissedSync(w) ? 'workstation-missed' : undefined} data-name={w.name}>
              <strong>{w.name}</strong>{' '}
              <span>{w.ageMinutes === null ? t('offlineCopy.workstations.noCopy') : formatCopyAge(t, w.ageMinutes)}</span>{' '}
              {w.lastSyncAt && (
                <span className="muted">
                  ({t('offlineCopy.workstations.lastSync')} <time dateTime={w.lastSyncAt}>{formatDateTime(w.lastSyncAt, locale)}</time>)
                </span>
              )}{' '}
              <WorkstationStatus w={w} />
            </li>
          ))}
        </ul>
      )}
      {hasRight('admin') && (
        <p>
          <Link to="/admin/workstations">{t('offlineCopy.workstations.consoleLink')}</Link>
        </p>
      )}
    </section>
  );
}
