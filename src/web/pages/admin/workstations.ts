// The backup workstations (issue 13) as the administration page and the duty console show them.
import { call, client } from '../../api';
import type { ApiResponse } from '../../types';

/** One row of GET /api/offline-copy/workstations (`missedSync`: no sync since the last scheduled snapshot). */
export type Workstation = ApiResponse<'/api/offline-copy/workstations', 'get'>['items'][number];

export const loadWorkstations = async (): Promise<Workstation[]> => (await call(client.GET('/api/offline-copy/workstations'))).items;

/** A workstation in use that has missed a scheduled sync (revoked ones are not flagged). */
export function isMissedSync(w: Workstation): boolean {
  return !w.revokedAt && w.missedSync;
}

export const registerWorkstation = (body: { name: string; publicKey: string; departmentIds: string[] }) =>
  call(client.POST('/api/offline-copy/workstations', { body }));

export const revokeWorkstation = (id: string) => call(client.DELETE('/api/offline-copy/workstations/{id}', { params: { path: { id } } }));

export const snapshotNow = () => call(client.POST('/api/offline-copy/snapshots'));
