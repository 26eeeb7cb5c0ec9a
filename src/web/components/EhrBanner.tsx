import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import '../i18n/ehr';
import { useSession } from '../session';

/**
 * Shown on every page of a session opened from the EHR in read mode (issue 15): why nothing can be
 * saved. The server refuses every write of such a session (403 ehr_read_only) whatever the page does.
 */
export function EhrBanner() {
  const { t } = useTranslation();
  const { ehrReadOnly } = useSession();
  if (!ehrReadOnly) return null;
  return (
    <div className="continuity-banners">
      <section className="banner banner-readonly" role="alert" data-testid="ehr-readonly-banner">
        <h2>{t('ehr.readOnlyTitle')}</h2>
        <p>{t(ehrReadOnly === 'ehr_system' ? 'ehr.readOnlySystem' : 'ehr.readOnlyLaunch')}</p>
        <p className="banner-links">
          <Link to="/status">{t('ehr.more')}</Link>
        </p>
      </section>
    </div>
  );
}
