import type { StatusSource, SystemStatus } from './status-graph.js';

export const PROBE_KINDS = ['http', 'tcp'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

export interface ProbeCounters {
  consecutiveFailures: number;
  consecutiveSuccesses: number;
}

export interface ProbeThresholds {
  failuresBeforeDown: number;
  successesBeforeUp: number;
}

export interface ProbeStep {
  counters: ProbeCounters;
  /** The status the probe sets now, or null to leave the status as it is. */
  change: 'down' | 'operational' | null;
}

/** Counts stop growing here; only "at least the threshold" matters. */
const COUNT_CAP = 1_000_000;

/**
 * Counts one probe result. A probe takes an operational system down after `failuresBeforeDown`
 * failures in a row and brings a system it took down back after `successesBeforeUp` successes in a
 * row. A status a duty officer set (degraded, read-only, down, maintenance) is theirs: probes never
 * change it, so planned maintenance is not turned into an outage and a manual "down" is lifted by hand.
 */
export function countProbeResult(
  counters: ProbeCounters,
  ok: boolean,
  thresholds: ProbeThresholds,
  current: { status: SystemStatus; source: StatusSource },
): ProbeStep {
  if (ok) {
    const next = { consecutiveFailures: 0, consecutiveSuccesses: Math.min(counters.consecutiveSuccesses + 1, COUNT_CAP) };
    const recovers = current.status === 'down' && current.source === 'probe' && next.consecutiveSuccesses >= thresholds.successesBeforeUp;
    return { counters: next, change: recovers ? 'operational' : null };
  }
  const next = { consecutiveFailures: Math.min(counters.consecutiveFailures + 1, COUNT_CAP), consecutiveSuccesses: 0 };
  const fails = current.status === 'operational' && next.consecutiveFailures >= thresholds.failuresBeforeDown;
  return { counters: next, change: fails ? 'down' : null };
}

/** Checks a probe target's form: an http(s) URL, or host:port for TCP. Returns a Swedish error or null. */
export function probeTargetError(kind: ProbeKind, target: string): string | null {
  if (kind === 'http') {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return 'Målet för en HTTP-kontroll ska vara en fullständig adress, t.ex. https://pacs.region.se/health (target).';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Målet för en HTTP-kontroll ska börja med http:// eller https:// (target).';
    if (url.username || url.password) return 'Målet får inte innehålla användarnamn eller lösenord (target).';
    return null;
  }
  return parseHostPort(target) ? null : 'Målet för en TCP-kontroll ska vara värd:port, t.ex. ris.region.se:104 eller [::1]:104 (target).';
}

/** `host:port` or `[v6]:port`; null when malformed. */
export function parseHostPort(target: string): { host: string; port: number } | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(target.trim());
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (match[1] ?? match[2])!, port };
}
