// The server's side of offline capture (issue 16, C10; /tmp contract, API.md "Captures"): the
// session that binds a capture to one patient and case, and whether an item is already stored.
// Uploads of the items themselves go over tus (../resumable.ts, uploadCaptureItem).
import { ApiError, call, client } from '../api';
import type { IdentityVerification } from './capture-store';

export interface CaptureSessionBody {
  id: string;
  identifier: string;
  identityVerification: IdentityVerification;
  departmentId: string;
  oralConsent: boolean;
  purpose: string;
  startedAt: string;
}

export interface StoredItem {
  key: string;
  state: 'stored';
  mediaId: string;
  sha256: string;
}

export interface CaptureSession {
  id: string;
  caseId: string;
  patientId: string;
  departmentId: string;
  items: StoredItem[];
}

// Until the server's capture routes are in the generated schema, the typed client is reached through
// a path it does not know yet; the answers' shapes are the contract's.
type LooseClient = {
  POST(path: string, init: { body: unknown }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  GET(path: string, init: { params: { path: Record<string, string> } }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};
const loose = client as unknown as LooseClient;

/** Creates the capture's session (or answers the one this device made before: idempotent). */
export async function createCaptureSession(body: CaptureSessionBody): Promise<CaptureSession> {
  return (await call(loose.POST('/api/captures', { body }))) as CaptureSession;
}

/** The item as the server holds it, or null when it has not been stored (404). */
export async function storedItem(captureId: string, key: string): Promise<StoredItem | null> {
  try {
    return (await call(loose.GET('/api/captures/{id}/items/{key}', { params: { path: { id: captureId, key } } }))) as StoredItem;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
