import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import { AppError } from '../../http/errors.js';
import { maskIdentifier, validateIdentifier, type IdentifierResult, type IdentifierType, type ValidIdentifier } from '../identifiers/identifier.js';
import { patientRecordsVisible, type Access } from '../rights/access.js';
import { normalizeReason } from '../rights/reason.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation, Tx } from '../rights/audited.js';
import type { PatientRow, PatientsRepository } from './patients-repository.js';

export interface Patient {
  id: string;
  identifier: string;
  type: IdentifierType;
  confidential: boolean;
  region?: { name: string; oid: string };
}

const toPatient = (row: PatientRow): Patient => ({
  id: row.id,
  identifier: row.identifier,
  type: row.identifier_type as IdentifierType,
  confidential: row.confidential === 1,
  ...(row.region_oid && row.region_name ? { region: { name: row.region_name, oid: row.region_oid } } : {}),
});

export class PatientsService {
  constructor(
    private readonly config: Config,
    private readonly repository: PatientsRepository,
    private readonly access: Access,
    private readonly audited: AuditedOperations,
    private readonly clock: Clock = systemClock,
  ) {}

  private validate(input: string): IdentifierResult {
    const today = this.clock.now();
    return validateIdentifier(input, this.config.reservnummerFormats ? { reservnummerFormats: this.config.reservnummerFormats, today } : { today });
  }

  /** Checks an identifier for a signed-in user; no patient data is read, so nothing is audited. */
  validateFor(ctx: RequestContext, input: string): IdentifierResult {
    this.access.authenticated(ctx);
    return this.validate(input);
  }

  /** Validates or refuses with the rule that failed (400 invalid_identifier). */
  private requireValid(input: string): ValidIdentifier {
    const result = this.validate(input);
    if (!result.valid) {
      throw new AppError('invalid_identifier', result.message, { rule: result.rule, ...(result.type ? { type: result.type } : {}) });
    }
    return result;
  }

  /** The patient's id for an identifier (null when unregistered). No rights check: callers check first. */
  async idOf(input: string): Promise<string | null> {
    const identifier = this.requireValid(input);
    return (await this.repository.findByIdentifier(identifier.type, identifier.normalized))?.id ?? null;
  }

  lookup(ctx: RequestContext, input: string): Promise<Patient> {
    return this.audited.read(ctx, 'patient.lookup', { objectType: 'patient' }, async (op) => {
      const identifier = this.requireValid(input);
      await op.require({ right: 'patient.read', objectType: 'patient', hiddenAs: 'patient_not_found' });
      const row = await this.repository.findByIdentifier(identifier.type, identifier.normalized);
      if (!row) return op.fail(new AppError('patient_not_found'), { reason: 'not_found', type: identifier.type, identifier: maskIdentifier(identifier.normalized) });
      op.about({ objectId: row.id, patientId: row.id });
      return { result: toPatient(row) };
    });
  }

  /**
   * A patient by Kasus's opaque id (the page an EHR launch opens, issue 15): the read right, and for a
   * confidential patient a running emergency opening, as every other read of an identity; audited.
   */
  get(ctx: RequestContext, id: string): Promise<Patient> {
    const target = { objectType: 'patient', objectId: id, patientId: id };
    return this.audited.read(ctx, 'patient.read', target, async (op) => {
      const { patient } = await op.requirePatientIdentity({ right: 'patient.read', ...target, hiddenAs: 'patient_not_found' }, async () => {
        const row = await this.repository.find(id);
        // Only for those who may read one of the patient's cases (or anyone who could look a case-less patient up).
        if (!row || !ctx.actor || !patientRecordsVisible(ctx.actor, await this.repository.caseDepartments(id))) return op.missing('patient', id);
        return { ...row, confidential: row.confidential === 1 };
      });
      return { result: toPatient({ ...patient, confidential: patient.confidential ? 1 : 0 }) };
    });
  }

  /**
   * For another module's own audited operation (offline capture, issue 16): the identifier checked
   * (400 invalid_identifier) and the patient's id; for a new patient, the registration to run in that
   * operation's transaction. No rights check and no event here: the caller's operation does both.
   */
  async prepareFor(input: string): Promise<{ id: string; register: ((tx: Tx) => Promise<void>) | null }> {
    const identifier = this.requireValid(input);
    const existing = await this.repository.findByIdentifier(identifier.type, identifier.normalized);
    if (existing) return { id: existing.id, register: null };
    const now = this.clock.now().toISOString();
    const row: PatientRow = {
      id: randomUUID(),
      identifier: identifier.normalized,
      identifier_type: identifier.type,
      region_oid: identifier.region?.oid ?? null,
      region_name: identifier.region?.name ?? null,
      confidential: 0,
      created_at: now,
      updated_at: now,
    };
    return {
      id: row.id,
      register: async (tx) => {
        // Registered by someone else in the meantime: the caller's whole change is retried by the client.
        if (!(await this.repository.insert(tx, row))) throw new AppError('conflict', 'Patienten registrerades samtidigt av någon annan. Försök igen.');
      },
    };
  }

  /** Registers a patient so that cases can be created for them. */
  register(ctx: RequestContext, input: string): Promise<Patient> {
    return this.audited.write(ctx, 'patient.register', { objectType: 'patient' }, async (op) => {
      this.requireValid(input);
      await op.require({ right: 'case.write', objectType: 'patient', disclose: true });
      return this.insert(op, input);
    });
  }

  /** Registers without a rights check: for demo data and imports run by the operator; audited all the same. */
  registerTrusted(ctx: RequestContext, input: string): Promise<Patient> {
    return this.audited.write(ctx, 'patient.register', { objectType: 'patient' }, (op) => this.insert(op.trusted(), input));
  }

  private async insert(op: Operation, input: string): Promise<Patient> {
    const identifier = this.requireValid(input);
    const now = this.clock.now().toISOString();
    const row: PatientRow = {
      id: randomUUID(),
      identifier: identifier.normalized,
      identifier_type: identifier.type,
      region_oid: identifier.region?.oid ?? null,
      region_name: identifier.region?.name ?? null,
      confidential: 0,
      created_at: now,
      updated_at: now,
    };
    op.about({ objectId: row.id, patientId: row.id });
    await op.commit(async (tx) => {
      if (!(await this.repository.insert(tx, row))) throw new AppError('patient_exists');
    });
    return toPatient(row);
  }

  /**
   * Marks a patient confidential, or lifts the mark, with a reason (system administrators only).
   * From then on the rights module shows the patient's cases only as "Konfidentiellt".
   */
  setConfidential(ctx: RequestContext, id: string, input: { confidential: boolean; reason: string }): Promise<Patient> {
    return this.audited.write(ctx, 'patient.confidentiality', { objectType: 'patient', objectId: id, patientId: id }, async (op) => {
      const actor = await op.require({ right: 'admin', objectType: 'patient', objectId: id, patientId: id, disclose: true });
      const row = await this.repository.find(id);
      if (!row) throw new AppError('patient_not_found');
      const reason = normalizeReason(input.reason);
      const now = this.clock.now().toISOString();
      const confidential = input.confidential ? 1 : 0;
      await op.commit(
        (tx) => this.repository.setConfidential(tx, { id: randomUUID(), patient_id: id, confidential, reason, changed_by: actor.userId, changed_at: now }),
        { confidential: input.confidential, reason },
      );
      return toPatient({ ...row, confidential, updated_at: now });
    });
  }

  /** Who marked or lifted the patient's confidentiality, when and why; newest first. */
  confidentialityHistory(ctx: RequestContext, id: string) {
    return this.audited.read(ctx, 'patient.confidentiality.read', { objectType: 'patient', objectId: id, patientId: id }, async (op) => {
      await op.require({ right: 'admin', objectType: 'patient', objectId: id, patientId: id, disclose: true });
      const rows = await this.repository.confidentialityHistory(id);
      return {
        result: rows.map((r) => ({ confidential: r.confidential === 1, reason: r.reason, changedBy: r.changed_by, changedByName: r.changed_by_name, changedAt: r.changed_at })),
      };
    });
  }
}
