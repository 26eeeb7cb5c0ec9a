/**
 * Presentation of the audit log: consecutive events of one request, or of one user on one case
 * within a few minutes (a case opened, then its thumbnails and previews), are shown as one row
 * that can be expanded. The log itself is untouched; this only groups a listed page.
 */
export interface GroupableEvent {
  seq: number;
  at: string;
  userId: string | null;
  requestId: string | null;
  caseId: string | null;
  outcome: string;
  objectType: string | null;
}

export interface AuditGroup<E> {
  /** The event that starts the group (a case opened, an upload): the oldest one. */
  lead: E;
  /** Every event of the group, in the order listed (newest first). */
  events: E[];
}

/** How far apart in time a media item's read may be from the one before and still follow its case's opening. */
export const GROUP_WINDOW_MS = 5 * 60_000;

/** Whether `next` (newer) continues the group that `anchor` started and `last` ended so far. */
function continues(anchor: GroupableEvent, last: GroupableEvent, next: GroupableEvent): boolean {
  if (next.userId !== anchor.userId || next.outcome !== anchor.outcome) return false;
  // Several events of one request (an upload of several files) are one thing done.
  if (next.requestId !== null && next.requestId === last.requestId) return true;
  // Reads of a case's pictures (thumbnails, previews, originals) follow the case being opened or changed.
  if (next.objectType !== 'media' || next.caseId === null || next.caseId !== anchor.caseId) return false;
  const gap = Date.parse(next.at) - Date.parse(last.at);
  return Number.isFinite(gap) && gap >= 0 && gap <= GROUP_WINDOW_MS;
}

/** Groups consecutive events (listed newest first); a refusal is never folded into a success. */
export function groupAuditEvents<E extends GroupableEvent>(events: readonly E[]): AuditGroup<E>[] {
  const groups: E[][] = [];
  for (const event of [...events].reverse()) {
    const current = groups[groups.length - 1];
    if (current && continues(current[0]!, current[current.length - 1]!, event)) current.push(event);
    else groups.push([event]);
  }
  return groups.reverse().map((group) => ({ lead: group[0]!, events: group.reverse() }));
}
