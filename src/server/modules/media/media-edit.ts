import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { MediaRefusal, refuse, type MediaEdit, type MediaKind } from './sanitize/types.js';

/** Pixels and milliseconds: whole, not negative, and within what any accepted file can have. */
const pixels = z.number().int().min(0).max(1_000_000);
const millis = z.number().int().min(0).max(7 * 24 * 3600 * 1000);

const crop = z.strictObject({
  crop: z.strictObject({ x: pixels, y: pixels, width: pixels.min(1), height: pixels.min(1) }),
});
const trim = z.strictObject({ trim: z.strictObject({ startMs: millis, endMs: millis }) });

/** The edit an upload may carry (multipart field `edit` before its file, or tus Upload-Metadata `edit`). */
export const mediaEditSchema = z.union([crop, trim]);

const SHAPE =
  'Skriv {"crop":{"x":…,"y":…,"width":…,"height":…}} i bildpunkter för en bild, ' +
  'eller {"trim":{"startMs":…,"endMs":…}} i millisekunder för en video eller ljudfil, med hela tal som inte är negativa.';

/** Parses an upload's edit instructions; 400 `invalid_edit` with what is wrong otherwise. */
export function parseMediaEdit(text: string): MediaEdit {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError('invalid_edit', `Redigeringen (edit) är inte giltig JSON. ${SHAPE}`, { field: 'edit' });
  }
  // Judged by the kind of edit it names, so the message points at the field that is wrong.
  const named = data !== null && typeof data === 'object' ? ('crop' in data ? crop : 'trim' in data ? trim : undefined) : undefined;
  const parsed = (named ?? mediaEditSchema).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw new AppError('invalid_edit', `Redigeringen${where} är inte giltig. ${SHAPE}`, { field: 'edit' });
  }
  const edit = parsed.data;
  if ('trim' in edit && edit.trim.endMs <= edit.trim.startMs) {
    throw new AppError('invalid_edit', 'Trimningens slut (endMs) måste komma efter dess början (startMs).', { field: 'edit' });
  }
  return edit;
}

/**
 * Why the edit cannot apply to this file, from what the cheap inspection knows (its kind, its displayed size when the
 * header declares it); undefined when it may. The cleaning job checks again against the decoded file.
 */
export function editRefusal(edit: MediaEdit, kind: MediaKind, size: { width?: number; height?: number }): MediaRefusal | undefined {
  if ('crop' in edit) {
    if (kind !== 'image') return refusalOf(`${kind === 'video' ? 'En video' : 'En ljudfil'} kan inte beskäras, bara trimmas.`);
    const { x, y, width, height } = edit.crop;
    if (size.width !== undefined && size.height !== undefined && (x + width > size.width || y + height > size.height)) {
      return refuse.cropOutside(edit.crop, size.width, size.height);
    }
    return undefined;
  }
  if (kind === 'image') return refusalOf('En bild kan inte trimmas, bara beskäras.');
  return undefined;
}

function refusalOf(message: string): MediaRefusal {
  return new MediaRefusal('invalid_edit', message);
}

/** Stored form (media.edit): the JSON as validated, keys in a fixed order. */
export function storedEdit(edit: MediaEdit): string {
  return JSON.stringify('crop' in edit ? { crop: { x: edit.crop.x, y: edit.crop.y, width: edit.crop.width, height: edit.crop.height } } : { trim: { startMs: edit.trim.startMs, endMs: edit.trim.endMs } });
}

/** The stored edit back, or undefined for an unedited file. */
export function readStoredEdit(text: string | null): MediaEdit | undefined {
  if (text === null) return undefined;
  const parsed = mediaEditSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}
