import { createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { jsonOrFile } from './json-or-file.js';
import { blobStoreConfig, blobStoreLocation, s3Endpoint, s3Region, type BlobStoreConfig } from './blob-store.js';
import { copyReasons, DEFAULT_COPY_REASONS, type CopyReason } from './copy-reasons.js';
import { smartClients, type SmartClient } from './smart-clients.js';
import { pacsTargets, type PacsTargets } from './pacs.js';
import type { ReservnummerFormat } from '../modules/identifiers/identifier.js';

/** Configuration is read from KASUS_* environment variables once, at start. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  /** How long `serve` and `worker` wait at start for PostgreSQL to accept connections and writes. */
  databaseStartupMs: number;
  /** Where blobs are kept (KASUS_BLOB_STORE, KASUS_S3_*); raw uploads in quarantine stay in the data directory. */
  blobStore: BlobStoreConfig;
  adminPassword: string | undefined;
  sessionSecret: string;
  sessionTtlMinutes: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
  secureCookies: boolean;
  demoData: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Per-request log lines: none (errors are always logged), one compact line each, or pino's JSON pair. */
  requestLog: 'off' | 'compact' | 'json';
  trustProxy: boolean;
  reservnummerFormats: ReservnummerFormat[] | undefined;
  media: {
    maxUploadBytes: number;
    maxPixels: number;
    maxDurationMs: number;
    /** How long an upload request waits for cleaning to finish before answering "processing". */
    uploadWaitMs: number;
    /** How long an unfinished resumable upload may live (from its creation) before it is removed. */
    uploadResumeMs: number;
    /** How often leftover raw uploads, temp and partial files are swept (also once at start). */
    sweepIntervalMs: number;
    /** A file no job or upload owns is swept only once untouched this long (a write may be under way on another node). */
    sweepGraceMs: number;
    /** A card import starts a new capture session after a gap in capture times longer than this (M5). */
    importSessionGapMs: number;
  };
  /** `inline`: the server runs background jobs itself; `off`: separate `kasus worker` processes do. */
  worker: 'inline' | 'off';
  workerConcurrency: number;
  jobLeaseMs: number;
  /** How long an emergency opening of a confidential case lasts. */
  emergencyAccessMs: number;
  /** `inline`: the server runs the systems' health probes; `off`: another node does. */
  probes: 'inline' | 'off';
  /** How often Kasus's mode (read-only or not) and the probe list are read again, for changes made on other nodes. */
  statusRefreshMs: number;
  /** The IANA time zone of the hospital: contacts' office hours and the times in incident reports. */
  timeZone: string;
  /** SMTP server for incident e-mail (e.g. smtp://127.0.0.1:2525); undefined: e-mail is not sent. */
  smtpUrl: string | undefined;
  /** The sender address of Kasus's e-mail. */
  smtpFrom: string;
  /** Where users reach Kasus (https://kasus.sjukhuset.se), for links in e-mail; null: e-mail names the page's path only. */
  publicUrl: string | null;
  /** Whether the FHIR API's GET Patient?identifier= is served (issue 15, I2); off: identifiers only in POST Patient/_search bodies. */
  fhirIdentifierInUrl: boolean;
  /** How long one webhook call may take before it counts as failed (and is retried). */
  webhookTimeoutMs: number;
  /** How many days before a routine expires its owner is reminded (and it is shown as expiring). */
  routineReminderDays: number;
  /** The Ed25519 key that signs audit checkpoints (PEM, PKCS#8); made there on first use when missing. */
  auditKeyFile: string;
  /** How often a signed checkpoint of the audit chain is written (also when nothing happened). */
  auditCheckpointMs: number;
  /** A file (elsewhere, e.g. write-once storage) the server appends every checkpoint to; null: none. */
  auditCheckpointFile: string | null;
  /** How long an API token lives (the default and the maximum; a shorter life may be asked for). */
  tokenTtlDays: number;
  /** The EHRs allowed to open Kasus by a signed launch URL (issue 15, I1), each with its key; empty: none. */
  ehrLaunchKeys: EhrLaunchKey[];
  /** The longest a launch token may live (exp − iat), and how old its iat may be, in seconds. */
  ehrLaunchMaxAgeSeconds: number;
  /** The EHRs allowed to open Kasus with a SMART App Launch (issue 15, I1), each with Kasus's client there; empty: none. */
  smartClients: SmartClient[];
  /** The reasons offered for a print, an export or a kept original (M7); free text beside them. */
  copyReasons: CopyReason[];
  /** Each department's PACS for the DICOM export (issue 15, I3), by department HSA id; empty: none. */
  pacs: PacsTargets;
  offlineCopy: {
    /** The local times (minutes after midnight, hospital time zone) a snapshot is made for the backup workstations. */
    times: number[];
    /** Web previews go into the copy for cases created within this many days; thumbnails always. */
    previewDays: number;
  };
}

/** One EHR that may launch Kasus with a signed JWT (KASUS_EHR_LAUNCH_KEYS). */
export interface EhrLaunchKey {
  /** The token's `iss`, exactly. */
  issuer: string;
  /** The one algorithm accepted for this EHR's tokens. */
  alg: 'ES256' | 'RS256' | 'HS256';
  /** A PEM public key (SPKI) for ES256/RS256; the shared secret (at least 32 characters) for HS256. */
  key: string;
  /** The EHR's name in the systems registry: when its status is read_only, its launches open Kasus read-only. */
  system?: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const reservnummerFormats = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(
      z.object({
        region: z.string().min(1),
        oid: z.string().regex(/^\d+(\.\d+)+$/, 'oid must be dotted digits'),
        pattern: z.string().min(1).refine((p) => {
          try {
            new RegExp(p);
            return true;
          } catch {
            return false;
          }
        }, 'pattern must be a valid regular expression'),
        description: z.string().optional(),
      }),
    ),
  );

const ehrLaunchKey = z
  .strictObject({
    issuer: z.string().min(1),
    alg: z.enum(['ES256', 'RS256', 'HS256']),
    key: z.string().min(1),
    system: z.string().min(1).optional(),
  })
  .superRefine((entry, ctx) => {
    const pem = /-----BEGIN PUBLIC KEY-----/.test(entry.key);
    if (entry.alg === 'HS256' && (pem || entry.key.length < 32)) ctx.addIssue({ code: 'custom', message: `${entry.issuer}: HS256 needs a shared secret of at least 32 characters` });
    if (entry.alg !== 'HS256' && !pem) ctx.addIssue({ code: 'custom', message: `${entry.issuer}: ${entry.alg} needs a PEM public key (-----BEGIN PUBLIC KEY-----)` });
    if (entry.alg !== 'HS256' && pem) {
      // A key that does not parse, or is of the wrong kind, stops the start here rather than failing every launch.
      let type: string | undefined;
      try {
        type = createPublicKey(entry.key).asymmetricKeyType;
      } catch {
        ctx.addIssue({ code: 'custom', message: `${entry.issuer}: the PEM public key cannot be read` });
        return;
      }
      if (type !== (entry.alg === 'ES256' ? 'ec' : 'rsa')) ctx.addIssue({ code: 'custom', message: `${entry.issuer}: ${entry.alg} needs an ${entry.alg === 'ES256' ? 'EC (P-256)' : 'RSA'} public key, not ${type}` });
    }
  });

/** JSON (an array starting with "[") or the path of a file holding that JSON. */
const ehrLaunchKeys = jsonOrFile('[', 'a JSON array of { issuer, alg, key, system? }')
  .pipe(
    z.array(ehrLaunchKey).refine((keys) => new Set(keys.map((k) => k.issuer)).size === keys.length, 'each issuer may appear only once'),
  );

/** Whether the runtime knows this IANA time zone name. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.includes('/') || name === 'UTC';
  } catch {
    return false;
  }
}

/** `06:00,18:00`: local times of day, comma-separated, each HH:MM (00:00–23:59), sorted and without repeats. */
const clockTimes = z.string().transform((text, ctx) => {
  const minutes: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(part);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not a time of day; write times as HH:MM separated by commas, such as 06:00,18:00` });
      return z.NEVER;
    }
    minutes.push(Number(match[1]) * 60 + Number(match[2]));
  }
  return [...new Set(minutes)].sort((a, b) => a - b);
});

const schema = {
  KASUS_HOST: z.string().min(1).default('127.0.0.1'),
  KASUS_PORT: integer(0, 65535).default(3000),
  KASUS_DATA_DIR: z.string().min(1).default('./data'),
  KASUS_DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:<path> or postgres://user@host:port/database')
    .optional(),
  KASUS_DATABASE_STARTUP_SECONDS: integer(0, 24 * 60 * 60).default(60),
  KASUS_BLOB_STORE: blobStoreLocation.default('file'),
  KASUS_S3_ENDPOINT: s3Endpoint.optional(),
  KASUS_S3_REGION: s3Region.default('us-east-1'),
  KASUS_S3_ACCESS_KEY_ID: z.string().min(1).max(256).optional(),
  KASUS_S3_SECRET_ACCESS_KEY: z.string().min(1).max(256).optional(),
  KASUS_S3_FORCE_PATH_STYLE: booleanText.optional(),
  KASUS_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  KASUS_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  KASUS_SESSION_TTL_MINUTES: integer(5, 7 * 24 * 60).default(480),
  KASUS_LOCKOUT_ATTEMPTS: integer(1, 100).default(5),
  KASUS_LOCKOUT_MINUTES: integer(1, 24 * 60).default(15),
  KASUS_SECURE_COOKIES: booleanText.default(false),
  KASUS_DEMO_DATA: booleanText.default(true),
  KASUS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KASUS_REQUEST_LOG: z.enum(['off', 'compact', 'json']).default('off'),
  KASUS_TRUST_PROXY: booleanText.default(false),
  KASUS_RESERVNUMMER_FORMATS: reservnummerFormats.optional(),
  KASUS_MAX_UPLOAD_MB: integer(1, 1024 * 1024).default(4096),
  KASUS_MAX_MEGAPIXELS: integer(1, 1000).default(100),
  KASUS_MAX_DURATION_MINUTES: integer(1, 24 * 60).default(240),
  KASUS_UPLOAD_WAIT_MS: integer(0, 120_000).default(15_000),
  KASUS_UPLOAD_RESUME_HOURS: integer(1, 30 * 24).default(24),
  KASUS_SWEEP_MINUTES: integer(1, 24 * 60).default(10),
  KASUS_SWEEP_GRACE_SECONDS: integer(1, 24 * 60 * 60).default(600),
  KASUS_IMPORT_SESSION_GAP_MINUTES: integer(1, 7 * 24 * 60).default(30),
  KASUS_WORKER: z.enum(['inline', 'off']).default('inline'),
  KASUS_WORKER_CONCURRENCY: integer(1, 64).default(2),
  KASUS_JOB_LEASE_SECONDS: integer(1, 3600).default(60),
  KASUS_EMERGENCY_ACCESS_MINUTES: integer(1, 24 * 60).default(60),
  KASUS_PROBES: z.enum(['inline', 'off']).default('inline'),
  KASUS_STATUS_REFRESH_SECONDS: integer(1, 3600).default(10),
  KASUS_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Stockholm or Europe/Oslo')
    .default('Europe/Stockholm'),
  KASUS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be smtp://host:port or smtps://user:password@host:port')
    .optional(),
  KASUS_SMTP_FROM: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address').default('kasus@localhost'),
  KASUS_FHIR_IDENTIFIER_IN_URL: booleanText.default(false),
  KASUS_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http or https address without query, such as https://kasus.sjukhuset.se')
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  KASUS_WEBHOOK_TIMEOUT_SECONDS: integer(1, 300).default(10),
  KASUS_ROUTINE_REMINDER_DAYS: integer(1, 365).default(30),
  KASUS_AUDIT_KEY_FILE: z.string().min(1).optional(),
  KASUS_AUDIT_CHECKPOINT_MINUTES: integer(1, 24 * 60).default(15),
  KASUS_AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  KASUS_TOKEN_TTL_DAYS: integer(1, 3650).default(90),
  KASUS_EHR_LAUNCH_KEYS: ehrLaunchKeys.default([]),
  KASUS_EHR_LAUNCH_MAX_AGE_SECONDS: integer(10, 3600).default(300),
  KASUS_SMART_CLIENTS: smartClients.default([]),
  KASUS_COPY_REASONS: copyReasons.default(DEFAULT_COPY_REASONS),
  KASUS_PACS: pacsTargets.default({}),
  KASUS_OFFLINE_COPY_TIMES: clockTimes.default([360, 1080]),
  KASUS_OFFLINE_COPY_PREVIEW_DAYS: integer(0, 36500).default(3650),
} as const;

type Env = Record<string, string | undefined>;

function parseVariable<K extends keyof typeof schema>(env: Env, name: K): z.output<(typeof schema)[K]> {
  const raw = env[name];
  const result = schema[name].safeParse(raw === '' ? undefined : raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(name, issue?.message ?? 'invalid value');
  }
  return result.data as z.output<(typeof schema)[K]>;
}

/** Unknown KASUS_* names are almost always typos of a real setting; refuse them. */
function refuseUnknown(env: Env): void {
  for (const name of Object.keys(env)) {
    if (name.startsWith('KASUS_') && !(name in schema)) {
      throw new ConfigError(name, `unknown setting (known: ${Object.keys(schema).join(', ')})`);
    }
  }
}

/**
 * The session secret is generated once and kept in the data directory (mode 0600) when not set,
 * so restarts keep sessions and a newcomer needs no set-up.
 */
function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env = process.env): Config {
  refuseUnknown(env);
  const dataDir = path.resolve(parseVariable(env, 'KASUS_DATA_DIR'));
  const databaseUrl = parseVariable(env, 'KASUS_DATABASE_URL') ?? `sqlite:${path.join(dataDir, 'kasus.db')}`;
  const explicitSecret = parseVariable(env, 'KASUS_SESSION_SECRET');
  const blobStore = blobStoreConfig(parseVariable(env, 'KASUS_BLOB_STORE'), {
    endpoint: parseVariable(env, 'KASUS_S3_ENDPOINT'),
    region: parseVariable(env, 'KASUS_S3_REGION'),
    accessKeyId: parseVariable(env, 'KASUS_S3_ACCESS_KEY_ID'),
    secretAccessKey: parseVariable(env, 'KASUS_S3_SECRET_ACCESS_KEY'),
    forcePathStyle: parseVariable(env, 'KASUS_S3_FORCE_PATH_STYLE'),
  });
  if ('error' in blobStore) throw new ConfigError(...blobStore.error);
  const config: Omit<Config, 'sessionSecret'> = {
    host: parseVariable(env, 'KASUS_HOST'),
    port: parseVariable(env, 'KASUS_PORT'),
    dataDir,
    databaseUrl,
    databaseStartupMs: parseVariable(env, 'KASUS_DATABASE_STARTUP_SECONDS') * 1000,
    blobStore,
    adminPassword: parseVariable(env, 'KASUS_ADMIN_PASSWORD'),
    sessionTtlMinutes: parseVariable(env, 'KASUS_SESSION_TTL_MINUTES'),
    lockoutAttempts: parseVariable(env, 'KASUS_LOCKOUT_ATTEMPTS'),
    lockoutMinutes: parseVariable(env, 'KASUS_LOCKOUT_MINUTES'),
    secureCookies: parseVariable(env, 'KASUS_SECURE_COOKIES'),
    demoData: parseVariable(env, 'KASUS_DEMO_DATA'),
    logLevel: parseVariable(env, 'KASUS_LOG_LEVEL'),
    requestLog: parseVariable(env, 'KASUS_REQUEST_LOG'),
    trustProxy: parseVariable(env, 'KASUS_TRUST_PROXY'),
    reservnummerFormats: parseVariable(env, 'KASUS_RESERVNUMMER_FORMATS'),
    media: {
      maxUploadBytes: parseVariable(env, 'KASUS_MAX_UPLOAD_MB') * 1024 * 1024,
      maxPixels: parseVariable(env, 'KASUS_MAX_MEGAPIXELS') * 1_000_000,
      maxDurationMs: parseVariable(env, 'KASUS_MAX_DURATION_MINUTES') * 60_000,
      uploadWaitMs: parseVariable(env, 'KASUS_UPLOAD_WAIT_MS'),
      uploadResumeMs: parseVariable(env, 'KASUS_UPLOAD_RESUME_HOURS') * 60 * 60_000,
      sweepIntervalMs: parseVariable(env, 'KASUS_SWEEP_MINUTES') * 60_000,
      sweepGraceMs: parseVariable(env, 'KASUS_SWEEP_GRACE_SECONDS') * 1000,
      importSessionGapMs: parseVariable(env, 'KASUS_IMPORT_SESSION_GAP_MINUTES') * 60_000,
    },
    worker: parseVariable(env, 'KASUS_WORKER'),
    workerConcurrency: parseVariable(env, 'KASUS_WORKER_CONCURRENCY'),
    jobLeaseMs: parseVariable(env, 'KASUS_JOB_LEASE_SECONDS') * 1000,
    emergencyAccessMs: parseVariable(env, 'KASUS_EMERGENCY_ACCESS_MINUTES') * 60_000,
    probes: parseVariable(env, 'KASUS_PROBES'),
    statusRefreshMs: parseVariable(env, 'KASUS_STATUS_REFRESH_SECONDS') * 1000,
    timeZone: parseVariable(env, 'KASUS_TIME_ZONE'),
    smtpUrl: parseVariable(env, 'KASUS_SMTP_URL'),
    smtpFrom: parseVariable(env, 'KASUS_SMTP_FROM'),
    publicUrl: parseVariable(env, 'KASUS_PUBLIC_URL') ?? null,
    fhirIdentifierInUrl: parseVariable(env, 'KASUS_FHIR_IDENTIFIER_IN_URL'),
    webhookTimeoutMs: parseVariable(env, 'KASUS_WEBHOOK_TIMEOUT_SECONDS') * 1000,
    routineReminderDays: parseVariable(env, 'KASUS_ROUTINE_REMINDER_DAYS'),
    auditKeyFile: path.resolve(parseVariable(env, 'KASUS_AUDIT_KEY_FILE') ?? path.join(dataDir, 'audit-signing-key.pem')),
    auditCheckpointMs: parseVariable(env, 'KASUS_AUDIT_CHECKPOINT_MINUTES') * 60_000,
    auditCheckpointFile: ((file) => (file ? path.resolve(file) : null))(parseVariable(env, 'KASUS_AUDIT_CHECKPOINT_FILE')),
    tokenTtlDays: parseVariable(env, 'KASUS_TOKEN_TTL_DAYS'),
    ehrLaunchKeys: parseVariable(env, 'KASUS_EHR_LAUNCH_KEYS'),
    ehrLaunchMaxAgeSeconds: parseVariable(env, 'KASUS_EHR_LAUNCH_MAX_AGE_SECONDS'),
    smartClients: parseVariable(env, 'KASUS_SMART_CLIENTS'),
    copyReasons: parseVariable(env, 'KASUS_COPY_REASONS'),
    pacs: parseVariable(env, 'KASUS_PACS'),
    offlineCopy: {
      times: parseVariable(env, 'KASUS_OFFLINE_COPY_TIMES'),
      previewDays: parseVariable(env, 'KASUS_OFFLINE_COPY_PREVIEW_DAYS'),
    },
  };
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError('KASUS_DATA_DIR', `cannot create ${dataDir}: ${(error as Error).message}`);
  }
  return { ...config, sessionSecret: explicitSecret ?? persistedSecret(dataDir) };
}
