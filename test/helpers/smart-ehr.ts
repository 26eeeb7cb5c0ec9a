// A small EHR for SMART App Launch tests (issue 15, I1): a real OpenID Connect authorization server
// (oidc-provider, configured with the SMART scopes, the launch and aud parameters, fhirUser in the ID
// token and the launch context — patient, encounter, location — in the token response) and a FHIR
// endpoint in plain node:http serving .well-known/smart-configuration, Patient, Practitioner and
// Location to a bearer of a token the provider issued. Login and consent are given automatically for
// the user the launch names (the EHR's user is already logged in when they open Kasus).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export const SMART_CLIENT = { clientId: 'kasus', clientSecret: 'kasus-smart-client-secret-for-tests' } as const;
const SCOPES = ['openid', 'fhirUser', 'launch', 'patient/Patient.read', 'user/Practitioner.read', 'user/Location.read'];

/** What the EHR's launch id stands for: its user (a Practitioner id) and the patient open in the record. */
export interface EhrLaunch {
  practitioner: string;
  patient: string;
  encounter?: string;
  location?: string;
  /** Extra token response parameters, e.g. { kasus_mode: 'read' }. */
  extra?: Record<string, string>;
  /** The EHR's user refuses (or cannot) log in: the authorization answers access_denied. */
  deny?: boolean;
}

export interface SmartEhr {
  /** The FHIR base URL: the launch's iss. */
  fhirBase: string;
  issuer: string;
  /** FHIR resources by "Type/id". */
  resources: Map<string, Record<string, unknown>>;
  /** Registers a launch and returns its id. */
  launch(launch: EhrLaunch): string;
  /** Starts the authorization server, with Kasus's redirect URIs registered. */
  start(redirectUris: string[]): Promise<void>;
  /** How many FHIR reads were answered, by "Type/id" (200 only). */
  reads: string[];
  close(): Promise<void>;
}

/** A FHIR identifier with a system, as the EHR would send it. */
export const identifier = (system: string, value: string) => ({ system, value });
export const SYSTEMS = {
  personnummer: 'urn:oid:1.2.752.129.2.1.3.1',
  hsaId: 'urn:oid:1.2.752.129.2.1.4.1',
} as const;

/** oidc-provider's storage, in memory (its own quick-start adapter warns on every start). */
type Stored = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number };
const stores = new Map<string, Map<string, Stored>>();
class MemoryAdapter {
  private readonly store: Map<string, Stored>;
  constructor(name: string) {
    this.store = stores.get(name) ?? new Map();
    stores.set(name, this.store);
  }
  async upsert(id: string, payload: Stored) {
    this.store.set(id, payload);
  }
  async find(id: string) {
    return this.store.get(id);
  }
  async findByUserCode(userCode: string) {
    return [...this.store.values()].find((p) => p.userCode === userCode);
  }
  async findByUid(uid: string) {
    return [...this.store.values()].find((p) => p.uid === uid);
  }
  async consume(id: string) {
    const payload = this.store.get(id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    this.store.delete(id);
  }
  async revokeByGrantId(grantId: string) {
    for (const [id, payload] of this.store) if (payload.grantId === grantId) this.store.delete(id);
  }
}

export async function startSmartEhr(): Promise<SmartEhr> {
  const launches = new Map<string, EhrLaunch>();
  const launchOfGrant = new Map<string, EhrLaunch>();
  const resources = new Map<string, Record<string, unknown>>();
  const reads: string[] = [];
  let provider: Provider | null = null;
  let providerHandler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;

  const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      if (url.pathname.startsWith('/fhir/')) return fhir(url, req, res);
      if (url.pathname.startsWith('/interaction/')) return interaction(req, res);
      if (!providerHandler) return json(res, 503, { error: 'not started' });
      return providerHandler(req, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fhirBase = `${issuer}/fhir`;

  async function fhir(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (url.pathname === '/fhir/.well-known/smart-configuration') {
      const openid = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      return json(res, 200, {
        ...openid,
        scopes_supported: SCOPES,
        code_challenge_methods_supported: ['S256'],
        capabilities: ['launch-ehr', 'client-confidential-symmetric', 'client-public', 'context-ehr-patient', 'context-ehr-encounter', 'sso-openid-connect', 'permission-patient', 'permission-user'],
      });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer && provider ? await provider.AccessToken.find(bearer) : undefined;
    if (!token || token.isExpired) return json(res, 401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] }, 'application/fhir+json');
    const key = url.pathname.slice('/fhir/'.length);
    const type = key.split('/')[0]!;
    const scopes = String(token.scope ?? '').split(' ');
    const allowed = type === 'Patient' ? scopes.includes('patient/Patient.read') : scopes.includes(`user/${type}.read`);
    const resource = resources.get(key);
    if (!allowed) return json(res, 403, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] }, 'application/fhir+json');
    if (!resource) return json(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, 'application/fhir+json');
    reads.push(key);
    return json(res, 200, resource, 'application/fhir+json');
  }

  // The EHR's user is logged in already: login and consent are given at once for the launch's user.
  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider!.interactionDetails(req, res);
    const launch = launches.get(String(details.params.launch ?? ''));
    if (!launch || launch.deny) {
      await provider!.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user did not allow Kasus' }, { mergeWithLastSubmission: false });
      return;
    }
    if (details.prompt.name === 'login' || details.session?.accountId !== launch.practitioner) {
      await provider!.interactionFinished(req, res, { login: { accountId: launch.practitioner } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new provider!.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    launchOfGrant.set(grantId, launch);
    await provider!.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  return {
    fhirBase,
    issuer,
    resources,
    reads,
    launch(launch) {
      const id = randomUUID();
      launches.set(id, launch);
      return id;
    },
    async start(redirectUris) {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      provider = new Provider(issuer, {
        clients: [{ client_id: SMART_CLIENT.clientId, client_secret: SMART_CLIENT.clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
        jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'ehr-test' }] },
        cookies: { keys: ['smart-ehr-test-cookie-key'] },
        scopes: SCOPES,
        claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
        // SMART: the EHR's launch id and the FHIR server the token is for.
        extraParams: ['launch', 'aud'],
        // fhirUser in the ID token (SMART), not only from userinfo.
        conformIdTokenClaims: false,
        features: { devInteractions: { enabled: false } },
        adapter: MemoryAdapter,
        ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
        pkce: { required: () => true, methods: ['S256'] },
        // Every authorization asks for consent, so each launch gets its own grant and with it its own launch context.
        loadExistingGrant: async (ctx) => {
          const grantId = ctx.oidc.result?.consent?.grantId;
          return grantId ? ctx.oidc.provider.Grant.find(String(grantId)) : undefined;
        },
        findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, fhirUser: `Practitioner/${id}` }) }),
        // oidc-provider answers with an HTML page on errors; keep them short in the test's output.
        renderError: (ctx, out) => {
          ctx.type = 'json';
          ctx.body = out;
        },
      });
      // The launch context travels in the token response (SMART App Launch 2.x, "launch context").
      provider.use(async (ctx, next) => {
        await next();
        if (ctx.path !== '/token' || ctx.status !== 200 || typeof ctx.body !== 'object' || ctx.body === null) return;
        const grantId = (ctx.oidc as unknown as { entities?: { Grant?: { jti: string } } } | undefined)?.entities?.Grant?.jti;
        const launch = grantId ? launchOfGrant.get(grantId) : undefined;
        if (!launch) return;
        Object.assign(ctx.body as Record<string, unknown>, {
          patient: launch.patient,
          ...(launch.encounter ? { encounter: launch.encounter } : {}),
          ...(launch.location ? { location: launch.location } : {}),
          need_patient_banner: false,
          ...launch.extra,
        });
      });
      providerHandler = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
