import { Link, Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session';
import { PAGE_RIGHTS } from '../rights';
import { Loading, PageHeading, usePageTitle } from '../components/common';
import { RoutineRemindersNotice, useOpenReminders } from '../continuity/RoutineReminders';

/**
 * Sends the user to the first page they may use; explains if there is none. An owner of routines
 * that need reviewing (expiring or expired) is shown them first, with a link on to that page.
 */
export function HomePage() {
  const { t } = useTranslation();
  const { user, hasRight } = useSession();
  const { reminders, loading } = useOpenReminders();
  usePageTitle(t('home.title', { name: user?.displayName ?? '' }));

  const next = hasRight(PAGE_RIGHTS.patients)
    ? { to: '/patients', label: t('nav.patients') }
    : hasRight(PAGE_RIGHTS.audit)
      ? { to: '/audit', label: t('nav.audit') }
      : hasRight(PAGE_RIGHTS.admin)
        ? { to: '/admin/departments', label: t('nav.admin') }
        : null;

  if (loading && reminders.length === 0) return <Loading />;
  if (next && reminders.length === 0) return <Navigate to={next.to} replace />;

  return (
    <div className="page page-narrow">
      <PageHeading>{t('home.title', { name: user?.displayName ?? '' })}</PageHeading>
      <RoutineRemindersNotice reminders={reminders} />
      {next ? (
        <p>
          <Link to={next.to}>{t('routineReminders.continueTo', { page: next.label })}</Link>
        </p>
      ) : (
        <p>{user && user.rights.length > 0 ? t('home.choose') : t('home.noRights')}</p>
      )}
    </div>
  );
}
