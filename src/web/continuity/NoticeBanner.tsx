import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, client } from '../api';
import { useSession } from '../session';
import { fetchInForce, formatTime, subscribeContinuity, type Mode, type Notice, type ScenarioInForce, type SystemItem } from './continuity';

interface BannerState {
  outages: Notice[];
  /** The newest update of each open outage, by outage id. */
  updates: Map<string, Notice>;
  mode: Mode;
  inForce: ScenarioInForce[] | null;
  /** The criticality-1 systems: an urgent incident can be reported for them. */
  critical: Set<string>;
  /** Kasus's own system: in read-only mode its outage is told by the read-only banner alone. */
  kasusIds: Set<string>;
}

/** How many steps of a routine the banner shows; the status page shows them all. */
const STEPS_SHOWN = 3;

/**
 * Shown on every page: the open outage notices (system, affected, since, expected end, reason) and
 * the routine in force, live from the event stream; and a banner of its own while Kasus is read-only.
 */
export function NoticeBanner() {
  const { t, i18n } = useTranslation();
  const canReport = useSession().hasRight('incident.report');
  const [state, setState] = useState<BannerState>({ outages: [], updates: new Map(), mode: 'read_write', inForce: null, critical: new Set(), kasusIds: new Set() });

  const load = useCallback(async () => {
    try {
      const [open, recent, health, inForce, systems] = await Promise.all([
        call(client.GET('/api/notices', { params: { query: { open: 'true', pageSize: 50 } } })),
        call(client.GET('/api/notices', { params: { query: { pageSize: 100 } } })),
        call(client.GET('/api/health')),
        fetchInForce().catch(() => null),
        call(client.GET('/api/systems')).catch(() => [] as SystemItem[]),
      ]);
      const updates = new Map<string, Notice>();
      for (const n of recent.items) if (n.kind === 'update' && n.outageId && !updates.has(n.outageId)) updates.set(n.outageId, n);
      setState({ outages: open.items, updates, mode: health.mode, inForce, critical: new Set(systems.filter((x) => x.criticality === 1).map((x) => x.id)), kasusIds: new Set(systems.filter((x) => x.isKasus).map((x) => x.id)) });
    } catch {
      // The banner stays as it was; the next event reads again.
    }
  }, []);

  useEffect(() => {
    void load();
    return subscribeContinuity((event) => {
      // A recovery takes its outage away at once, before the reading again.
      if (event.notice?.kind === 'recovery') {
        const outageId = event.notice.outageId;
        setState((s) => ({ ...s, outages: s.outages.filter((o) => o.id !== outageId) }));
      } else if (event.notice?.kind === 'outage') {
        const notice = event.notice;
        setState((s) => (s.outages.some((o) => o.id === notice.id) ? s : { ...s, outages: [notice, ...s.outages] }));
      }
      void load();
    });
  }, [load]);

  const { updates, mode, inForce, critical, kasusIds } = state;
  // One banner for Kasus's read-only mode: its own outage notice would say the same thing again.
  const kasusOutage = mode === 'read_only' ? state.outages.find((o) => kasusIds.has(o.system.id)) : undefined;
  const kasusLatest = kasusOutage ? (updates.get(kasusOutage.id) ?? kasusOutage) : undefined;
  const outages = kasusOutage ? state.outages.filter((o) => o !== kasusOutage) : state.outages;
  if (outages.length === 0 && mode !== 'read_only') return null;

  return (
    <div className="continuity-banners">
      {mode === 'read_only' && (
        <section className="banner banner-readonly" role="alert" aria-live="assertive" data-testid="readonly-banner">
          <h2>{t('continuity.banner.readOnlyTitle')}</h2>
          {kasusLatest?.message && <p className="banner-reason">{kasusLatest.message}</p>}
          <p>{t('continuity.banner.readOnlyText')}</p>
          {kasusOutage && (
            <p className="banner-facts-inline">
              {t('continuity.banner.since')}: {formatTime(kasusOutage.startedAt, i18n.language)} · {t('continuity.banner.expectedEnd')}:{' '}
              {kasusLatest?.expectedEnd ? formatTime(kasusLatest.expectedEnd, i18n.language) : t('continuity.banner.unknown')} · <Link to="/status">{t('continuity.banner.more')}</Link>
            </p>
          )}
        </section>
      )}
      {outages.map((outage) => {
        const latest = updates.get(outage.id) ?? outage;
        return (
          <section key={outage.id} className="banner banner-outage" role="alert" aria-live="assertive" data-testid="outage-banner">
            <h2>
              {t('continuity.banner.outageTitle', { system: outage.system.name, status: t(`continuity.status.${latest.status}`) })}
            </h2>
            {latest.message && <p className="banner-reason">{latest.message}</p>}
            <dl className="banner-facts">
              <div>
                <dt>{t('continuity.banner.since')}</dt>
                <dd>{formatTime(outage.startedAt, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('continuity.banner.expectedEnd')}</dt>
                <dd>{latest.expectedEnd ? formatTime(latest.expectedEnd, i18n.language) : t('continuity.banner.unknown')}</dd>
              </div>
              {outage.affected.length > 0 && (
                <div>
                  <dt>{t('continuity.banner.affected')}</dt>
                  <dd>{outage.affected.map((a) => a.name).join(', ')}</dd>
                </div>
              )}
              {outage.departments.length > 0 && (
                <div>
                  <dt>{t('continuity.banner.departments')}</dt>
                  <dd>{outage.departments.map((d) => d.name).join(', ')}</dd>
                </div>
              )}
            </dl>
            {inForce
              ?.filter((s) => s.matchedBy.some((m) => m.systemId === outage.system.id || outage.affected.some((a) => a.id === m.systemId)))
              .map((s) => (
                <div key={s.scenario.id} className="banner-routine" data-testid="banner-routine">
                  <p>
                    <strong>{t('continuity.banner.routineInForce', { scenario: s.scenario.name })}</strong>
                  </p>
                  {s.routines.map((r) => (
                    <div key={r.routineId}>
                      <p>{r.title}</p>
                      <ol>
                        {r.steps.slice(0, STEPS_SHOWN).map((step, i) => (
                          <li key={i}>{step}</li>
                        ))}
                      </ol>
                    </div>
                  ))}
                </div>
              ))}
            <p className="banner-links">
              <Link to="/status">{t('continuity.banner.more')}</Link>
              {canReport && critical.has(outage.system.id) && (
                <>
                  {' · '}
                  <Link to={`/status/incidents/new?system=${encodeURIComponent(outage.system.id)}`}>{t('incidents.reportFor', { system: outage.system.name })}</Link>
                </>
              )}
            </p>
          </section>
        );
      })}
    </div>
  );
}
