import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import type { Config, EhrLaunchKey } from '../../config/config.js';
import { AppError } from '../../http/errors.js';
import type { AuthService } from '../auth/auth-service.js';
import type { PatientsService } from '../patients/patients-service.js';
import type { EhrReadOnly, RequestContext } from '../rights/actor.js';
import type { AuditRecorder } from '../rights/audit-recorder.js';
import type { AuditedOperations } from '../rights/audited.js';
import type { UserLookup } from '../users/user-lookup.js';
import type { EhrLaunchRepository } from './ehr-launch-repository.js';

/** Why a launch was refused: in the audit event's details and the refusal page. */
export type LaunchRefusal =
  | 'malformed'
  | 'unsigned'
  | 'unknown_issuer'
  | 'wrong_algorithm'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'too_long_lived'
  | 'invalid_claims'
  | 'replayed'
  | 'unknown_user'
  | 'unknown_department'
  | 'invalid_identifier'
  // SMART App Launch (smart-launch-service.ts):
  | 'bad_request'
  | 'discovery_failed'
  | 'bad_state'
  | 'authorization_denied'
  | 'token_failed'
  | 'invalid_context'
  | 'fhir_failed'
  | 'no_identifier';

/** What the refusal page tells the user (Swedish: the EHR's users read it), per reason. */
export const REFUSAL_MESSAGES: Record<LaunchRefusal, string> = {
  malformed: 'Länken från journalen är inte en giltig inloggningslänk.',
  unsigned: 'Länken från journalen är inte signerad och godtas inte.',
  unknown_issuer: 'Länken kommer från ett journalsystem som inte är anslutet till Kasus.',
  wrong_algorithm: 'Länken är signerad på ett annat sätt än det som är avtalat med journalsystemet.',
  bad_signature: 'Länkens signatur stämmer inte med journalsystemets nyckel. Den kan ha ändrats på vägen.',
  expired: 'Länken från journalen har gått ut. Öppna Kasus från journalen igen.',
  not_yet_valid: 'Länken från journalen är utfärdad i framtiden. Kontrollera klockan på journalservern.',
  too_long_lived: 'Länken från journalen gäller för länge för att godtas.',
  invalid_claims: 'Länken från journalen saknar patient, användare eller enhet.',
  replayed: 'Länken från journalen har redan använts. Öppna Kasus från journalen igen.',
  unknown_user: 'Användaren från journalen finns inte eller är inte aktiv i Kasus.',
  unknown_department: 'Enheten från journalen finns inte eller är inte aktiv i Kasus.',
  invalid_identifier: 'Patientens identitet från journalen är inte giltig.',
  bad_request: 'Länken från journalen saknar uppgifter som behövs för att öppna Kasus.',
  discovery_failed: 'Journalsystemets inloggningstjänst svarar inte eller svarar felaktigt. Försök igen om en stund.',
  bad_state: 'Inloggningen från journalen kunde inte kopplas till den här webbläsaren. Öppna Kasus från journalen igen.',
  authorization_denied: 'Journalsystemet godkände inte inloggningen till Kasus.',
  token_failed: 'Inloggningen från journalen kunde inte slutföras. Öppna Kasus från journalen igen.',
  invalid_context: 'Journalsystemet skickade ingen patient eller användare med inloggningen.',
  fhir_failed: 'Patientens uppgifter kunde inte hämtas från journalsystemet. Försök igen om en stund.',
  no_identifier: 'Patienten i journalen saknar personnummer, samordningsnummer, reservnummer eller norskt fødselsnummer, D-nummer eller H-nummer.',
};

/** The launch token's own claims (besides iss, iat, exp, jti, which jose checks). */
const launchClaims = z.object({
  jti: z.string().min(1).max(200),
  /** The patient's identifier (personnummer, samordningsnummer, …): only ever inside the signed token. */
  patient: z.string().min(1).max(64),
  /** The user's Kasus username. */
  user: z.string().min(1).max(200),
  /** The department's HSA id or its Kasus id. */
  department: z.string().min(1).max(200),
  /** "read": the EHR is in read mode, so Kasus opens read-only. */
  mode: z.enum(['read', 'write']).optional(),
});

/** The lifetime of a jti beyond exp: the clock tolerance, so a token just past exp by our clock is still "used". */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Departments by Kasus id or HSA id (the departments repository implements it; services.ts injects it). */
export interface DepartmentsByAnyId {
  find(id: string): Promise<{ id: string; active: number } | undefined>;
  findByHsaId(hsaId: string): Promise<{ id: string; active: number } | undefined>;
}

/** A patient found by identifier, or to be registered in the launch's transaction. */
export type PreparedPatient = Awaited<ReturnType<PatientsService['prepareFor']>>;

export interface LaunchResult {
  sessionToken: string;
  patientId: string;
  readOnly: EhrReadOnly | null;
}

/**
 * Signed-URL launch from an EHR without SMART (issue 15, I1): a JWT signed with the EHR's configured
 * key names the patient, the user and the department. Verified with jose (never by hand); each token
 * works once (its jti is kept until it expires). A verified launch finds or registers the patient and
 * opens a session for the user marked with the EHR context (and read-only when the EHR is in read mode).
 */
export class EhrLaunchService {
  private readonly keys: Map<string, { entry: EhrLaunchKey; key: KeyObject }>;

  constructor(
    private readonly config: Config,
    private readonly repository: EhrLaunchRepository,
    private readonly users: Pick<UserLookup, 'findByUsername'>,
    private readonly departments: DepartmentsByAnyId,
    private readonly patients: Pick<PatientsService, 'prepareFor'>,
    private readonly systems: { systems(): Promise<{ name: string; status: string }[]> },
    private readonly auth: Pick<AuthService, 'loadActor' | 'startEhrSession'>,
    private readonly audit: AuditRecorder,
    private readonly audited: AuditedOperations,
    private readonly clock: Clock = systemClock,
  ) {
    // Keys are parsed once; a PEM that does not parse stops the server at start, not at the first launch.
    this.keys = new Map(
      config.ehrLaunchKeys.map((entry) => [
        entry.issuer,
        { entry, key: entry.alg === 'HS256' ? createSecretKey(Buffer.from(entry.key, 'utf8')) : createPublicKey(entry.key) },
      ]),
    );
  }

  async launch(ctx: RequestContext, token: string): Promise<LaunchResult> {
    const refuse = async (reason: LaunchRefusal, details: Record<string, unknown> = {}): Promise<AppError> => {
      await this.audit.record(ctx, { action: 'ehr.launch', outcome: 'refused', details: { reason, ...details } });
      return new AppError('ehr_launch_refused', REFUSAL_MESSAGES[reason], { reason });
    };
    let alg: string | undefined;
    let unverified: JWTPayload;
    try {
      alg = decodeProtectedHeader(token).alg;
      unverified = decodeJwt(token);
    } catch {
      throw await refuse('malformed');
    }
    if (!alg || alg.toLowerCase() === 'none') throw await refuse('unsigned');
    const issuer = typeof unverified.iss === 'string' ? unverified.iss : null;
    const known = issuer === null ? undefined : this.keys.get(issuer);
    if (!known) throw await refuse('unknown_issuer', { issuer: issuer?.slice(0, 200) ?? null });
    const { entry, key } = known;
    if (alg !== entry.alg) throw await refuse('wrong_algorithm', { issuer: entry.issuer, alg: alg.slice(0, 20) });

    const now = this.clock.now();
    const maxAge = this.config.ehrLaunchMaxAgeSeconds;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        issuer: entry.issuer,
        algorithms: [entry.alg],
        requiredClaims: ['iat', 'exp', 'jti'],
        currentDate: now,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: maxAge,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw await refuse('bad_signature', { issuer: entry.issuer });
      if (error instanceof joseErrors.JWTExpired) throw await refuse('expired', { issuer: entry.issuer });
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        const reason = error.claim === 'iat' || error.claim === 'nbf' ? 'not_yet_valid' : 'invalid_claims';
        throw await refuse(reason, { issuer: entry.issuer, claim: error.claim });
      }
      throw await refuse('malformed', { issuer: entry.issuer });
    }
    // A launch URL must be short-lived, whatever the EHR put in exp.
    if (payload.exp! - payload.iat! > maxAge) throw await refuse('too_long_lived', { issuer: entry.issuer, seconds: payload.exp! - payload.iat! });
    const claims = launchClaims.safeParse(payload);
    if (!claims.success) throw await refuse('invalid_claims', { issuer: entry.issuer, claim: String(claims.error.issues[0]?.path[0] ?? '') });
    const { jti, patient, user, department, mode } = claims.data;

    // Used once, whatever happens next: a verified token is spent.
    const keptUntil = new Date((payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000).toISOString();
    if (!(await this.repository.useNonce(entry.issuer, jti, keptUntil, now.toISOString()))) throw await refuse('replayed', { issuer: entry.issuer, jti });

    const account = await this.findUser(user);
    if (!account) throw await refuse('unknown_user', { issuer: entry.issuer, user: user.slice(0, 200) });
    const unit = await this.findDepartment(department);
    if (!unit) throw await refuse('unknown_department', { issuer: entry.issuer, department: department.slice(0, 200) });
    let prepared: PreparedPatient;
    try {
      prepared = await this.patients.prepareFor(patient);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_identifier') throw await refuse('invalid_identifier', { issuer: entry.issuer, rule: error.extra.rule ?? null });
      throw error;
    }
    const readOnly: EhrReadOnly | null = mode === 'read' ? 'ehr_launch' : (await this.systemReadOnly(entry.system)) ? 'ehr_system' : null;
    return this.open(ctx, { issuer: entry.issuer, account, departmentId: unit.id, patient: prepared, readOnly, details: { jti } }, refuse);
  }

  /** An active Kasus user by username (as the EHR names them; case and spaces ignored). */
  async findUser(username: string): Promise<{ id: string; username: string } | null> {
    const account = await this.users.findByUsername(username.trim().toLowerCase());
    return account && account.active === 1 ? account : null;
  }

  /** An active department by HSA id or Kasus id. */
  async findDepartment(id: string): Promise<{ id: string } | null> {
    const unit = (await this.departments.findByHsaId(id)) ?? (await this.departments.find(id));
    return unit && unit.active === 1 ? unit : null;
  }

  /**
   * The end every launch shares (signed URL and SMART): the patient is read (and registered when new)
   * as the user in the EHR's department — the one audited success event — and a session marked with the
   * EHR context is opened.
   */
  async open(
    ctx: RequestContext,
    launch: { issuer: string; account: { id: string; username: string }; departmentId: string; patient: PreparedPatient; readOnly: EhrReadOnly | null; details: Record<string, unknown> },
    refuse: (reason: LaunchRefusal, details?: Record<string, unknown>) => Promise<AppError>,
  ): Promise<LaunchResult> {
    const { issuer, account, departmentId, patient: prepared, readOnly } = launch;
    const actor = await this.auth.loadActor(account.id, 'session');
    if (!actor) throw await refuse('unknown_user', { issuer, user: account.username });
    const launchCtx: RequestContext = { ...ctx, actor };
    // The patient is read (and registered when new) as the user, in the EHR's department: the one audited event.
    await this.audited.write(launchCtx, 'ehr.launch', { objectType: 'patient', departmentId }, async (op) => {
      await op.require({ right: 'patient.read', departmentId, objectType: 'patient', objectId: prepared.id, patientId: prepared.id, disclose: true });
      await op.commit(
        async (tx) => {
          await prepared.register?.(tx);
        },
        // "EHR context" is how a patient registered here was verified: the EHR vouched for the identity.
        { issuer, ...launch.details, registered: prepared.register !== null, verification: 'ehr_context', readOnly },
      );
    });
    const session = await this.auth.startEhrSession(launchCtx, account.id, { readOnly });
    if (!session) throw await refuse('unknown_user', { issuer, user: account.username });
    return { sessionToken: session.token, patientId: prepared.id, readOnly };
  }

  /** Whether the EHR's row in the systems registry (named in its configuration's `system`) says read_only now. */
  async systemReadOnly(systemName: string | undefined): Promise<boolean> {
    if (!systemName) return false;
    const name = systemName.trim().toLowerCase();
    const system = (await this.systems.systems()).find((s) => s.name.trim().toLowerCase() === name);
    return system?.status === 'read_only';
  }
}
