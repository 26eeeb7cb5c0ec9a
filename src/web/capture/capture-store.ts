// The device store of offline capture (issue 16, C10), in IndexedDB:
// - `keys`: the device's AES-GCM key, kept as a CryptoKey object (structured clone keeps it
//   non-extractable: the raw key never reaches script or disk in readable form);
// - `captures`: a capture's binding to one patient (department, consent; the identifier and purpose
//   encrypted under the same key);
// - `items`: each captured file's record: name, type, size, SHA-256 and state (small, so the whole
//   queue is read often without reading media); the record stays until the capture is ended;
// - `payloads`: each file's bytes, encrypted (IV and ciphertext), removed only once the server has
//   confirmed it holds the item;
// - `meta`: what the page needs to work after a reload with no server (the user and their departments).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { newDeviceKey, open, seal, sha256Hex } from './capture-crypto';
import { countStates, type Counts, type ItemState } from './capture-queue-rules';

export type IdentityVerification = 'id_document' | 'known_to_staff' | 'ehr_context';

export interface CaptureBinding {
  id: string;
  userId: string;
  /** normalised, as validateIdentifier gives it */
  identifier: string;
  identifierType: string;
  /** as the user typed it (sent to the server, which normalises it by the same rules) */
  identifierInput: string;
  identityVerification: IdentityVerification;
  departmentId: string;
  departmentName: string;
  oralConsent: boolean;
  purpose: string;
  startedAt: string;
  /** the server answered POST /api/captures */
  caseId: string | null;
  /** the user ended it: no new items; its queue still runs */
  ended: boolean;
}

export interface ItemError {
  code: string;
  message: string;
}

export interface DeviceItem {
  key: string;
  captureId: string;
  filename: string;
  mime: string;
  size: number;
  /** the file's lastModified, ISO */
  capturedAt: string;
  /** lower-case hex SHA-256 of the captured bytes */
  sha256: string;
  /** its encrypted bytes are still on the device (in `payloads`) */
  onDevice: boolean;
  state: ItemState;
  error: ItemError | null;
  addedAt: string;
  mediaId: string | null;
  /** tries that ended in an answer that counts (checksum mismatch) */
  attempts: number;
}

export interface CaptureProfile {
  userId: string;
  displayName: string;
  departments: { id: string; name: string }[];
  /** the last session was opened from the EHR: audio may be captured (M5) */
  ehrContext: boolean;
}

/** What identifies the patient is kept encrypted like the media. */
type SecretFields = 'identifier' | 'identifierInput' | 'purpose';

interface StoredBinding extends Omit<CaptureBinding, SecretFields> {
  secret: { iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer };
}

interface CaptureDb extends DBSchema {
  keys: { key: string; value: CryptoKey };
  captures: { key: string; value: StoredBinding };
  items: { key: string; value: DeviceItem; indexes: { captureId: string } };
  payloads: { key: string; value: { iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer } };
  meta: { key: string; value: CaptureProfile };
}

export const CAPTURE_DB = 'kasus-capture';
const DEVICE_KEY = 'device';
const PROFILE = 'profile';

let opened: Promise<IDBPDatabase<CaptureDb>> | null = null;

function db(): Promise<IDBPDatabase<CaptureDb>> {
  opened ??= openDB<CaptureDb>(CAPTURE_DB, 1, {
    upgrade(database) {
      database.createObjectStore('keys');
      database.createObjectStore('captures', { keyPath: 'id' });
      database.createObjectStore('items', { keyPath: 'key' }).createIndex('captureId', 'captureId');
      database.createObjectStore('payloads');
      database.createObjectStore('meta');
    },
  });
  return opened;
}

let deviceKey: Promise<CryptoKey> | null = null;

/** The device's key, made on first use. Two tabs racing both write; the first one stored wins for both. */
function key(): Promise<CryptoKey> {
  deviceKey ??= (async () => {
    const d = await db();
    const existing = await d.get('keys', DEVICE_KEY);
    if (existing) return existing;
    const made = await newDeviceKey();
    const tx = d.transaction('keys', 'readwrite');
    const raced = await tx.store.get(DEVICE_KEY);
    if (!raced) await tx.store.put(made, DEVICE_KEY);
    await tx.done;
    return raced ?? made;
  })();
  deviceKey.catch(() => (deviceKey = null));
  return deviceKey;
}

export async function saveProfile(profile: CaptureProfile): Promise<void> {
  await (await db()).put('meta', profile, PROFILE);
}

export async function loadProfile(): Promise<CaptureProfile | null> {
  return (await (await db()).get('meta', PROFILE)) ?? null;
}

const bindingAad = (id: string) => `binding/${id}`;

export async function saveBinding(binding: CaptureBinding): Promise<void> {
  const { identifier, identifierInput, purpose, ...plain } = binding;
  const secret = await seal(await key(), bindingAad(binding.id), new TextEncoder().encode(JSON.stringify({ identifier, identifierInput, purpose })).buffer as ArrayBuffer);
  await (await db()).put('captures', { ...plain, secret });
}

async function reveal(stored: StoredBinding): Promise<CaptureBinding> {
  const { secret, ...plain } = stored;
  const fields = JSON.parse(new TextDecoder().decode(await open(await key(), bindingAad(stored.id), secret))) as Pick<CaptureBinding, SecretFields>;
  return { ...plain, ...fields };
}

export async function bindings(): Promise<CaptureBinding[]> {
  const all = await Promise.all((await (await db()).getAll('captures')).map(reveal));
  return all.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export async function binding(id: string): Promise<CaptureBinding | null> {
  const stored = await (await db()).get('captures', id);
  return stored ? reveal(stored) : null;
}

/** Encrypts a captured file and keeps it on the device, waiting to be sent. */
export async function addItem(captureId: string, file: File, now: Date): Promise<DeviceItem> {
  const bytes = await file.arrayBuffer();
  const itemKey = crypto.randomUUID();
  const [sha256, sealed] = await Promise.all([sha256Hex(bytes), key().then((k) => seal(k, itemKey, bytes))]);
  const item: DeviceItem = {
    key: itemKey,
    captureId,
    filename: file.name || 'capture',
    mime: file.type || 'application/octet-stream',
    size: file.size,
    capturedAt: new Date(file.lastModified || now.getTime()).toISOString(),
    sha256,
    onDevice: true,
    state: 'waiting',
    error: null,
    addedAt: now.toISOString(),
    mediaId: null,
    attempts: 0,
  };
  const tx = (await db()).transaction(['items', 'payloads'], 'readwrite');
  await tx.objectStore('payloads').put(sealed, itemKey);
  await tx.objectStore('items').put(item);
  await tx.done;
  return item;
}

export async function items(): Promise<DeviceItem[]> {
  return (await db()).getAll('items');
}

export async function itemsOf(captureId: string): Promise<DeviceItem[]> {
  return (await db()).getAllFromIndex('items', 'captureId', captureId);
}

/** The captured file again, decrypted and checked against the SHA-256 taken at capture. */
export async function plaintextOf(item: DeviceItem): Promise<File> {
  const sealed = await (await db()).get('payloads', item.key);
  if (!sealed) throw new Error('The item is no longer on the device');
  const bytes = await open(await key(), item.key, sealed);
  if ((await sha256Hex(bytes)) !== item.sha256) throw new Error('The item on the device does not match its checksum');
  return new File([bytes], item.filename, { type: item.mime, lastModified: Date.parse(item.capturedAt) });
}

/** Changes an item's state (read and written in one transaction, so a concurrent update is not lost). */
export async function updateItem(itemKey: string, change: Partial<Pick<DeviceItem, 'state' | 'error' | 'attempts'>>): Promise<DeviceItem | null> {
  const tx = (await db()).transaction('items', 'readwrite');
  const current = await tx.store.get(itemKey);
  if (current) await tx.store.put({ ...current, ...change });
  await tx.done;
  return current ? { ...current, ...change } : null;
}

/** The server holds the item: its encrypted bytes leave the device; the record remains as "stored". */
export async function confirmStored(itemKey: string, mediaId: string | null): Promise<void> {
  const tx = (await db()).transaction(['items', 'payloads'], 'readwrite');
  const current = await tx.objectStore('items').get(itemKey);
  if (current) await tx.objectStore('items').put({ ...current, state: 'stored', error: null, mediaId, onDevice: false });
  await tx.objectStore('payloads').delete(itemKey);
  await tx.done;
}

/**
 * Removes a capture from the device with its item records. Only a capture whose every item is stored
 * can go: anything else would lose captured media.
 */
export async function removeCapture(captureId: string): Promise<boolean> {
  const tx = (await db()).transaction(['captures', 'items'], 'readwrite');
  const all = await tx.objectStore('items').index('captureId').getAll(captureId);
  if (all.some((i) => i.state !== 'stored' || i.onDevice)) {
    await tx.done;
    return false;
  }
  for (const item of all) await tx.objectStore('items').delete(item.key);
  await tx.objectStore('captures').delete(captureId);
  await tx.done;
  return true;
}

/** The counts read from IndexedDB itself (for the page and for the fault test). */
export type CaptureStats = Counts;

export async function stats(): Promise<CaptureStats> {
  return countStates(await items());
}
