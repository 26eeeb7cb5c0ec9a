import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, client } from '../api';
import { ErrorAlert, Loading, PageHeading, useLoad, usePageTitle } from '../components/common';
import { ScenariosAdmin } from './ScenariosAdmin';
import { ServiceDesksAdmin } from './ServiceDesksAdmin';
import { SubscriptionsAdmin } from './SubscriptionsAdmin';
import { SystemsAdmin } from './SystemsAdmin';

/**
 * Administration of the continuity module (continuity.manage): the systems registry with health
 * probes (C1/C2), the downtime scenarios (C3), the service desks that receive urgent reports (C5)
 * and where each department's notices are sent (C4).
 */
export function ContinuityAdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('continuityAdmin.title'));
  const id = useId();
  const [reload, setReload] = useState(0);
  const systems = useLoad(() => call(client.GET('/api/systems')), [reload]);
  const departments = useLoad(() => call(client.GET('/api/departments')), []);

  const sections = [
    { key: 'systems', label: t('continuityAdmin.systems.title') },
    { key: 'scenarios', label: t('continuityAdmin.scenarios.title') },
    { key: 'serviceDesks', label: t('continuityAdmin.serviceDesks.title') },
    { key: 'subscriptions', label: t('continuityAdmin.subscriptions.title') },
  ];
  const anchor = (key: string) => `${id.replace(/[^A-Za-z0-9_-]/g, '')}-${key}`;

  return (
    <div className="page continuity-admin">
      <PageHeading>{t('continuityAdmin.title')}</PageHeading>
      <p className="page-intro">{t('continuityAdmin.intro')}</p>
      <p>
        <Link to="/status/console">{t('continuityAdmin.toConsole')}</Link>
      </p>
      <nav aria-label={t('continuityAdmin.sections')}>
        <ul className="inline-list">
          {sections.map((s) => (
            <li key={s.key}>
              <a href={`#${anchor(s.key)}`}>{s.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorAlert error={systems.error} detail />
      <ErrorAlert error={departments.error} detail />
      {!systems.data && !systems.error && <Loading />}
      {systems.data && (
        <>
          <SystemsAdmin anchor={anchor('systems')} systems={systems.data} departments={departments.data ?? []} onChanged={() => setReload((r) => r + 1)} />
          <ScenariosAdmin anchor={anchor('scenarios')} systems={systems.data} />
          <ServiceDesksAdmin anchor={anchor('serviceDesks')} />
          <SubscriptionsAdmin anchor={anchor('subscriptions')} departments={departments.data ?? []} />
        </>
      )}
    </div>
  );
}
