import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { calendarDate } from '../identifiers/identifier-format.js';
import { patientRecordsVisible, type Access, type CaseScope } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import { storeConsentDocument } from './consent-document.js';
import type { BlobWriter } from '../blobs/blob-writer.js';
import type { ConsentRow, ConsentsRepository } from './consents-repository.js';

/** A written consent as stored (for modules that ask for a patient's consents through a narrow interface). */
export type { ConsentRow } from './consents-repository.js';

export const CONSENT_SCOPES = ['teaching', 'publication', 'research'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
export type ConsentPerson = 'patient' | 'bystander';
export type ConsentStatus = 'valid' | 'not_yet_valid' | 'expired' | 'revoked';

export interface ConsentView {
  id: string;
  patientId: string;
  caseId: string | null;
  person: ConsentPerson;
  personDescription: string | null;
  scopes: ConsentScope[];
  validFrom: string;
  validUntil: string | null;
  status: ConsentStatus;
  document: { name: string; mime: string; size: number };
  recordedBy: { id: string; name: string };
  recordedAt: string;
  revokedOn: string | null;
  revokedAt: string | null;
  copies: { active: number; withdrawn: number };
}

export interface NewConsent {
  scopes: ConsentScope[];
  validFrom: string;
  validUntil: string | null;
  person: ConsentPerson;
  personDescription: string | null;
  caseId: string | null;
}

export interface ConsentNoticeView {
  id: string;
  createdAt: string;
  collectionId: string;
  collectionName: string;
  revokedOn: string | null;
}

export interface TeachingCopyView {
  id: string;
  collectionId: string;
  mediaId: string;
  consentId: string;
  /** The bystanders' consents the copy was made under (the other persons its picture shows); only in the answer to the copy. */
  bystanderConsentIds?: string[];
  createdAt: string;
}

/**
 * Who else than the patient a picture (or a de-identified copy) shows, as the user states it when
 * copying it for teaching: the written consents of the persons shown (bystanders' consents of the
 * same patient), and whether someone shown has no consent recorded at all. Not stated: only the patient.
 */
export interface ShownBystanders {
  consentIds: string[];
  unrecorded?: boolean | undefined;
}

/** Why a shown bystander does not allow the copy. */
export type BystanderRefusal = 'scope' | 'revoked' | 'expired' | 'not_yet_valid' | 'not_found' | 'unrecorded';

/** What the consents service needs of the cases module: a case's rights scope. */
export interface ConsentCases {
  scopeOf(caseId: string): Promise<CaseScope | undefined>;
}

/** What it needs of the patients module: the departments a patient has cases in (who may read the consents). */
export interface ConsentPatientCases {
  caseDepartments(patientId: string): Promise<string[]>;
}

/** Whether a consent allows `scope` on `today` (a calendar date in the hospital's zone), and why not. */
export function consentStatus(row: Pick<ConsentRow, 'valid_from' | 'valid_until' | 'revoked_on'>, today: string): ConsentStatus {
  if (row.revoked_on !== null && row.revoked_on <= today) return 'revoked';
  if (row.valid_from > today) return 'not_yet_valid';
  if (row.valid_until !== null && row.valid_until < today) return 'expired';
  return 'valid';
}

const scopesOf = (row: ConsentRow): ConsentScope[] => JSON.parse(row.scopes) as ConsentScope[];

/**
 * Written consent (M8): the patient's or a bystander's signed form, its scopes and validity, and its
 * revocation, which withdraws the teaching copies made under it and tells their holders. A copy of a
 * picture into a teaching collection needs a consent that covers teaching today.
 */
export class ConsentsService {
  constructor(
    private readonly repository: ConsentsRepository,
    private readonly cases: ConsentCases,
    private readonly patientCases: ConsentPatientCases,
    private readonly blobs: BlobStore,
    private readonly blobWriter: BlobWriter,
    private readonly access: Access,
    private readonly audited: AuditedOperations,
    private readonly timeZone: string,
    private readonly clock: Clock = systemClock,
  ) {}

  private today(): string {
    return calendarDate(this.clock.now(), this.timeZone);
  }

  /** The patient's identity under the right, as every read of a patient outside a case (confidentiality included). */
  private async patient(op: Operation, right: 'patient.read' | 'case.write', patientId: string): Promise<void> {
    await op.requirePatientIdentity({ right, objectType: 'patient', objectId: patientId, patientId, hiddenAs: 'patient_not_found' }, async () => {
      const row = await this.repository.patientExists(patientId);
      // Consents are patient data: only for those who may read one of the patient's cases.
      const actor = op.authenticated();
      if (!row || !patientRecordsVisible(actor, await this.patientCases.caseDepartments(patientId))) return op.missing('patient', patientId);
      return { id: row.id, confidential: row.confidential === 1 };
    });
  }

  list(ctx: RequestContext, patientId: string): Promise<ConsentView[]> {
    return this.audited.read(ctx, 'consent.list', { objectType: 'patient', objectId: patientId, patientId }, async (op) => {
      await this.patient(op, 'patient.read', patientId);
      const rows = await this.repository.forPatient(patientId);
      const counts = await this.repository.copyCounts(rows.map((r) => r.id));
      const today = this.today();
      const result = rows.map((row) => this.view(row, row.recorded_by_name, today, counts.get(row.id)));
      return { result, details: { count: result.length } };
    });
  }

  private view(row: ConsentRow, recordedByName: string, today: string, copies?: { active: number; withdrawn: number }): ConsentView {
    return {
      id: row.id,
      patientId: row.patient_id,
      caseId: row.case_id,
      person: row.person as ConsentPerson,
      personDescription: row.person_description,
      scopes: scopesOf(row),
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      status: consentStatus(row, today),
      document: { name: row.document_name, mime: row.document_mime, size: row.document_size },
      recordedBy: { id: row.recorded_by, name: recordedByName },
      recordedAt: row.recorded_at,
      revokedOn: row.revoked_on,
      revokedAt: row.revoked_at,
      copies: copies ?? { active: 0, withdrawn: 0 },
    };
  }

  /**
   * Records a written consent with its document (at `documentPath`, the caller's temporary file):
   * checked first (rights, fields), then the document through the consent ingest, then the row.
   */
  create(ctx: RequestContext, patientId: string, input: NewConsent, document: { path: string; filename: string }): Promise<ConsentView> {
    return this.audited.write(ctx, 'consent.create', { objectType: 'consent', patientId }, async (op) => {
      await this.patient(op, 'case.write', patientId);
      if (input.validUntil !== null && input.validUntil < input.validFrom) {
        throw new AppError('validation_failed', 'Giltigt till ligger före giltigt från (validUntil).', { field: 'validUntil' });
      }
      if (input.person === 'bystander' && !input.personDescription) {
        throw new AppError('validation_failed', 'Beskriv personen i bilden (t.ex. "anhörig till vänster") (personDescription).', { field: 'personDescription' });
      }
      if (input.caseId !== null) {
        const found = await this.repository.caseOfPatient(input.caseId);
        if (!found || found.patient_id !== patientId) throw new AppError('validation_failed', 'Ärendet hör inte till patienten (caseId).', { field: 'caseId' });
      }
      const stored = await storeConsentDocument(document.path, document.filename, this.blobWriter);
      let committed = false;
      try {
        const row: ConsentRow = {
          id: randomUUID(),
          patient_id: patientId,
          case_id: input.caseId,
          person: input.person,
          person_description: input.person === 'bystander' ? input.personDescription : null,
          scopes: JSON.stringify([...new Set(input.scopes)].sort()),
          valid_from: input.validFrom,
          valid_until: input.validUntil,
          document_key: stored.key,
          document_mime: stored.mime,
          document_size: stored.size,
          document_name: document.filename,
          recorded_by: op.actor.userId,
          recorded_at: this.clock.now().toISOString(),
          revoked_on: null,
          revoked_by: null,
          revoked_at: null,
        };
        op.about({ objectType: 'consent', objectId: row.id, patientId });
        await op.commit((tx) => this.repository.insert(tx, row), { person: row.person, scopes: JSON.parse(row.scopes), mime: stored.mime, sha256: stored.key });
        committed = true;
        return this.view(row, op.actor.displayName, this.today());
      } finally {
        await stored.settle(committed);
      }
    });
  }

  /** The consent's document, as it was stored (a cleaned image or the PDF as signed). */
  document(ctx: RequestContext, patientId: string, consentId: string): Promise<{ stream: Readable; mime: string; name: string; size: number }> {
    return this.audited.read(ctx, 'consent.document', { objectType: 'consent', objectId: consentId, patientId }, async (op) => {
      await this.patient(op, 'patient.read', patientId);
      op.about({ objectType: 'consent', objectId: consentId });
      const row = await this.repository.find(consentId);
      if (!row || row.patient_id !== patientId) return op.missing('consent', consentId);
      return { result: { stream: await this.blobs.get(row.document_key), mime: row.document_mime, name: row.document_name, size: row.document_size } };
    });
  }

  /**
   * Revokes from `revokedOn` (a date, not after today): the teaching copies made under the consent are
   * withdrawn from their collections in the same transaction, and each holder — the collection's
   * creator and whoever made the copy — gets a notice.
   */
  revoke(ctx: RequestContext, patientId: string, consentId: string, revokedOn: string): Promise<ConsentView> {
    return this.audited.write(ctx, 'consent.revoke', { objectType: 'consent', objectId: consentId, patientId }, async (op) => {
      await this.patient(op, 'case.write', patientId);
      op.about({ objectType: 'consent', objectId: consentId });
      const row = await this.repository.find(consentId);
      if (!row || row.patient_id !== patientId) return op.missing('consent', consentId);
      if (row.revoked_on !== null) throw new AppError('conflict', 'Samtycket är redan återkallat.');
      const today = this.today();
      if (revokedOn > today) throw new AppError('validation_failed', 'Återkallelsen kan inte dateras framåt i tiden (revokedOn).', { field: 'revokedOn' });
      const now = this.clock.now().toISOString();
      await op.commit(
        async (tx) => {
          if (!(await this.repository.revoke(tx, consentId, revokedOn, op.actor.userId, now))) throw new AppError('conflict', 'Samtycket är redan återkallat.');
          const copies = await this.repository.activeCopiesOf(tx, consentId);
          await this.repository.withdraw(tx, copies.map((c) => c.id), now);
          const notices = copies.flatMap((copy) =>
            [...new Set([copy.collection_created_by, copy.created_by])].map((userId) => ({ id: randomUUID(), user_id: userId, teaching_copy_id: copy.id, created_at: now })),
          );
          await this.repository.insertNotices(tx, notices);
          // De-identified copies (M9) made under the consent go the same way.
          const deidentified = await this.repository.activeDeidentifiedCopiesOf(tx, consentId);
          await this.repository.withdrawDeidentified(tx, deidentified.map((c) => c.id), now);
          const deidentifiedNotices = deidentified.flatMap((copy) =>
            [...new Set([copy.collection_created_by, copy.created_by])].map((userId) => ({ id: randomUUID(), user_id: userId, copy_id: copy.id, created_at: now })),
          );
          await this.repository.insertDeidentifiedNotices(tx, deidentifiedNotices);
          return { copies: copies.length, notices: notices.length, deidentified: deidentified.length, deidentifiedNotices: deidentifiedNotices.length };
        },
        (result) => ({ revokedOn, withdrawnCopies: result.copies, notices: result.notices, withdrawnDeidentified: result.deidentified, deidentifiedNotices: result.deidentifiedNotices }),
      );
      const counts = await this.repository.copyCounts([consentId]);
      const name = (await this.repository.forPatient(patientId)).find((r) => r.id === consentId)?.recorded_by_name ?? '';
      return this.view({ ...row, revoked_on: revokedOn, revoked_by: op.actor.userId, revoked_at: now }, name, today, counts.get(consentId));
    });
  }

  /**
   * Puts a picture into a teaching collection under a written consent (the one named, or else any of
   * the patient's that covers teaching today). Refused with 409 consent_required, saying why, when no
   * consent covers it.
   */
  copyToCollection(ctx: RequestContext, collectionId: string, input: { mediaId: string; consentId?: string | undefined; bystanders?: ShownBystanders | undefined }): Promise<TeachingCopyView> {
    return this.audited.write(ctx, 'collection.copy', { objectType: 'media', objectId: input.mediaId }, async (op) => {
      const collection = await this.repository.findCollection(collectionId);
      if (!collection) return op.missing('collection', collectionId);
      // Another department's collection is answered as one that does not exist.
      await op.require({ right: 'teaching.manage', departmentId: collection.department_id, objectType: 'collection', objectId: collectionId });
      const media = await this.repository.mediaCase(input.mediaId);
      const scope = media && media.removed_at === null ? await this.cases.scopeOf(media.case_id) : undefined;
      if (!media || !scope) return op.missing('media', input.mediaId);
      await op.requireCase('case.read', scope, 'media', input.mediaId);
      if (media.kind !== 'image' || media.status !== 'ready') {
        throw new AppError('validation_failed', 'Bara färdigbehandlade bilder kan läggas i en undervisningssamling (mediaId).', { field: 'mediaId' });
      }
      if (scope.patientId === null) throw new AppError('validation_failed', 'Bilden hör inte till en patient (mediaId).', { field: 'mediaId' });
      const consents = await this.repository.forPatient(scope.patientId);
      const today = this.today();
      const chosen = teachingConsent(op, consents, input.consentId, today);
      const bystanders = bystanderConsents(op, consents, input.bystanders, today);
      const row = { id: randomUUID(), collection_id: collectionId, media_id: input.mediaId, consent_id: chosen.id, created_by: op.actor.userId, created_at: this.clock.now().toISOString(), withdrawn_at: null };
      await op.commit((tx) => this.repository.insertCopy(tx, row, bystanders), { collectionId, consentId: chosen.id, ...bystanderDetails(input.bystanders, bystanders) });
      return { id: row.id, collectionId, mediaId: row.media_id, consentId: row.consent_id, bystanderConsentIds: bystanders, createdAt: row.created_at };
    });
  }

  /**
   * The pictures in a teaching collection (copies not withdrawn), for who may read cases or manage
   * teaching in its department. They point at patients' pictures, so the list is an audited read.
   */
  copies(ctx: RequestContext, collectionId: string): Promise<TeachingCopyView[]> {
    return this.audited.read(ctx, 'collection.copies', { objectType: 'collection', objectId: collectionId }, async (op) => {
      const collection = await this.repository.findCollection(collectionId);
      if (!collection) return op.missing('collection', collectionId);
      await op.requireAny(['case.read', 'teaching.manage'], { departmentId: collection.department_id, objectType: 'collection', objectId: collectionId });
      const rows = await this.repository.copiesIn(collectionId);
      return {
        result: rows.map((r) => ({ id: r.id, collectionId: r.collection_id, mediaId: r.media_id, consentId: r.consent_id, createdAt: r.created_at })),
        details: { count: rows.length },
      };
    });
  }

  /** The caller's notices of withdrawn copies (collection names and dates only, no patient data): not audited. */
  async notices(ctx: RequestContext): Promise<ConsentNoticeView[]> {
    const actor = this.access.authenticated(ctx);
    const rows = await this.repository.noticesFor(actor.userId);
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, collectionId: r.collection_id, collectionName: r.collection_name, revokedOn: r.revoked_on }));
  }
}

/**
 * The patient's written consent that allows a teaching copy today (the one named, or any of the
 * patient's own that covers teaching); otherwise the operation ends with 409 consent_required and the
 * most telling reason (none, scope, revoked, expired, not_yet_valid, not_found). Shared by plain
 * teaching copies and de-identified copies (M9).
 */
export function teachingConsent<R extends ConsentRow>(op: Operation, consents: R[], consentId: string | undefined, today: string): R {
  const candidates = consents.filter((c) => c.person === 'patient' && (consentId === undefined || c.id === consentId));
  if (consentId !== undefined && candidates.length === 0) {
    throw new AppError('consent_required', 'Samtycket finns inte för bildens patient.', { reason: 'not_found' });
  }
  const teaching = candidates.filter((c) => scopesOf(c).includes('teaching'));
  const chosen = teaching.find((c) => consentStatus(c, today) === 'valid');
  if (chosen) return chosen;
  // The reason the web app shows: the most telling state among the consents that cover teaching.
  const states = teaching.map((c) => consentStatus(c, today));
  const reason = candidates.length === 0 ? 'none' : teaching.length === 0 ? 'scope' : (['revoked', 'expired', 'not_yet_valid'] as const).find((s) => states.includes(s))!;
  return op.fail(new AppError('consent_required', REASONS[reason], { reason }), { reason });
}

/**
 * The bystanders' written consents that allow a teaching copy of a picture showing them today (M8: one
 * consent per person shown): each named consent must be a bystander's consent of the picture's patient
 * that covers teaching today, and nobody shown may be without one. Otherwise the operation ends with
 * 409 consent_required, reason `bystander`, naming each person missing (`bystanders`: consent id,
 * description, why). Returns the consent ids to record with the copy.
 */
export function bystanderConsents(op: Operation, consents: ConsentRow[], shown: ShownBystanders | undefined, today: string): string[] {
  if (shown === undefined) return [];
  const ids = [...new Set(shown.consentIds)];
  const missing: { consentId: string | null; description: string | null; reason: BystanderRefusal }[] = [];
  for (const id of ids) {
    const consent = consents.find((c) => c.id === id && c.person === 'bystander');
    if (!consent) missing.push({ consentId: id, description: null, reason: 'not_found' });
    else if (!scopesOf(consent).includes('teaching')) missing.push({ consentId: id, description: consent.person_description, reason: 'scope' });
    else {
      const status = consentStatus(consent, today);
      if (status !== 'valid') missing.push({ consentId: id, description: consent.person_description, reason: status });
    }
  }
  if (shown.unrecorded) missing.push({ consentId: null, description: null, reason: 'unrecorded' });
  if (missing.length === 0) return ids;
  const named = missing.map((m) => (m.reason === 'unrecorded' ? BYSTANDER_REASONS.unrecorded : `"${m.description ?? m.consentId}": ${BYSTANDER_REASONS[m.reason]}`));
  const message = `Bilden visar ${missing.length === 1 ? 'en person' : 'personer'} utöver patienten utan giltigt skriftligt samtycke till undervisning: ${named.join('; ')}.`;
  return op.fail(new AppError('consent_required', message, { reason: 'bystander', bystanders: missing }), { reason: 'bystander', bystanders: missing.map((m) => ({ consentId: m.consentId, reason: m.reason })) });
}

/** The audit details of a copy's bystanders: the consents recorded, or that none was stated. */
export function bystanderDetails(shown: ShownBystanders | undefined, consentIds: string[]): Record<string, unknown> {
  return shown === undefined ? { bystanders: 'not_stated' } : { bystanderConsentIds: consentIds };
}

const BYSTANDER_REASONS = {
  scope: 'samtycket omfattar inte undervisning',
  revoked: 'samtycket är återkallat',
  expired: 'samtycket har gått ut',
  not_yet_valid: 'samtycket gäller inte än',
  not_found: 'inget sådant samtycke för en person i bild hos patienten',
  unrecorded: 'en person i bilden har inget registrerat samtycke (registrera det på patientens sida under Person i bild)',
} as const;

const REASONS = {
  none: 'Patienten har inget skriftligt samtycke. Registrera samtycket på patientens sida först.',
  scope: 'Patientens skriftliga samtycke omfattar inte undervisning.',
  revoked: 'Patientens samtycke till undervisning är återkallat.',
  expired: 'Patientens samtycke till undervisning har gått ut.',
  not_yet_valid: 'Patientens samtycke till undervisning gäller inte än.',
} as const;
