// Editing a file before it is added (issue 16): the instructions sent with its upload, and how an
// edited item is named. No React here; the editor itself is pages/cases/UploadEditor.tsx.
import type { TFunction } from 'i18next';
import { formatDuration } from './media';
import type { MediaView } from './types';
import './i18n/edit';

/** `{ crop }` in pixels of the image as displayed, or `{ trim }` in milliseconds (as the server takes it). */
export type MediaEdit = NonNullable<MediaView['edit']>;
export type CropRect = Extract<MediaEdit, { crop: unknown }>['crop'];

/** What kind of editing a chosen file allows in the browser: images it can show, any video or audio. */
export function editableKind(file: File): 'image' | 'video' | 'audio' | null {
  const type = file.type.toLowerCase();
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  // TIFF and HEIC are not shown by most browsers: they are uploaded as they are.
  if (type.startsWith('image/') && !/tiff|heic|heif/.test(type)) return 'image';
  return null;
}

/** The rectangle held to whole pixels inside a picture of width × height, at least 1 × 1. */
export function clampCrop(rect: CropRect, width: number, height: number): CropRect {
  const w = Math.min(width, Math.max(1, Math.round(rect.width)));
  const h = Math.min(height, Math.max(1, Math.round(rect.height)));
  const x = Math.min(width - w, Math.max(0, Math.round(rect.x)));
  const y = Math.min(height - h, Math.max(0, Math.round(rect.y)));
  return { x, y, width: w, height: h };
}

/** The rectangle between two points (any corner first), clamped to the picture. */
export function rectBetween(a: { x: number; y: number }, b: { x: number; y: number }, width: number, height: number): CropRect {
  const x0 = Math.max(0, Math.min(width, Math.min(a.x, b.x)));
  const y0 = Math.max(0, Math.min(height, Math.min(a.y, b.y)));
  const x1 = Math.max(0, Math.min(width, Math.max(a.x, b.x)));
  const y1 = Math.max(0, Math.min(height, Math.max(a.y, b.y)));
  return clampCrop({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, width, height);
}

/** A position in a recording with tenths, as the trim sliders show it: "0:03,5" (sv), "0:03.5" (en). */
export function formatPosition(ms: number, locale: string): string {
  const tenths = Math.max(0, Math.round(ms / 100));
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, minimumIntegerDigits: 2 }).format(seconds);
  return `${minutes}:${text}`;
}

/** The short name of an edit on the case ("Beskuren", "Trimmad 0:03–0:12"). */
export function editLabel(t: TFunction, edit: MediaEdit): string {
  if ('crop' in edit) return t('uploadEdit.cropped');
  return t('uploadEdit.trimmed', { start: formatDuration(edit.trim.startMs), end: formatDuration(edit.trim.endMs) });
}

/** The edit of a file waiting to be uploaded, with the cropped size ("Beskuren till 400 × 300"). */
export function pendingEditLabel(t: TFunction, edit: MediaEdit): string {
  if ('crop' in edit) return t('uploadEdit.croppedSize', { width: edit.crop.width, height: edit.crop.height });
  return editLabel(t, edit);
}
