import type { FormField } from '../forms/forms-fields.js';
import type { FormValue } from '../forms/forms-values.js';

/** What comparing needs of a version: its form fields, its values and its media list with captions. */
export interface ComparableVersion {
  version: number;
  fields: readonly FormField[];
  values: Record<string, FormValue>;
  media: readonly { mediaId: string; caption: string | null }[];
}

export interface FieldChange {
  key: string;
  label: FormField['label'];
  before: FormValue | null;
  after: FormValue | null;
}

export interface VersionComparison {
  from: number;
  to: number;
  fields: FieldChange[];
  mediaAdded: string[];
  mediaRemoved: string[];
  captionsChanged: { mediaId: string; before: string | null; after: string | null }[];
  /** The items both versions hold are in a different order. */
  orderChanged: boolean;
}

const same = (a: FormValue | null, b: FormValue | null) => JSON.stringify(a) === JSON.stringify(b);

/** The differences between two versions of a case, `from` → `to`. Pure. */
export function compareVersions(from: ComparableVersion, to: ComparableVersion): VersionComparison {
  const labels = new Map<string, FormField>();
  for (const field of [...from.fields, ...to.fields]) if (!labels.has(field.key)) labels.set(field.key, field);
  const fields: FieldChange[] = [];
  for (const [key, field] of labels) {
    const before = from.values[key] ?? null;
    const after = to.values[key] ?? null;
    if (!same(before, after)) fields.push({ key, label: field.label, before, after });
  }
  const fromIds = new Map(from.media.map((m) => [m.mediaId, m]));
  const toIds = new Map(to.media.map((m) => [m.mediaId, m]));
  const captionsChanged = to.media
    .filter((m) => fromIds.has(m.mediaId) && (fromIds.get(m.mediaId)!.caption ?? null) !== (m.caption ?? null))
    .map((m) => ({ mediaId: m.mediaId, before: fromIds.get(m.mediaId)!.caption ?? null, after: m.caption ?? null }));
  const keptInFrom = from.media.filter((m) => toIds.has(m.mediaId)).map((m) => m.mediaId);
  const keptInTo = to.media.filter((m) => fromIds.has(m.mediaId)).map((m) => m.mediaId);
  return {
    from: from.version,
    to: to.version,
    fields,
    mediaAdded: to.media.filter((m) => !fromIds.has(m.mediaId)).map((m) => m.mediaId),
    mediaRemoved: from.media.filter((m) => !toIds.has(m.mediaId)).map((m) => m.mediaId),
    captionsChanged,
    orderChanged: keptInFrom.join() !== keptInTo.join(),
  };
}
