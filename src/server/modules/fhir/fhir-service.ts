import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { IdentifierResult } from '../identifiers/identifier.js';
import { calendarDate } from '../identifiers/identifier-format.js';
import { maskIdentifier } from '../identifiers/identifier.js';
import { departmentsWithRight, patientRecordsVisible } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import type { Right } from '../rights/rights.js';
import { knownSystem, parseToken, systemMatches } from './fhir-identifiers.js';
import type { FhirRepository } from './fhir-repository.js';
import type { MediaFacts, PatientFacts } from './fhir-resources.js';

/** What the FHIR API needs of the patients module: its rows by id and identifier, and the departments a patient has cases in. */
export interface FhirPatients {
  find(id: string): Promise<(PatientFacts & { identifier_type: string }) | undefined>;
  findByIdentifier(type: string, identifier: string): Promise<PatientFacts | undefined>;
  caseDepartments(patientId: string): Promise<string[]>;
}

/** The identifier check of the patients module (its reservnummer formats, its clock). */
export interface FhirIdentifiers {
  validateFor(ctx: RequestContext, input: string): IdentifierResult;
}

/** The cases module's own check of the right to a case (a hidden case is answered as a missing one). */
export interface FhirCases {
  authorizedIn(op: Operation, caseId: string, right: Right): Promise<{ department_id: string; patient_id: string | null }>;
}

/** Which resource a media item is shown as: both are made of the same rows, audited under their own names. */
export type MediaResourceKind = 'Media' | 'DocumentReference';

export interface Page {
  page: number;
  count: number;
}

/**
 * The FHIR R4 read API (issue 15, I2) over Kasus's records. Every read is one audited operation with
 * the REST API's rights: a patient as GET /api/patients/{id} decides it (patient.read; only for those
 * who may read one of the patient's cases; a confidential patient only during an emergency opening),
 * media as GET /api/media/{id} (case.read in the case's department, confidentiality, the consent hook),
 * a patient's media as the case list (departments with case.read; confidential cases left out unless
 * opened). Consents and audit events are read by their own modules' services (the routes call them),
 * which decide and audit them as for the REST API (consent.list, audit.list).
 */
export class FhirService {
  constructor(
    private readonly repository: FhirRepository,
    private readonly patients: FhirPatients,
    private readonly identifiers: FhirIdentifiers,
    private readonly cases: FhirCases,
    private readonly audited: AuditedOperations,
    private readonly regionOids: readonly string[],
    private readonly timeZone: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The hospital's calendar date (for a birth date read from an identifier). */
  today(): string {
    return calendarDate(this.clock.now(), this.timeZone);
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  /** A patient by identifier token (`system|value`): patient.read anywhere, the identifier validated; no match is an empty result. */
  searchPatients(ctx: RequestContext, identifier: string): Promise<PatientFacts[]> {
    return this.audited.read(ctx, 'fhir.patient.search', { objectType: 'patient' }, async (op) => {
      // Not a record: the right to search at all, refused openly (403), as a search never says what exists.
      await op.require({ right: 'patient.read', objectType: 'patient', disclose: true });
      if (identifier.includes(',')) {
        throw new AppError('validation_failed', 'Sök på en identitet i taget (identifier): kommatecken (flera värden) stöds inte.', { field: 'identifier' });
      }
      const token = parseToken(identifier.trim());
      if (typeof token.system === 'string' && !knownSystem(token.system, this.regionOids)) {
        throw new AppError(
          'validation_failed',
          `Identitetssystemet ${token.system} är okänt. Kasus söker svenska personnummer och samordningsnummer (http://electronichealth.se/identifier/personnummer, …/samordningsnummer, urn:oid:1.2.752.129.2.1.3.1, urn:oid:1.2.752.129.2.1.3.3), reservnummer (regionens urn:oid) och norska fødselsnummer, D-nummer och H-nummer (urn:oid:2.16.578.1.12.4.1.4.1, …4.2, …4.3).`,
          { field: 'identifier' },
        );
      }
      const result = this.identifiers.validateFor(ctx, token.value);
      if (!result.valid) throw new AppError('invalid_identifier', result.message, { rule: result.rule, field: 'identifier' });
      const row = await this.patients.findByIdentifier(result.type, result.normalized);
      const match = row && systemMatches(token, result.type, row.region_oid) ? row : undefined;
      if (match) op.about({ objectId: match.id, patientId: match.id });
      return {
        result: match ? [match] : [],
        details: { interface: 'fhir', matches: match ? 1 : 0, type: result.type, ...(match ? {} : { identifier: maskIdentifier(result.normalized) }) },
      };
    });
  }

  /** A patient by Kasus's id, decided as GET /api/patients/{id}. */
  readPatient(ctx: RequestContext, id: string): Promise<PatientFacts> {
    return this.audited.read(ctx, 'fhir.patient.read', { objectType: 'patient', objectId: id, patientId: id }, async (op) => {
      const patient = await this.visiblePatient(op, id);
      return { result: patient, details: { interface: 'fhir' } };
    });
  }

  /**
   * The patient's identity under patient.read, for those who may read one of the patient's cases (or
   * anyone who could look a case-less patient up); a confidential patient only during an emergency
   * opening of one of the patient's cases. Anyone else is answered as if the patient did not exist.
   */
  private async visiblePatient(op: Operation, id: string): Promise<PatientFacts> {
    const { patient } = await op.requirePatientIdentity({ right: 'patient.read', objectType: 'patient', objectId: id, patientId: id }, async () => {
      const row = await this.patients.find(id);
      if (!row || !patientRecordsVisible(op.caller, await this.patients.caseDepartments(id))) return op.missing('patient', id);
      return { ...row, confidential: row.confidential === 1, facts: row };
    });
    return patient.facts;
  }

  /** One media item, decided as GET /api/media/{id}; only items ready and still in their case exist here. */
  readMedia(ctx: RequestContext, kind: MediaResourceKind, id: string): Promise<MediaFacts> {
    const action = kind === 'Media' ? 'fhir.media.read' : 'fhir.document_reference.read';
    return this.audited.read(ctx, action, { objectType: 'media', objectId: id }, async (op) => {
      void op.caller; // not logged in: 401 before anything is looked up
      const row = await this.repository.mediaItem(id);
      if (!row) return op.missing('media', id);
      await this.cases.authorizedIn(op, row.case_id, 'case.read');
      // Refusals name the case; what is read is the item.
      op.about({ objectType: 'media', objectId: id });
      return { result: row, details: { interface: 'fhir' } };
    });
  }

  /**
   * A patient's media items: the patient as readPatient decides it, then the items of the cases the
   * caller may read (case.read in their departments; a confidential patient's case only while the
   * caller's emergency opening of it runs), newest first, a page at a time.
   */
  searchMedia(ctx: RequestContext, kind: MediaResourceKind, patientId: string, page: Page): Promise<{ rows: MediaFacts[]; more: boolean }> {
    const action = kind === 'Media' ? 'fhir.media.search' : 'fhir.document_reference.search';
    return this.audited.read(ctx, action, { objectType: 'patient', objectId: patientId, patientId }, async (op) => {
      await this.visiblePatient(op, patientId);
      const departments = departmentsWithRight(op.actor, 'case.read');
      const rows = await this.repository.mediaOfPatient(patientId, departments, page.count + 1, (page.page - 1) * page.count);
      const more = rows.length > page.count;
      const shown = rows.slice(0, page.count);
      const cases = new Map(shown.map((row) => [row.case_id, row]));
      const visibility = await op.caseVisibility(
        [...cases.values()].map((row) => ({ id: row.case_id, departmentId: row.department_id, patientId: row.patient_id, confidential: row.patient_confidential === 1 })),
      );
      const visible = shown.filter((row) => visibility.get(row.case_id) === 'full');
      return {
        result: { rows: visible, more },
        details: { interface: 'fhir', count: visible.length, hidden: shown.length - visible.length, page: page.page },
      };
    });
  }
}
