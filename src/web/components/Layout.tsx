import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session';
import { PAGE_RIGHTS as RIGHTS } from '../rights';
import '../i18n/reports';
import { LanguageSelect } from './LanguageSelect';
import { EhrBanner } from './EhrBanner';
import { NoticeBanner } from '../continuity/NoticeBanner';
import { Loading, PageHeading, usePageTitle } from './common';
import { CopyBanner, useCopyMode } from './CopyMode';
import { servedByCopy } from '../offline-copy';
import '../i18n/capture';

export function Layout() {
  const { t } = useTranslation();
  const { user, hasRight, logout } = useSession();
  // On the backup workstation's read-only copy only what the copy serves is shown (issue 13).
  const readOnlyCopy = useCopyMode().copy !== null;
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  // On a phone the navigation and the user's tools sit behind one menu button instead of wrapping
  // into rows above every page; the menu closes when a page is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname]);

  // After client-side navigation, move focus to the new page's heading so that
  // keyboard and screen reader users start at the top of the new content.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main) return;
    // Leave focus alone if the new page already focused a control (autoFocus).
    const active = document.activeElement;
    if (active && active !== main && main.contains(active)) return;
    main.querySelector<HTMLElement>('h1')?.focus();
  }, [location.pathname]);

  async function onLogout() {
    try {
      await logout();
    } catch {
      // The session is cleared locally either way.
    }
    navigate('/login', { replace: true });
  }

  const isAdminPath = location.pathname.startsWith('/admin');
  const isAdmin = !readOnlyCopy && hasRight(RIGHTS.admin);
  const canManageForms = !readOnlyCopy && hasRight(RIGHTS.forms);
  // Form managers who are not administrators start at the forms, the one admin page they may use.
  const adminStart = isAdmin ? '/admin/departments' : canManageForms ? '/admin/forms' : null;

  if (readOnlyCopy && location.pathname === '/') return <Navigate to="/patients" replace />;

  return (
    <div className={readOnlyCopy ? 'app copy-mode' : 'app'}>
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className={menuOpen ? 'app-header menu-open' : 'app-header'}>
        <div className="brand">
          <span className="brand-name">{t('common.appName')}</span>
          <span className="brand-tagline">{t('common.tagline')}</span>
        </div>
        <button type="button" className="menu-toggle button-secondary" aria-expanded={menuOpen} aria-controls="app-menu" onClick={() => setMenuOpen((open) => !open)}>
          <span aria-hidden="true">{menuOpen ? '✕' : '☰'}</span> {menuOpen ? t('layout.closeMenu') : t('layout.menu')}
        </button>
        <div id="app-menu" className="app-menu">
          <nav className="main-nav" aria-label={t('layout.mainNav')}>
            <ul>
              {hasRight(RIGHTS.patients) && (
                <li>
                  <NavLink to="/patients">{t('nav.patients')}</NavLink>
                </li>
              )}
              {hasRight(RIGHTS.cases) && (
                <li>
                  <NavLink to="/cases" end>
                    {t('nav.cases')}
                  </NavLink>
                </li>
              )}
              {!readOnlyCopy && hasRight(RIGHTS.teaching) && (
                <li>
                  <NavLink to="/teaching">{t('nav.teaching')}</NavLink>
                </li>
              )}
              {!readOnlyCopy && hasRight(RIGHTS.audit) && (
                <li>
                  <NavLink to="/audit">{t('nav.audit')}</NavLink>
                </li>
              )}
              {!readOnlyCopy && (hasRight(RIGHTS.audit) || hasRight(RIGHTS.statistics)) && (
                <li>
                  <NavLink to="/reports">{t('reports.nav')}</NavLink>
                </li>
              )}
              {!readOnlyCopy && ((hasRight('case.write') && hasRight('media.upload')) || location.pathname === '/capture') && (
                <li>
                  <NavLink to="/capture">{t('capture.nav')}</NavLink>
                </li>
              )}
              {!readOnlyCopy && (
                <li>
                  <NavLink to="/status">{t('continuity.nav')}</NavLink>
                </li>
              )}
              {adminStart && (
                <li>
                  <NavLink to={adminStart} className={() => (isAdminPath ? 'active' : '')}>
                    {t('nav.admin')}
                  </NavLink>
                </li>
              )}
            </ul>
          </nav>
          <div className="header-tools">
            <span className="user-name" title={user?.displayName}>
              <span className="visually-hidden">{t('layout.signedInAs')} </span>
              {user?.displayName}
            </span>
            <LanguageSelect />
            <button type="button" className="button-secondary" onClick={() => void onLogout()}>
              {t('layout.logout')}
            </button>
          </div>
        </div>
      </header>
      {isAdminPath && adminStart && (
        <nav className="sub-nav" aria-label={t('layout.adminNav')}>
          <ul>
            {isAdmin && (
              <>
                <li>
                  <NavLink to="/admin/departments">{t('nav.departments')}</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/users">{t('nav.users')}</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/roles">{t('nav.roles')}</NavLink>
                </li>
              </>
            )}
            {canManageForms && (
              <li>
                <NavLink to="/admin/forms">{t('nav.forms')}</NavLink>
              </li>
            )}
            {isAdmin && (
              <>
                <li>
                  <NavLink to="/admin/jobs">{t('nav.jobs')}</NavLink>
                </li>
                <li>
                  <NavLink to="/admin/workstations">{t('nav.workstations')}</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      )}
      {/* The copy's banner; else outage notices and Kasus's read-only mode, live on every page (C4). */}
      {readOnlyCopy ? <CopyBanner /> : <NoticeBanner />}
      {/* A session the EHR opened in read mode says so on every page (issue 15). */}
      {!readOnlyCopy && <EhrBanner />}
      <main id="main" ref={mainRef} tabIndex={-1} data-print-blocked={readOnlyCopy ? t('offlineCopy.print.blocked') : undefined}>
        {/* Pages used by few (administration, the duty-officer console) load when first opened. */}
        <Suspense fallback={<Loading />}>
          {readOnlyCopy && !servedByCopy(location.pathname) ? <NotServedByCopy /> : <Outlet />}
        </Suspense>
      </main>
    </div>
  );
}

/** A page the read-only copy does not hold (administration, continuity, the audit log…). */
function NotServedByCopy() {
  const { t } = useTranslation();
  usePageTitle(t('offlineCopy.notServed.title'));
  return (
    <div className="page page-narrow">
      <PageHeading>{t('offlineCopy.notServed.title')}</PageHeading>
      <p>{t('offlineCopy.notServed.text')}</p>
      <p>
        <Link to="/patients">{t('offlineCopy.notServed.back')}</Link>
      </p>
    </div>
  );
}
