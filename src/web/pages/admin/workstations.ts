// The backup workstations (issue 13) as the administration page and the duty console show them.
import { api } from '../../api';

/** One row of GET /api/offline-copy/workstations. */
export interface Workstation {
  id: string;
  name: string;
  departmentIds: string[];
  lastSyncAt: string | null;
  /** The sequence the workstation reported having at its last sync (0: none yet). */
  sequence: number;
  /** Minutes since the snapshot the workstation holds; null before its first sync. */
  ageMinutes: number | null;
  revokedAt: string | null;
  /** Set by the server when the workstation has not synced since the last scheduled snapshot. */
  missedSync?: boolean;
}

export const loadWorkstations = async (): Promise<Workstation[]> => (await api<{ items: Workstation[] }>('GET', '/api/offline-copy/workstations')).items;

/** A workstation in use that has missed a scheduled sync (revoked ones are not flagged). */
export function isMissedSync(w: Workstation): boolean {
  return !w.revokedAt && w.missedSync === true;
}

export const registerWorkstation = (body: { name: string; publicKey: string; departmentIds: string[] }) =>
  api<{ id: string; name: string; token: string }>('POST', '/api/offline-copy/workstations', body);

export const revokeWorkstation = (id: string) => api<void>('DELETE', `/api/offline-copy/workstations/${encodeURIComponent(id)}`);

export const snapshotNow = () => api<{ sequence: number }>('POST', '/api/offline-copy/snapshots', {});
