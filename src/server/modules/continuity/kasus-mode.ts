import type { ContinuityEvents } from './continuity-events.js';
import type { ContinuityRepository } from './continuity-repository.js';
import { KASUS_SYSTEM_KEY, type KasusMode } from './continuity-views.js';

/**
 * Kasus's own read-only mode (C2): the status of Kasus's row in the systems registry, kept in memory
 * so that every request can ask it for nothing.
 */
export class KasusModeState {
  private kasusMode: KasusMode = 'read_write';

  constructor(
    private readonly repository: ContinuityRepository,
    events: ContinuityEvents,
  ) {
    // Another node's status change may have set Kasus read-only (or back): read the mode at once,
    // not only at the next refresh.
    events.subscribe((event, origin) => {
      if (event.type === 'status' && origin === 'remote') void this.refreshMode().catch(() => {});
    });
  }

  /** Kasus's mode, from memory: costs nothing per request. */
  mode(): KasusMode {
    return this.kasusMode;
  }

  /** Reads Kasus's status again (at start, and now and then for changes made on other nodes). */
  async refreshMode(): Promise<KasusMode> {
    this.kasusMode = (await this.repository.statusByKey(KASUS_SYSTEM_KEY)) === 'read_only' ? 'read_only' : 'read_write';
    return this.kasusMode;
  }

  /** Records the mode after a status change of Kasus's row committed on this node. */
  set(mode: KasusMode): void {
    this.kasusMode = mode;
  }
}
