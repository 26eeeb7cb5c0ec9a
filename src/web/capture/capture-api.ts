// The server's side of offline capture (issue 16, C10; API.md "Captures"): the session that binds a
// capture to one patient and case, and whether an item is already stored. Uploads of the items
// themselves go over tus (../resumable.ts, uploadCaptureItem).
import { ApiError, call, client } from '../api';
import type { ApiRequest, ApiResponse } from '../types';

export type CaptureSessionBody = ApiRequest<'/api/captures', 'post'>;
export type CaptureSession = ApiResponse<'/api/captures', 'post'>;
export type StoredItem = ApiResponse<'/api/captures/{id}/items/{key}', 'get'>;

/** Creates the capture's session (or answers the one this device made before: idempotent). */
export function createCaptureSession(body: CaptureSessionBody): Promise<CaptureSession> {
  return call(client.POST('/api/captures', { body }));
}

/** The item as the server holds it, or null when it has not been stored (404). */
export async function storedItem(captureId: string, key: string): Promise<StoredItem | null> {
  try {
    return await call(client.GET('/api/captures/{id}/items/{key}', { params: { path: { id: captureId, key } } }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
