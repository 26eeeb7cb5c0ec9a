// The queue that sends captured items to the server when it can (issue 16, C10). One item at a time:
// create the capture's session (idempotent), ask whether the server already holds the item, else upload
// it over tus with its key and SHA-256; the ciphertext leaves the device only after the server confirmed.
// Failures that time mends (no network, server away or restarting) are tried again forever with
// growing pauses; a lost session waits for the user to log in again; a refusal is kept, with its reason.
import { ApiError, call, client, getCsrfToken, setCsrfToken } from '../api';
import { uploadCaptureItem } from '../resumable';
import { createCaptureSession, storedItem } from './capture-api';
import { backoffMs, outcomeOf, sendOrder } from './capture-queue-rules';
import * as store from './capture-store';

export interface Progress {
  sent: number;
  total: number;
}

export interface QueueStatus {
  /** the server answered 401: the queue waits for the user to log in again */
  waitingForLogin: boolean;
  /** the last try found no network or no server; the queue tries again by itself */
  retrying: boolean;
  /** item key → bytes sent of the item being uploaded */
  progress: Record<string, Progress>;
  /** grows whenever the queue changed an item in the store (the page then reads the store again) */
  itemsVersion: number;
}

type Listener = () => void;

/** Why an item was refused on the device itself (its bytes could not be read back). */
const DEVICE_UNREADABLE = 'device_unreadable';

class CaptureQueue {
  private running = false;
  /** The upload under way, and whether tus is waiting to reconnect it (its own pauses are up to 20 s). */
  private upload: { abort(): void; reconnecting: boolean } | null = null;
  private wakeUp: (() => void) | null = null;
  /** A nudge came while the loop was reading the store: read it again before stopping. */
  private nudged = false;
  private listeners = new Set<Listener>();
  private status: QueueStatus = { waitingForLogin: false, retrying: false, progress: {}, itemsVersion: 0 };
  /** Called when the queue found the session alive again (to let the page's session know). */
  onSessionRestored: (() => void) | null = null;

  snapshot(): QueueStatus {
    return this.status;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something changed (an item was added, the network is back, the user logged in): try now. */
  nudge(): void {
    if (this.status.waitingForLogin) this.set({ waitingForLogin: false });
    // An upload waiting out one of tus's pauses is started again at once (it resumes from the server's offset).
    if (this.upload?.reconnecting) this.upload.abort();
    this.nudged = true;
    this.start();
    this.wakeUp?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const run = () => this.loop().finally(() => (this.running = false));
    // One queue per browser, however many tabs are open (the server would keep the items exactly once
    // anyway; this avoids sending the same bytes twice).
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    void (locks ? locks.request('kasus-capture-queue', run) : run()).catch(() => undefined);
  }

  private set(change: Partial<QueueStatus>): void {
    this.status = { ...this.status, ...change };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private itemsChanged(change: Partial<QueueStatus> = {}): void {
    this.set({ ...change, itemsVersion: this.status.itemsVersion + 1 });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = window.setTimeout(done, ms);
      function done() {
        window.clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    for (;;) {
      this.nudged = false;
      const next = sendOrder(await store.items())[0];
      if (!next) {
        // An item added while the store was being read may not be in what was read.
        if (this.nudged) continue;
        this.set({ retrying: false });
        return;
      }
      if (this.status.waitingForLogin) {
        // Until the user logs in (nudge), only a slow check whether the session came back by itself.
        await this.sleep(60_000);
        if (this.status.waitingForLogin && !(await this.sessionAlive().catch(() => false))) continue;
        this.set({ waitingForLogin: false });
      }
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        this.set({ retrying: true });
        await this.sleep(30_000);
        continue;
      }
      try {
        await this.send(next);
        failures = 0;
        this.set({ retrying: false });
      } catch (err) {
        const error = err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err));
        const outcome = outcomeOf(error.status, error.code, next.attempts + (error.code === 'checksum_mismatch' ? 1 : 0));
        if (outcome === 'refused') {
          await store.updateItem(next.key, { state: 'refused', error: { code: error.code, message: error.message } });
          this.itemsChanged({ progress: {} });
          continue;
        }
        await store.updateItem(next.key, {
          state: 'waiting',
          attempts: next.attempts + (error.code === 'checksum_mismatch' ? 1 : 0),
        });
        if (outcome === 'login') {
          setCsrfToken(null);
          this.itemsChanged({ waitingForLogin: true, progress: {} });
          continue;
        }
        if (outcome === 'csrf') setCsrfToken(null);
        // Aborted by nudge() (the network is back): try again now rather than after a pause.
        if (error.code === 'aborted') continue;
        failures++;
        this.itemsChanged({ retrying: true, progress: {} });
        await this.sleep(backoffMs(failures));
      }
    }
  }

  /** Whether the server knows this browser's session; takes its CSRF token. Throws when it cannot tell. */
  private async sessionAlive(): Promise<boolean> {
    try {
      const session = await call(client.GET('/api/session'));
      setCsrfToken(session.csrfToken);
      this.onSessionRestored?.();
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return false;
      throw err;
    }
  }

  private async send(item: store.DeviceItem): Promise<void> {
    // After a reload with no server the page has no CSRF token: take it from the session first.
    if (!getCsrfToken() && !(await this.sessionAlive())) throw new ApiError(401, 'not_authenticated', 'Not logged in');
    const binding = await store.binding(item.captureId);
    if (!binding) throw new ApiError(404, 'not_found', 'The capture is not on this device');
    if (!binding.caseId) {
      const session = await createCaptureSession({
        id: binding.id,
        identifier: binding.identifierInput,
        identityVerification: binding.identityVerification,
        departmentId: binding.departmentId,
        oralConsent: binding.oralConsent,
        purpose: binding.purpose,
        startedAt: binding.startedAt,
      });
      await store.saveBinding({ ...binding, caseId: session.caseId });
    }
    const already = await storedItem(item.captureId, item.key);
    if (already) {
      await this.confirm(item.key, already.mediaId);
      return;
    }
    let file: File;
    try {
      file = await store.plaintextOf(item);
    } catch (err) {
      throw new ApiError(422, DEVICE_UNREADABLE, err instanceof Error ? err.message : String(err));
    }
    await store.updateItem(item.key, { state: 'sending' });
    this.itemsChanged({ progress: { [item.key]: { sent: 0, total: item.size } } });
    const current = { abort: () => undefined as void, reconnecting: false };
    const upload = uploadCaptureItem(
      { captureId: item.captureId, key: item.key, sha256: item.sha256, filename: item.filename, capturedAt: item.capturedAt },
      file,
      {
        onProgress: (sent, total) => this.set({ progress: { [item.key]: { sent, total } } }),
        onReconnecting: () => (current.reconnecting = true),
        onReconnected: () => (current.reconnecting = false),
      },
    );
    current.abort = () => upload.abort();
    this.upload = current;
    let result;
    try {
      result = await upload.promise;
    } finally {
      this.upload = null;
    }
    if (result.mediaId) {
      await this.confirm(item.key, result.mediaId);
      return;
    }
    // tus finished without Kasus's answer (e.g. the last answer was lost and a HEAD found the upload
    // complete): only the server's own word on the item lets its bytes leave the device.
    const confirmed = await storedItem(item.captureId, item.key);
    if (!confirmed) throw new ApiError(0, 'network_error', 'The server did not confirm the item');
    await this.confirm(item.key, confirmed.mediaId);
  }

  private async confirm(key: string, mediaId: string): Promise<void> {
    await store.confirmStored(key, mediaId);
    this.itemsChanged({ progress: {} });
  }
}

export const captureQueue = new CaptureQueue();

declare global {
  interface Window {
    __kasusCapture?: { stats(): Promise<store.CaptureStats> };
  }
}

/** Starts the queue on page load and whenever the browser is back online; exposes its counts for tests. */
export function startCaptureQueue(): void {
  window.__kasusCapture = { stats: () => store.stats() };
  window.addEventListener('online', () => captureQueue.nudge());
  captureQueue.start();
}
