import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config.js';
import { dueScheduledAt, lastScheduledAt } from './schedule.js';

const STOCKHOLM = 'Europe/Stockholm';
const at = (iso: string) => new Date(iso);

describe('offline copy schedule', () => {
  it('finds the latest scheduled local time at or before an instant, in the hospital time zone', () => {
    const times = [6 * 60, 18 * 60];
    // Winter: Stockholm is UTC+1.
    expect(lastScheduledAt(at('2026-12-04T05:00:00Z'), times, STOCKHOLM)?.toISOString()).toBe('2026-12-04T05:00:00.000Z');
    expect(lastScheduledAt(at('2026-12-04T04:59:59Z'), times, STOCKHOLM)?.toISOString()).toBe('2026-12-03T17:00:00.000Z');
    expect(lastScheduledAt(at('2026-12-04T23:30:00Z'), times, STOCKHOLM)?.toISOString()).toBe('2026-12-04T17:00:00.000Z');
    // Summer: UTC+2; and across the change to summer time (29 March 2026).
    expect(lastScheduledAt(at('2026-07-01T12:00:00Z'), times, STOCKHOLM)?.toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(lastScheduledAt(at('2026-03-29T04:30:00Z'), times, STOCKHOLM)?.toISOString()).toBe('2026-03-29T04:00:00.000Z');
    expect(lastScheduledAt(at('2026-03-29T03:59:00Z'), times, STOCKHOLM)?.toISOString()).toBe('2026-03-28T17:00:00.000Z');
    expect(lastScheduledAt(at('2026-12-04T12:00:00Z'), [], STOCKHOLM)).toBeNull();
    expect(lastScheduledAt(at('2026-12-04T12:00:00Z'), [0], 'UTC')?.toISOString()).toBe('2026-12-04T00:00:00.000Z');
  });

  it('gives a sync an hour after each scheduled time before it counts as missed', () => {
    const times = [6 * 60, 18 * 60];
    expect(dueScheduledAt(at('2026-12-04T05:59:00Z'), times, STOCKHOLM)?.toISOString()).toBe('2026-12-03T17:00:00.000Z');
    expect(dueScheduledAt(at('2026-12-04T06:00:00Z'), times, STOCKHOLM)?.toISOString()).toBe('2026-12-04T05:00:00.000Z');
  });

  it('reads KASUS_OFFLINE_COPY_TIMES once, with a clear error for a bad value', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kasus-config-'));
    try {
      const config = (env: Record<string, string>) => loadConfig({ KASUS_DATA_DIR: dir, ...env });
      expect(config({}).offlineCopy).toEqual({ times: [360, 1080], previewDays: 3650 });
      expect(config({ KASUS_OFFLINE_COPY_TIMES: '18:30, 6:00,06:00', KASUS_OFFLINE_COPY_PREVIEW_DAYS: '30' }).offlineCopy).toEqual({ times: [360, 1110], previewDays: 30 });
      for (const bad of ['25:00', '06:60', 'six', '06:00;18:00', '06:00,']) {
        expect(() => config({ KASUS_OFFLINE_COPY_TIMES: bad }), bad).toThrow(ConfigError);
        expect(() => config({ KASUS_OFFLINE_COPY_TIMES: bad }), bad).toThrow(/KASUS_OFFLINE_COPY_TIMES: .*HH:MM/);
      }
      expect(() => config({ KASUS_OFFLINE_COPY_PREVIEW_DAYS: '-1' })).toThrow(/KASUS_OFFLINE_COPY_PREVIEW_DAYS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
