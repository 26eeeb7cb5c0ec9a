import { describe, expect, it } from 'vitest';
import { countProbeResult, parseHostPort, probeTargetError, type ProbeCounters } from './probe-state.js';
import type { StatusSource, SystemStatus } from './status-graph.js';

const thresholds = { failuresBeforeDown: 3, successesBeforeUp: 2 };

/** Feeds results in order, letting each change take effect, and returns the status after each. */
function run(results: boolean[], start: { status: SystemStatus; source: StatusSource } = { status: 'operational', source: 'initial' }) {
  let counters: ProbeCounters = { consecutiveFailures: 0, consecutiveSuccesses: 0 };
  let current = start;
  return results.map((ok) => {
    const step = countProbeResult(counters, ok, thresholds, current);
    counters = step.counters;
    if (step.change) current = { status: step.change, source: 'probe' };
    return current.status;
  });
}

describe('probe counting', () => {
  it('takes an operational system down after N failures in a row, and back up after M successes in a row', () => {
    expect(run([false, false, false, true, true])).toEqual(['operational', 'operational', 'down', 'down', 'operational']);
  });

  it('starts counting again when a result breaks the run', () => {
    expect(run([false, false, true, false, false, true])).toEqual(Array(6).fill('operational'));
    expect(run([false, false, false, true, false, true, true])).toEqual(['operational', 'operational', 'down', 'down', 'down', 'down', 'operational']);
  });

  it('reports the change once, not on every further failure', () => {
    let counters: ProbeCounters = { consecutiveFailures: 2, consecutiveSuccesses: 0 };
    const first = countProbeResult(counters, false, thresholds, { status: 'operational', source: 'initial' });
    expect(first).toEqual({ counters: { consecutiveFailures: 3, consecutiveSuccesses: 0 }, change: 'down' });
    counters = first.counters;
    expect(countProbeResult(counters, false, thresholds, { status: 'down', source: 'probe' }).change).toBeNull();
  });

  it('never changes a status a duty officer set, except taking down an operational system', () => {
    for (const status of ['degraded', 'read_only', 'maintenance', 'down'] as const) {
      expect(run([false, false, false, false], { status, source: 'manual' })).toEqual(Array(4).fill(status));
      expect(run([true, true, true], { status, source: 'manual' })).toEqual(Array(3).fill(status));
    }
    expect(run([false, false, false], { status: 'operational', source: 'manual' })).toEqual(['operational', 'operational', 'down']);
  });

  it('with thresholds of one, changes at the first result', () => {
    const one = { failuresBeforeDown: 1, successesBeforeUp: 1 };
    expect(countProbeResult({ consecutiveFailures: 0, consecutiveSuccesses: 5 }, false, one, { status: 'operational', source: 'probe' }).change).toBe('down');
    expect(countProbeResult({ consecutiveFailures: 5, consecutiveSuccesses: 0 }, true, one, { status: 'down', source: 'probe' }).change).toBe('operational');
  });
});

describe('probe targets', () => {
  it('accepts http(s) URLs for HTTP and host:port for TCP', () => {
    expect(probeTargetError('http', 'https://pacs.region.se/health')).toBeNull();
    expect(probeTargetError('http', 'http://127.0.0.1:8080/')).toBeNull();
    expect(probeTargetError('tcp', 'ris.region.se:104')).toBeNull();
    expect(probeTargetError('tcp', '[::1]:104')).toBeNull();
    expect(parseHostPort('[::1]:104')).toEqual({ host: '::1', port: 104 });
  });

  it('refuses anything else with a Swedish message', () => {
    expect(probeTargetError('http', 'pacs.region.se')).toMatch(/fullständig adress/);
    expect(probeTargetError('http', 'ftp://pacs.region.se/')).toMatch(/http:\/\//);
    expect(probeTargetError('http', 'https://user:secret@pacs.region.se/')).toMatch(/lösenord/);
    expect(probeTargetError('tcp', 'ris.region.se')).toMatch(/värd:port/);
    expect(probeTargetError('tcp', 'ris.region.se:70000')).toMatch(/värd:port/);
    expect(probeTargetError('tcp', 'http://ris:104')).toMatch(/värd:port/);
  });
});
