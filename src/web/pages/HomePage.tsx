import { Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session';
import { PAGE_RIGHTS } from '../rights';
import { PageHeading, usePageTitle } from '../components/common';

/** Sends the user to the first page they may use; explains if there is none. */
export function HomePage() {
  const { t } = useTranslation();
  const { user, hasRight } = useSession();
  usePageTitle(t('home.title', { name: user?.displayName ?? '' }));

  if (hasRight(PAGE_RIGHTS.patients)) return <Navigate to="/patients" replace />;
  if (hasRight(PAGE_RIGHTS.audit)) return <Navigate to="/audit" replace />;
  if (hasRight(PAGE_RIGHTS.admin)) return <Navigate to="/admin/departments" replace />;

  return (
    <div className="page page-narrow">
      <PageHeading>{t('home.title', { name: user?.displayName ?? '' })}</PageHeading>
      <p>{user && user.rights.length > 0 ? t('home.choose') : t('home.noRights')}</p>
    </div>
  );
}
