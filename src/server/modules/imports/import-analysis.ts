/**
 * The rules of a card import (M5), pure: the staged files grouped into capture sessions, which of
 * them must be read for an identity image, and what is wrong with the card. The service reads the
 * files' facts and the OCR results; this decides.
 */

export interface StagedFacts {
  id: string;
  filename: string;
  kind: 'image' | 'video' | 'audio';
  capturedAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  /** 'pending' (not read yet), 'read' or 'not_run' (no OCR installed). */
  ocr: string;
  /** The identifier read on the image (normalised), if one was. */
  identifier: string | null;
  identifierType: string | null;
}

export interface ImportSession {
  index: number;
  fileIds: string[];
  firstCapturedAt: string | null;
  lastCapturedAt: string | null;
  camera: string | null;
  /** The session's first / last file is an image showing the patient's identifier. */
  identityAtStart: boolean;
  identityAtEnd: boolean;
}

export type ImportProblem =
  | { code: 'multiple_sessions'; sessions: number }
  | { code: 'other_patient'; fileIds: string[]; identifiers: { normalized: string; type: string }[] }
  | { code: 'identity_series_incomplete'; session: number; missingStart: boolean; missingEnd: boolean; fileIds: string[] }
  | { code: 'forensic_identity_missing'; fileIds: string[] }
  | { code: 'identity_not_read'; fileIds: string[] };

export interface Analysis {
  /** Capture-time order (files without a capture time last, by name), each with its session. */
  files: (StagedFacts & { session: number })[];
  sessions: ImportSession[];
  problems: ImportProblem[];
}

const cameraOf = (f: StagedFacts): string | null => [f.cameraMake, f.cameraModel].filter(Boolean).join(' ') || null;

/** Capture-time order; a file without a capture time follows the timed ones, in name order. */
export function captureOrder<F extends StagedFacts>(files: readonly F[]): F[] {
  return [...files].sort((a, b) => {
    if (a.capturedAt !== b.capturedAt) {
      if (a.capturedAt === null) return 1;
      if (b.capturedAt === null) return -1;
      return a.capturedAt < b.capturedAt ? -1 : 1;
    }
    return a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : a.id < b.id ? -1 : 1;
  });
}

/**
 * Sessions: a new one begins after a gap in capture times longer than `gapMs`, or when the camera
 * changes (both files name their camera and the names differ). A file without a capture time
 * stays in the session of the file before it.
 */
export function groupSessions(files: readonly StagedFacts[], gapMs: number): (StagedFacts & { session: number })[] {
  let session = 0;
  let lastTime: number | null = null;
  let lastCamera: string | null = null;
  return captureOrder(files).map((file, i) => {
    const time = file.capturedAt === null ? null : Date.parse(file.capturedAt);
    const camera = cameraOf(file);
    if (i > 0) {
      const gap = time !== null && lastTime !== null && time - lastTime > gapMs;
      const otherCamera = camera !== null && lastCamera !== null && camera !== lastCamera;
      if (gap || otherCamera) session += 1;
    }
    if (time !== null) lastTime = time;
    if (camera !== null) lastCamera = camera;
    return { ...file, session };
  });
}

/**
 * The files that must be read for an identifier: the first and last image of every session (a
 * series begins and ends with an identity image), and every image when the form is forensic.
 */
export function ocrCandidates(files: readonly StagedFacts[], gapMs: number, forensic: boolean): string[] {
  const grouped = groupSessions(files, gapMs);
  const ids = new Set<string>();
  for (const [index, file] of grouped.entries()) {
    if (file.kind !== 'image') continue;
    const first = index === 0 || grouped[index - 1]!.session !== file.session;
    const last = index === grouped.length - 1 || grouped[index + 1]!.session !== file.session;
    if (forensic || first || last) ids.add(file.id);
  }
  return [...ids];
}

export function analyse(files: readonly StagedFacts[], options: { gapMs: number; patientIdentifier: string | null; forensic: boolean }): Analysis {
  const grouped = groupSessions(files, options.gapMs);
  const shows = (f: StagedFacts | undefined) => f !== undefined && f.kind === 'image' && f.identifier !== null && f.identifier === options.patientIdentifier;
  const sessions: ImportSession[] = [];
  for (const file of grouped) {
    let session = sessions[file.session];
    if (!session) {
      session = { index: file.session, fileIds: [], firstCapturedAt: null, lastCapturedAt: null, camera: null, identityAtStart: false, identityAtEnd: false };
      sessions.push(session);
    }
    session.fileIds.push(file.id);
    if (file.capturedAt !== null) {
      session.firstCapturedAt ??= file.capturedAt;
      session.lastCapturedAt = file.capturedAt;
    }
    session.camera ??= cameraOf(file);
  }
  const byId = new Map(grouped.map((f) => [f.id, f]));
  for (const session of sessions) {
    session.identityAtStart = shows(byId.get(session.fileIds[0]!));
    session.identityAtEnd = shows(byId.get(session.fileIds.at(-1)!));
  }

  const problems: ImportProblem[] = [];
  const others = grouped.filter((f) => f.identifier !== null && f.identifier !== options.patientIdentifier);
  if (others.length > 0) {
    const identifiers = new Map(others.map((f) => [f.identifier!, { normalized: f.identifier!, type: f.identifierType ?? '' }]));
    problems.push({ code: 'other_patient', fileIds: others.map((f) => f.id), identifiers: [...identifiers.values()] });
  }
  if (sessions.length > 1) problems.push({ code: 'multiple_sessions', sessions: sessions.length });
  for (const session of sessions) {
    if (session.identityAtStart && session.identityAtEnd) continue;
    const ends = [session.fileIds[0]!, session.fileIds.at(-1)!];
    problems.push({
      code: 'identity_series_incomplete',
      session: session.index,
      missingStart: !session.identityAtStart,
      missingEnd: !session.identityAtEnd,
      fileIds: [...new Set(ends)],
    });
  }
  if (options.forensic) {
    const without = grouped.filter((f) => f.kind === 'image' && !shows(f)).map((f) => f.id);
    if (without.length > 0) problems.push({ code: 'forensic_identity_missing', fileIds: without });
  }
  const notRead = grouped.filter((f) => f.ocr === 'not_run').map((f) => f.id);
  if (notRead.length > 0) problems.push({ code: 'identity_not_read', fileIds: notRead });
  return { files: grouped, sessions, problems };
}
