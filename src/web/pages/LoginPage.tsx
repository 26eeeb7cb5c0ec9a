import { useState } from 'react';
import type { FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session';
import { ErrorAlert, Loading, usePageTitle } from '../components/common';
import { LanguageSelect } from '../components/LanguageSelect';
import { CopyBanner } from '../components/CopyMode';

export function LoginPage() {
  const { t } = useTranslation();
  const { status, login, restoreError, endReason } = useSession();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('login.title'));

  if (status === 'authenticated') {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      await login(username, password);
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="login-screen">
      <CopyBanner />
      <div className="login-tools">
        <LanguageSelect />
      </div>
      <main id="main" className="login-card">
        <div className="brand brand-large">
          <span className="brand-name">{t('common.appName')}</span>
          <span className="brand-tagline">{t('common.tagline')}</span>
        </div>
        {status === 'loading' ? (
          <Loading />
        ) : (
          <>
            <h1>{t('login.title')}</h1>
            <p className="muted">{t('login.intro')}</p>
            {endReason === 'expired' && !error && (
              <p className="alert alert-info" role="status">
                {t('login.expired')}
              </p>
            )}
            {endReason === 'logout' && !error && (
              <p className="alert alert-info" role="status">
                {t('login.loggedOut')}
              </p>
            )}
            <form onSubmit={(e) => void onSubmit(e)}>
              <ErrorAlert error={error ?? restoreError} />
              <div className="field">
                <label htmlFor="login-username">{t('login.username')}</label>
                <input
                  id="login-username"
                  name="username"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  autoFocus
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="login-password">{t('login.password')}</label>
                <input
                  id="login-password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </div>
              <button type="submit" className="button-primary button-block" disabled={submitting}>
                {submitting ? t('login.submitting') : t('login.submit')}
              </button>
            </form>
          </>
        )}
      </main>
    </div>
  );
}
