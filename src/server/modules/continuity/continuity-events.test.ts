import { describe, expect, it } from 'vitest';
import { ContinuityEvents, type ContinuityEvent, type ContinuityEventSource, type EventOrigin } from './continuity-events.js';

function fakeSource() {
  const notices: { seq: number; id: string }[] = [{ seq: 1, id: 'n1' }];
  const changes: { seq: number; system_id: string; status: string }[] = [{ seq: 1, system_id: 's1', status: 'down' }];
  const source: ContinuityEventSource = {
    maxNoticeSeq: async () => Math.max(0, ...notices.map((n) => n.seq)),
    maxStatusChangeSeq: async () => Math.max(0, ...changes.map((c) => c.seq)),
    noticesAfter: async (seq) => notices.filter((n) => n.seq > seq),
    statusChangesAfter: async (seq) => changes.filter((c) => c.seq > seq),
  };
  return { notices, changes, source };
}

describe('continuity event bus', () => {
  it('publishes local events to every listener, once per sequence number', () => {
    const bus = new ContinuityEvents();
    const seen: [ContinuityEvent, EventOrigin][] = [];
    const stop = bus.subscribe((e, o) => seen.push([e, o]));
    bus.subscribe(() => {
      throw new Error('a broken listener does not stop the others');
    });
    bus.publish({ type: 'notice', seq: 5, noticeId: 'a' });
    bus.publish({ type: 'notice', seq: 5, noticeId: 'a' });
    bus.publish({ type: 'status', seq: 5, systemId: 's', status: 'down' });
    expect(seen.map(([e, o]) => `${e.type}:${e.seq}:${o}`)).toEqual(['notice:5:local', 'status:5:local']);
    stop();
    bus.publish({ type: 'notice', seq: 6, noticeId: 'b' });
    expect(seen).toHaveLength(2);
  });

  it('polls for other nodes’ notices after the first mark, skipping those already published here', async () => {
    const bus = new ContinuityEvents();
    const { notices, changes, source } = fakeSource();
    const seen: string[] = [];
    bus.subscribe((e, o) => seen.push(`${e.type}:${e.seq}:${o}`));
    await bus.poll(source);
    expect(seen).toEqual([]);
    notices.push({ seq: 2, id: 'n2' }, { seq: 3, id: 'n3' });
    changes.push({ seq: 2, system_id: 's1', status: 'operational' });
    bus.publish({ type: 'notice', seq: 3, noticeId: 'n3' });
    await bus.poll(source);
    expect(seen).toEqual(['notice:3:local', 'status:2:remote', 'notice:2:remote']);
    await bus.poll(source);
    expect(seen).toHaveLength(3);
  });

  it('polls at once on a signal, once more after a running poll, and stops listening on stop', async () => {
    const bus = new ContinuityEvents();
    const { notices, source } = fakeSource();
    let signal: () => void = () => {};
    let unwatched = 0;
    let polls = 0;
    let release: () => void = () => {};
    const counted: ContinuityEventSource = {
      ...source,
      noticesAfter: async (seq) => {
        polls++;
        await new Promise<void>((resolve) => (release = resolve));
        return source.noticesAfter(seq);
      },
      watch: (onChange) => {
        signal = onChange;
        return Promise.resolve(async () => void unwatched++);
      },
    };
    const seen: string[] = [];
    bus.subscribe((e, o) => seen.push(`${e.type}:${e.seq}:${o}`));
    // A minute between polls: only signals make it poll here.
    bus.start(counted, 60_000);
    await bus.whenStarted();
    notices.push({ seq: 2, id: 'n2' });
    signal();
    await expect.poll(() => polls).toBe(1);
    // Two signals while that poll runs make one more poll, not two.
    notices.push({ seq: 3, id: 'n3' });
    signal();
    signal();
    release();
    await expect.poll(() => polls).toBe(2);
    release();
    await expect.poll(() => seen).toEqual(['notice:2:remote', 'notice:3:remote']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(polls).toBe(2);
    await bus.stop();
    expect(unwatched).toBe(1);
    signal();
    expect(polls).toBe(2);
  });
});
