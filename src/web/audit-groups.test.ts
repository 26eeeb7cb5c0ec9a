import { describe, expect, it } from 'vitest';
import { groupAuditEvents, type GroupableEvent } from './audit-groups';

let seq = 1000;
const event = (over: Partial<GroupableEvent> & { action?: string }): GroupableEvent & { action: string } => ({
  seq: seq--,
  at: '2026-12-07T10:00:00.000Z',
  userId: 'u1',
  requestId: `r${seq}`,
  caseId: 'c1',
  outcome: 'success',
  objectType: 'media',
  action: 'media.thumbnail',
  ...over,
});

describe('grouping the audit log for reading', () => {
  it('shows a case opened with its 46 thumbnails and 2 previews as one group led by the opening', () => {
    const opening = event({ action: 'case.read', objectType: 'case', at: '2026-12-07T10:00:00.000Z' });
    const media = Array.from({ length: 48 }, (_, i) => event({ action: i < 46 ? 'media.thumbnail' : 'media.preview', at: `2026-12-07T10:00:${String(1 + (i % 50)).padStart(2, '0')}.000Z` }));
    const listed = [...media.reverse(), opening]; // newest first
    const groups = groupAuditEvents(listed);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.lead).toBe(opening);
    expect(groups[0]!.events).toHaveLength(49);
  });

  it('keeps apart other users, other cases, refusals, and the same case much later', () => {
    const listed = [
      event({ userId: 'u2' }),
      event({}),
      event({ caseId: 'c2' }),
      event({ caseId: 'c2', outcome: 'refused' }),
      event({ caseId: 'c2', outcome: 'refused', at: '2026-12-07T09:50:00.000Z' }),
      event({ caseId: null, objectType: 'patient' }),
    ];
    expect(groupAuditEvents(listed).map((g) => g.events.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('keeps an upload apart from the opening that follows it', () => {
    const upload = [event({ action: 'media.upload', objectType: 'case', requestId: 'up' }), event({ action: 'media.upload', objectType: 'case', requestId: 'up' })];
    const opening = event({ action: 'case.read', objectType: 'case', at: '2026-12-07T10:00:01.000Z' });
    const read = event({ action: 'media.read', at: '2026-12-07T10:00:02.000Z' });
    const groups = groupAuditEvents([read, opening, ...upload]);
    expect(groups.map((g) => [g.lead, g.events.length])).toEqual([[opening, 2], [upload[1], 2]]);
  });

  it('joins events of one request even without a case', () => {
    const listed = [event({ caseId: null, requestId: 'same', objectType: 'user' }), event({ caseId: null, requestId: 'same', objectType: 'role' })];
    expect(groupAuditEvents(listed).map((g) => g.events.length)).toEqual([2]);
  });
});
