import { z } from 'zod';
import { jsonOrFile } from './json-or-file.js';

/** The HSA-id's FHIR identifier system (Inera): how a Practitioner or a Location names its HSA-id. */
export const HSA_ID_SYSTEM = 'urn:oid:1.2.752.129.2.1.4.1';

/** The scopes Kasus asks an EHR for when its entry names none. */
export const DEFAULT_SMART_SCOPE = 'launch openid fhirUser patient/Patient.read';

/**
 * One EHR allowed to open Kasus with a SMART App Launch (KASUS_SMART_CLIENTS, issue 15, I1): the
 * EHR's FHIR base URL (the launch's `iss`) and the client Kasus is registered as there.
 */
export interface SmartClient {
  /** The FHIR base URL, exactly as the EHR sends it in `iss` (a trailing slash is ignored). */
  iss: string;
  clientId: string;
  /** The client secret (client_secret_basic); absent: Kasus is a public client (PKCE only). */
  clientSecret?: string | undefined;
  /** The scopes asked for; they must include launch, openid and fhirUser. */
  scope: string;
  /** HSA id or Kasus id of the department used when the launch names no Location with an HSA-id. */
  department?: string | undefined;
  /** fhirUser (as sent, e.g. "Practitioner/123" or its full URL) → Kasus username; checked first. */
  users: Record<string, string>;
  /** The identifier system of the fhirUser resource whose value is the Kasus username (default: HSA-id). */
  userIdentifierSystem: string;
  /** The EHR's name in the systems registry: when its status is read_only, its launches open Kasus read-only. */
  system?: string | undefined;
}

/** `https://…`, or `http://` to this machine only (a test EHR). */
function isAllowedIssuer(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export const normalizeIssuer = (iss: string): string => iss.trim().replace(/\/+$/, '');

const smartClient = z
  .strictObject({
    iss: z.string().refine(isAllowedIssuer, 'iss must be an https:// URL (http:// only to localhost) without query or fragment').transform(normalizeIssuer),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    scope: z.string().min(1).default(DEFAULT_SMART_SCOPE),
    department: z.string().min(1).optional(),
    users: z.record(z.string().min(1), z.string().min(1)).default({}),
    userIdentifierSystem: z.string().min(1).default(HSA_ID_SYSTEM),
    system: z.string().min(1).optional(),
  })
  .superRefine((entry, ctx) => {
    const scopes = entry.scope.split(/\s+/);
    for (const needed of ['launch', 'openid', 'fhirUser']) {
      if (!scopes.includes(needed)) ctx.addIssue({ code: 'custom', message: `${entry.iss}: scope must include ${needed}` });
    }
  });

/** JSON (an array starting with "[") or the path of a file holding that JSON; empty: no SMART launches. */
export const smartClients = jsonOrFile('[', 'a JSON array of { iss, clientId, clientSecret?, scope?, department?, users?, userIdentifierSystem?, system? }')
  .pipe(z.array(smartClient).refine((clients) => new Set(clients.map((c) => c.iss)).size === clients.length, 'each iss may appear only once'));
