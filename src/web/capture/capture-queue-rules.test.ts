import { describe, expect, it } from 'vitest';
import { backoffMs, CHECKSUM_RETRIES, countStates, outcomeOf, sendOrder } from './capture-queue-rules';

describe('what the queue does after a failed try', () => {
  it.each([
    [0, 'network_error', 'retry'],
    [502, 'http_502', 'retry'],
    [503, 'http_503', 'retry'],
    [500, 'internal_error', 'retry'],
    [409, 'upload_offset_mismatch', 'retry'],
    [423, 'upload_busy', 'retry'],
    [401, 'not_authenticated', 'login'],
    [403, 'csrf_invalid', 'csrf'],
    [415, 'unsupported_media_type', 'refused'],
    [413, 'payload_too_large', 'refused'],
    [409, 'capture_conflict', 'refused'],
    [403, 'forbidden', 'refused'],
    [400, 'invalid_identifier', 'refused'],
  ] as const)('%i %s → %s', (status, code, outcome) => {
    expect(outcomeOf(status, code, 0)).toBe(outcome);
  });

  it('tries a checksum mismatch again a few times, then keeps it as refused', () => {
    expect(outcomeOf(422, 'checksum_mismatch', 1)).toBe('retry');
    expect(outcomeOf(422, 'checksum_mismatch', CHECKSUM_RETRIES)).toBe('refused');
  });
});

describe('pauses between tries', () => {
  it('grow from one second to at most 30, never zero', () => {
    expect(backoffMs(1, () => 0)).toBe(1000);
    expect(backoffMs(2, () => 0)).toBe(2000);
    expect(backoffMs(5, () => 0)).toBe(16_000);
    expect(backoffMs(50, () => 0)).toBe(30_000);
    expect(backoffMs(50, () => 0.999)).toBeGreaterThan(24_000);
    expect(backoffMs(1, () => 0.999)).toBeGreaterThanOrEqual(800);
  });
});

describe('the queue order and counts', () => {
  const item = (key: string, state: 'waiting' | 'sending' | 'stored' | 'refused', addedAt: string, onDevice = true) => ({ key, state, addedAt, onDevice });

  it('sends waiting and interrupted items oldest first, never stored or refused ones', () => {
    const items = [
      item('c', 'waiting', '2026-12-07T10:00:02Z'),
      item('a', 'stored', '2026-12-07T10:00:00Z', false),
      item('b', 'sending', '2026-12-07T10:00:01Z'),
      item('d', 'refused', '2026-12-07T09:00:00Z'),
      item('e', 'waiting', '2026-12-07T10:00:01Z'),
    ];
    expect(sendOrder(items).map((i) => i.key)).toEqual(['b', 'e', 'c']);
  });

  it('counts each state and the items whose bytes are still on the device', () => {
    expect(
      countStates([item('a', 'stored', '', false), item('b', 'waiting', ''), item('c', 'refused', ''), item('d', 'sending', '')]),
    ).toEqual({ waiting: 1, sending: 1, stored: 1, refused: 1, deviceItems: 3 });
  });
});
