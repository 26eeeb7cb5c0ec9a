import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import sv from './i18n/sv';
import {
  REFUSAL_CODES,
  TaskQueue,
  departmentsWithRight,
  expectedDerivatives,
  formatDuration,
  formatSize,
  hasRightIn,
  isPreparing,
  needsPolling,
  pollDelay,
  refusalText,
} from './media';
import type { MediaView, SessionUser } from './types';

function item(change: Partial<MediaView>): MediaView {
  return {
    id: 'm1',
    caseId: 'c1',
    status: 'ready',
    kind: 'image',
    mime: 'image/jpeg',
    sha256: 'x',
    sizeBytes: 1,
    originalFilename: 'a.jpg',
    capturedAt: null,
    caption: null,
    uploadedBy: 'u',
    createdAt: '2026-11-22T08:00:00Z',
    derivatives: {},
    ...change,
  };
}

const d = { mime: 'image/jpeg' };

describe('refusal texts', () => {
  it('has a Swedish text for every refusal code', () => {
    const refusals = sv.refusals as Record<string, string>;
    expect(REFUSAL_CODES.filter((code) => !refusals[code])).toEqual([]);
  });

  it('uses the translation, else the server message', () => {
    const t = ((key: string, opts?: { defaultValue?: string }) =>
      key === 'refusals.duplicate' ? 'Dubblett' : key === 'errors.generic' ? 'Fel' : (opts?.defaultValue ?? key)) as unknown as TFunction;
    expect(refusalText(t, 'duplicate', 'server text')).toBe('Dubblett');
    expect(refusalText(t, 'new_code', 'server text')).toBe('server text');
    expect(refusalText(t, 'new_code', '')).toBe('Fel');
  });
});

describe('polling', () => {
  it('waits for cleaning and for the derived files of each kind', () => {
    expect(isPreparing(item({ status: 'processing' }))).toBe(true);
    expect(isPreparing(item({ derivatives: { thumbnail: d } }))).toBe(true);
    expect(isPreparing(item({ derivatives: { thumbnail: d, preview: d } }))).toBe(false);
    expect(isPreparing(item({ kind: 'video', derivatives: { thumbnail: d, poster: d } }))).toBe(true);
    expect(isPreparing(item({ kind: 'video', derivatives: { thumbnail: d, poster: d, playable: d } }))).toBe(false);
    // Audio has no thumbnail.
    expect(expectedDerivatives('audio')).toEqual(['playable']);
    expect(isPreparing(item({ kind: 'audio', derivatives: { playable: d } }))).toBe(false);
  });

  it('polls every 2 s, more slowly once nothing changes', () => {
    expect(pollDelay(0)).toBe(2000);
    expect(pollDelay(29)).toBe(2000);
    expect(pollDelay(30)).toBe(10_000);
  });

  it('polls while any item is preparing', () => {
    const done = item({ derivatives: { thumbnail: d, preview: d } });
    expect(needsPolling([])).toBe(false);
    expect(needsPolling([done])).toBe(false);
    expect(needsPolling([done, item({ id: 'm2', status: 'processing' })])).toBe(true);
  });
});

describe('formatting', () => {
  it('formats durations', () => {
    expect(formatDuration(2000)).toBe('0:02');
    expect(formatDuration(62_400)).toBe('1:02');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('formats sizes', () => {
    expect(formatSize(512, 'en-GB')).toBe('512 B');
    expect(formatSize(332_000, 'en-GB')).toBe('332 kB');
    expect(formatSize(4_200_000, 'en-GB')).toBe('4.2 MB');
    expect(formatSize(4_200_000, 'sv-SE')).toBe('4,2 MB');
  });
});

describe('departments from the session', () => {
  const user: SessionUser = {
    id: 'u',
    username: 'lakare',
    displayName: 'L',
    active: true,
    rights: [],
    assignments: [
      { departmentId: 'd2', departmentHsaId: 'h2', departmentName: 'Kirurgkliniken', roleId: 'r', roleName: 'Läkare', global: false, rights: ['case.write', 'media.upload'] },
      { departmentId: 'd1', departmentHsaId: 'h1', departmentName: 'Hudkliniken', roleId: 'r', roleName: 'Läkare', global: false, rights: ['case.write'] },
      { departmentId: 'd3', departmentHsaId: 'h3', departmentName: 'Röntgen', roleId: 'r2', roleName: 'Läsare', global: false, rights: ['case.read'] },
    ],
  };

  it('lists the departments holding a right, by name', () => {
    expect(departmentsWithRight(user, 'case.write').map((x) => x.name)).toEqual(['Hudkliniken', 'Kirurgkliniken']);
    expect(departmentsWithRight(null, 'case.write')).toEqual([]);
  });

  it('checks a right in one department, or through a global role', () => {
    expect(hasRightIn(user, 'media.upload', 'd2')).toBe(true);
    expect(hasRightIn(user, 'media.upload', 'd1')).toBe(false);
    const global = { ...user, assignments: [{ ...user.assignments[2]!, global: true, rights: ['media.upload'] }] };
    expect(hasRightIn(global, 'media.upload', 'd1')).toBe(true);
  });
});

describe('TaskQueue', () => {
  it('runs at most `limit` tasks at once, in order, and carries on after failures', async () => {
    const queue = new TaskQueue(3);
    const started: number[] = [];
    const finishers: (() => void)[] = [];
    let peak = 0;
    for (let i = 0; i < 7; i++) {
      queue.push(
        () =>
          new Promise<void>((resolve, reject) => {
            started.push(i);
            peak = Math.max(peak, queue.active);
            finishers[i] = i === 1 ? () => reject(new Error('refused')) : resolve;
          }),
      );
    }
    expect(started).toEqual([0, 1, 2]);
    expect(queue.queued).toBe(4);
    for (let i = 0; i < 7; i++) {
      await Promise.resolve();
      finishers[i]!();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBeLessThanOrEqual(3);
    expect(queue.active).toBe(0);
  });
});
