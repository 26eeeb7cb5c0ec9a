import * as oidc from 'openid-client';
import { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import type { Config } from '../../config/config.js';
import { HSA_ID_SYSTEM, normalizeIssuer, type SmartClient } from '../../config/smart-clients.js';
import { AppError } from '../../http/errors.js';
import { DEFAULT_RESERVNUMMER_FORMATS, validateIdentifier, type IdentifierType } from '../identifiers/identifier.js';
import type { PatientsService } from '../patients/patients-service.js';
import type { EhrReadOnly, RequestContext } from '../rights/actor.js';
import type { AuditRecorder } from '../rights/audit-recorder.js';
import { REFUSAL_MESSAGES, type EhrLaunchService, type LaunchRefusal, type LaunchResult, type PreparedPatient } from './ehr-launch-service.js';

/** The national identifier systems (FHIR `identifier.system`) Kasus takes a patient's identity from, in order of preference. */
const NATIONAL_SYSTEMS: [system: string, type: IdentifierType][] = [
  ['urn:oid:1.2.752.129.2.1.3.1', 'se_personnummer'],
  ['urn:oid:1.2.752.129.2.1.3.3', 'se_samordningsnummer'],
  ['urn:oid:2.16.578.1.12.4.1.4.1', 'no_fodselsnummer'],
  ['urn:oid:2.16.578.1.12.4.1.4.2', 'no_d_nummer'],
  ['urn:oid:2.16.578.1.12.4.1.4.3', 'no_h_nummer'],
];

/** How long a started launch may take to come back from the EHR's login (the state cookie's life). */
export const PENDING_LAUNCH_SECONDS = 600;
/** How long the EHR's discovered SMART configuration is kept before it is read again. */
const DISCOVERY_TTL_MS = 5 * 60_000;
/** Seconds an outgoing request to the EHR (discovery, token, FHIR read) may take. */
const EHR_TIMEOUT_SECONDS = 10;

/** What a started launch keeps in the browser (a signed, httpOnly cookie) until the EHR's login comes back. */
export interface PendingSmartLaunch {
  state: string;
  iss: string;
  verifier: string;
  nonce: string;
  redirectUri: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export const pendingSmartLaunch = z.object({
  state: z.string().min(1).max(200),
  iss: z.string().min(1).max(2000),
  verifier: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  redirectUri: z.string().min(1).max(2000),
  expiresAt: z.number(),
});

const fhirIdentifier = z.object({ system: z.string().optional(), value: z.string().optional() }).passthrough();
const fhirResource = z.object({ resourceType: z.string(), identifier: z.array(fhirIdentifier).optional() }).passthrough();

/** A FHIR resource id (R4 `id`: letters, digits, '-' and '.', up to 64). */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * SMART App Launch 2.x, EHR launch (issue 15, I1). The EHR opens /launch?iss=…&launch=…; Kasus reads the
 * EHR's .well-known/smart-configuration, sends the browser to its authorization endpoint (authorization
 * code with PKCE, state and nonce, all by openid-client), and on the way back exchanges the code for a
 * token whose launch context names the patient (and the user, in the ID token's fhirUser). Kasus reads
 * the Patient from the EHR's FHIR server with that token, takes its national identifier, maps the user
 * and department, and ends exactly like a signed-URL launch: one audited `ehr.launch`, a session marked
 * with the EHR context (read-only when the EHR says so or its registry row is read_only).
 */
export class SmartLaunchService {
  private readonly clients: Map<string, SmartClient>;
  private readonly discovered = new Map<string, { config: oidc.Configuration; until: number }>();
  private readonly identifierSystems: Map<string, IdentifierType>;

  constructor(
    private readonly config: Pick<Config, 'smartClients' | 'reservnummerFormats'>,
    private readonly launches: Pick<EhrLaunchService, 'findUser' | 'findDepartment' | 'systemReadOnly' | 'open'>,
    private readonly patients: Pick<PatientsService, 'prepareFor'>,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock = systemClock,
  ) {
    this.clients = new Map(config.smartClients.map((c) => [c.iss, c]));
    const reservnummer = (config.reservnummerFormats ?? DEFAULT_RESERVNUMMER_FORMATS).map((f): [string, IdentifierType] => [`urn:oid:${f.oid}`, 'se_reservnummer']);
    this.identifierSystems = new Map([...NATIONAL_SYSTEMS, ...reservnummer]);
  }

  private refuser(ctx: RequestContext, base: Record<string, unknown>) {
    return async (reason: LaunchRefusal, details: Record<string, unknown> = {}): Promise<AppError> => {
      await this.audit.record(ctx, { action: 'ehr.launch', outcome: 'refused', details: { reason, launch: 'smart', ...base, ...details } });
      return new AppError('ehr_launch_refused', REFUSAL_MESSAGES[reason], { reason });
    };
  }

  /** Step 1: the EHR's launch. Returns where to send the browser and what to keep in its cookie. */
  async begin(ctx: RequestContext, input: { iss: string; launch: string }, baseUrl: string): Promise<{ authorizationUrl: string; pending: PendingSmartLaunch }> {
    const iss = normalizeIssuer(input.iss);
    const refuse = this.refuser(ctx, { issuer: iss.slice(0, 200) });
    const client = this.clients.get(iss);
    if (!client) throw await refuse('unknown_issuer');
    if (!input.launch.trim()) throw await refuse('bad_request');
    const configuration = await this.discover(client, refuse);
    const state = oidc.randomState();
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const redirectUri = `${baseUrl.replace(/\/+$/, '')}/launch/callback`;
    const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: client.scope,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      launch: input.launch,
      // SMART: the FHIR server the token is for.
      aud: client.iss,
    });
    return { authorizationUrl: authorizationUrl.href, pending: { state, iss: client.iss, verifier, nonce, redirectUri, expiresAt: this.clock.now().getTime() + PENDING_LAUNCH_SECONDS * 1000 } };
  }

  /**
   * Step 2: the EHR's login comes back to /launch/callback with a code (or an error). `pending` is what
   * the browser's cookie for this state held (null: none, or not signed by Kasus).
   */
  async complete(ctx: RequestContext, query: URLSearchParams, pending: PendingSmartLaunch | null): Promise<LaunchResult> {
    const state = query.get('state');
    const refuseAnonymous = this.refuser(ctx, {});
    if (!state || !pending || pending.state !== state) throw await refuseAnonymous('bad_state');
    if (pending.expiresAt < this.clock.now().getTime()) throw await refuseAnonymous('bad_state', { expired: true });
    const client = this.clients.get(pending.iss);
    if (!client) throw await refuseAnonymous('unknown_issuer', { issuer: pending.iss.slice(0, 200) });
    const refuse = this.refuser(ctx, { issuer: client.iss });
    const error = query.get('error');
    if (error) throw await refuse('authorization_denied', { error: error.slice(0, 100) });
    const configuration = await this.discover(client, refuse);

    const currentUrl = new URL(pending.redirectUri);
    currentUrl.search = query.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(
        configuration,
        currentUrl,
        { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true },
        { redirect_uri: pending.redirectUri },
      );
    } catch (err) {
      throw await refuse('token_failed', { error: describe(err) });
    }
    const idClaims = tokens.claims();
    const fhirUser = typeof idClaims?.fhirUser === 'string' ? idClaims.fhirUser : typeof tokens.fhirUser === 'string' ? tokens.fhirUser : null;
    const patientRef = typeof tokens.patient === 'string' && FHIR_ID.test(tokens.patient) ? tokens.patient : null;
    if (!patientRef || !fhirUser) throw await refuse('invalid_context', { patient: patientRef !== null, fhirUser: fhirUser !== null });
    const encounter = typeof tokens.encounter === 'string' ? tokens.encounter.slice(0, 64) : null;
    const location = typeof tokens.location === 'string' && FHIR_ID.test(tokens.location) ? tokens.location : null;
    const context = { fhirUser: fhirUser.slice(0, 300), encounter, location };
    const read = (url: URL) => this.read(configuration, tokens.access_token, url);

    // The patient: the EHR's Patient resource, its national identifier validated as Kasus validates any.
    const patientResource = await read(new URL(`${client.iss}/Patient/${patientRef}`));
    if (!patientResource || patientResource.resourceType !== 'Patient') throw await refuse('fhir_failed', { ...context, resource: 'Patient' });
    const prepared = await this.preparePatient(patientResource.identifier ?? [], (reason, details) => refuse(reason, { ...context, ...details }));

    // The user: the configured mapping first, then the fhirUser resource's identifier (HSA-id by default) as the Kasus username.
    let username: string | null = client.users[fhirUser] ?? client.users[relativeReference(client.iss, fhirUser) ?? ''] ?? null;
    if (username === null) {
      const userUrl = resourceUrl(client.iss, fhirUser);
      const resource = userUrl ? await read(userUrl) : null;
      username = resource?.identifier?.find((i) => i.system === client.userIdentifierSystem && i.value)?.value ?? null;
    }
    const account = username ? await this.launches.findUser(username) : null;
    if (!account) throw await refuse('unknown_user', { ...context, user: username?.slice(0, 200) ?? null });

    // The department: the launch's Location by its HSA-id, else the one configured for this EHR.
    let departmentId: string | null = null;
    if (location) {
      const place = await read(new URL(`${client.iss}/Location/${location}`));
      const hsaId = place?.identifier?.find((i) => i.system === HSA_ID_SYSTEM && i.value)?.value;
      if (hsaId) departmentId = (await this.launches.findDepartment(hsaId))?.id ?? null;
    }
    if (!departmentId && client.department) departmentId = (await this.launches.findDepartment(client.department))?.id ?? null;
    if (!departmentId) throw await refuse('unknown_department', context);

    // Read mode: the EHR says so in the launch context (kasus_mode "read"), or its registry row is read_only.
    const readOnly: EhrReadOnly | null = tokens.kasus_mode === 'read' ? 'ehr_launch' : (await this.launches.systemReadOnly(client.system)) ? 'ehr_system' : null;
    return this.launches.open(ctx, { issuer: client.iss, account, departmentId, patient: prepared, readOnly, details: { launch: 'smart', ...context } }, refuse);
  }

  /** The first identifier with a national system Kasus knows, validated (and of the kind its system says), found or to be registered. */
  private async preparePatient(
    identifiers: z.infer<typeof fhirIdentifier>[],
    refuse: (reason: LaunchRefusal, details?: Record<string, unknown>) => Promise<AppError>,
  ): Promise<PreparedPatient> {
    const candidates = identifiers
      .map((i) => ({ value: i.value?.trim() ?? '', type: i.system ? this.identifierSystems.get(i.system) : undefined, system: i.system }))
      .filter((c): c is { value: string; type: IdentifierType; system: string } => Boolean(c.type && c.value));
    const order = [...this.identifierSystems.keys()];
    candidates.sort((a, b) => order.indexOf(a.system) - order.indexOf(b.system));
    const chosen = candidates[0];
    if (!chosen) throw await refuse('no_identifier', { systems: identifiers.map((i) => i.system?.slice(0, 100) ?? null).slice(0, 10) });
    const today = this.clock.now();
    const options = this.config.reservnummerFormats ? { reservnummerFormats: this.config.reservnummerFormats, today } : { today };
    const checked = validateIdentifier(chosen.value, options);
    if (!checked.valid) throw await refuse('invalid_identifier', { system: chosen.system, rule: checked.rule });
    if (checked.type !== chosen.type) throw await refuse('invalid_identifier', { system: chosen.system, rule: 'system_mismatch' });
    try {
      return await this.patients.prepareFor(chosen.value);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_identifier') throw await refuse('invalid_identifier', { system: chosen.system, rule: error.extra.rule ?? null });
      throw error;
    }
  }

  /** The EHR's SMART configuration (its .well-known/smart-configuration), kept a few minutes. */
  private async discover(client: SmartClient, refuse: (reason: LaunchRefusal, details?: Record<string, unknown>) => Promise<AppError>): Promise<oidc.Configuration> {
    const now = this.clock.now().getTime();
    const kept = this.discovered.get(client.iss);
    if (kept && kept.until > now) return kept.config;
    try {
      const configuration = await oidc.discovery(
        new URL(`${client.iss}/.well-known/smart-configuration`),
        client.clientId,
        client.clientSecret,
        client.clientSecret ? oidc.ClientSecretBasic(client.clientSecret) : oidc.None(),
        // http:// is allowed by the configuration only to this machine (a test EHR).
        { timeout: EHR_TIMEOUT_SECONDS, ...(client.iss.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}) },
      );
      this.discovered.set(client.iss, { config: configuration, until: now + DISCOVERY_TTL_MS });
      return configuration;
    } catch (err) {
      throw await refuse('discovery_failed', { error: describe(err) });
    }
  }

  /** A FHIR resource read with the launch's access token; null when the EHR does not answer 200 with a resource. */
  private async read(configuration: oidc.Configuration, accessToken: string, url: URL): Promise<z.infer<typeof fhirResource> | null> {
    try {
      const response = await oidc.fetchProtectedResource(configuration, accessToken, url, 'GET', undefined, new Headers({ accept: 'application/fhir+json' }));
      if (response.status !== 200) {
        await response.body?.cancel();
        return null;
      }
      const parsed = fhirResource.safeParse(await response.json());
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}

/** `Practitioner/123` for a reference to this FHIR server, absolute or relative; null otherwise. */
function relativeReference(iss: string, reference: string): string | null {
  const relative = reference.startsWith(`${iss}/`) ? reference.slice(iss.length + 1) : reference;
  return /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(relative) ? relative : null;
}

/** The URL to read a fhirUser reference from, only on the launching EHR's own FHIR server. */
function resourceUrl(iss: string, reference: string): URL | null {
  const relative = relativeReference(iss, reference);
  return relative ? new URL(`${iss}/${relative}`) : null;
}

/** An error from openid-client or the network, short, for the audit event (never a token). */
function describe(err: unknown): string {
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) return err.error.slice(0, 100);
  if (err instanceof Error) return `${(err as { code?: string }).code ?? err.name}`.slice(0, 100);
  return 'unknown';
}
