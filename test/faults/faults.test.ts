import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { createAppOn, createSqliteDatabase, type AppDatabase } from '../helpers/kasus-app.js';
import { cameraJpeg, mediaDir, webm } from '../helpers/media-fixtures.js';
import { kasusCli } from '../helpers/kasus-cli.js';
import { waitFor } from '../helpers/wait.js';
import { brokenAcknowledged, drainJobs, halfItems, orphanFiles, sha256, type Acknowledged } from './invariants.js';
import { kasusCommand, kasusServer, KasusProcess, kasusEnv, PrivatePostgres, random } from './processes.js';
import pg from 'pg';

/**
 * The fault harness (issue 17; DESIGN §3.1): kill -9 of the app, the worker or PostgreSQL at random
 * points during upload, sign, version, purge, snapshot and job processing, then the invariants:
 * every acknowledged upload complete and hash-correct, no half item, no orphan file or blob after
 * the sweep, the audit chain verifies, every job finishes after the restarts.
 *
 * One installation per database, one app (`kasus serve --no-worker`) and one worker (`kasus
 * worker`) running while the client works; a round is one operation with one kill at a random
 * moment in it, then the killed process is started again and the next round goes on. The rounds go
 * through every operation × kind of kill in turn. KASUS_FAULT_ROUNDS (default 100) rounds per run,
 * shared by the databases in proportion to their kinds of kill (SQLite has no server to kill: app
 * and worker; PostgreSQL all three): 40 on SQLite and 60 on PostgreSQL. KASUS_FAULT_SEED repeats a run.
 */

const TOTAL_ROUNDS = Number(process.env['KASUS_FAULT_ROUNDS'] ?? '') || 100;
const SEED = Number(process.env['KASUS_FAULT_SEED'] ?? '') || Math.floor(Math.random() * 1e9);
const GRACE_SECONDS = 2;
/** Operations running at once when a kill comes (KASUS_FAULT_OPS_PER_KILL, default 3): a third of the restarts for the same rounds (the suite's time limit). */
const OPS_PER_KILL = Number(process.env['KASUS_FAULT_OPS_PER_KILL'] ?? '') || 3;
/** The capture facts a case must hold to be signed. */
const CAPTURE = { purpose_explained: 'Uppföljning', oral_consent: true, identity_verified_by: 'known_to_staff', captured_by: 'Lars Läkare' };
const OPERATIONS = ['upload', 'sign', 'version', 'purge', 'snapshot', 'jobs'] as const;
type Operation = (typeof OPERATIONS)[number];
type Kind = 'app' | 'worker' | 'postgres';

const dialects = testDialects();
const kindsOf = (dialect: string): Kind[] => (dialect === 'postgres' ? ['app', 'worker', 'postgres'] : ['app', 'worker']);
const allKinds = dialects.reduce((n, d) => n + kindsOf(d).length, 0);
const roundsFor = (dialect: string) => Math.max(1, Math.round((TOTAL_ROUNDS * kindsOf(dialect).length) / allKinds));

/** How long after an operation starts its kill may come, in ms: it covers the request and, for jobs, the worker's part. */
const WINDOW_MS: Record<Operation, number> = { upload: 600, sign: 250, version: 400, purge: 1500, snapshot: 1500, jobs: 1500 };

let entry: { entry: string };
beforeAll(() => {
  entry = { entry: kasusCli() };
});

describe.each(dialects)('kill -9 during uploads, signing, versions, purges, snapshots and jobs on %s', (dialect) => {
  const rounds = roundsFor(dialect);
  const kinds = kindsOf(dialect);
  let cluster: PrivatePostgres | null = null;
  let t: TestApp;
  let doctor: Session;
  let sysadmin: Session;
  let patientId: string;
  let departmentId: string;
  let formId: string;
  let vars: Record<string, string>;
  let app: Awaited<ReturnType<typeof kasusServer>>;
  let worker: KasusProcess;
  const photos: { file: string; bytes: Buffer; sha256: string }[] = [];
  let video: (typeof photos)[number];

  let setupMs = 0;
  beforeAll(async () => {
    const began = Date.now();
    let database: AppDatabase;
    if (dialect === 'postgres') {
      // Its own cluster: the shared server on 5432 is never killed.
      cluster = await PrivatePostgres.create();
      const admin = new pg.Client({ connectionString: cluster.adminUrl });
      await admin.connect();
      await admin.query('create database kasus_faults');
      await admin.end();
      const sqlite = createSqliteDatabase(); // only for its data directory
      database = { url: cluster.adminUrl.replace(/\/postgres$/, '/kasus_faults'), dataDir: sqlite.dataDir, drop: sqlite.drop };
    } else {
      database = createSqliteDatabase();
    }
    t = await createAppOn(database, { KASUS_WORKER: 'off' });
    doctor = await t.login('lakare');
    sysadmin = await t.login('sysadmin');
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id;
    departmentId = (doctor.user as unknown as { assignments: { departmentId: string }[] }).assignments[0]!.departmentId;
    // A form without fields of its own: a case is signable once its capture facts are given.
    const form = await t.as(await t.login('admin'), 'POST', '/api/forms', { name: 'Feltest', fields: [], departmentIds: [departmentId] });
    expect(form.statusCode, form.body).toBe(201);
    formId = form.json().id;
    vars = {
      KASUS_DATA_DIR: t.config.dataDir,
      KASUS_DATABASE_URL: t.config.databaseUrl,
      KASUS_LOG_LEVEL: 'warn',
      KASUS_JOB_LEASE_SECONDS: '2',
      KASUS_UPLOAD_WAIT_MS: '0',
      KASUS_SWEEP_GRACE_SECONDS: String(GRACE_SECONDS),
      KASUS_WORKER_CONCURRENCY: '2',
    };
    app = await kasusServer(entry.entry, vars, ['--no-worker']);
    worker = new KasusProcess(entry.entry, ['worker'], () => kasusEnv(vars));
    await Promise.all([app.start(), worker.start(), worker.printed('job(s) at a time')]);
    const dir = mediaDir();
    for (let i = 0; i < 4; i++) {
      const file = await cameraJpeg(dir, `photo-${i}.jpg`, i + 2, { width: 640, height: 480 });
      const bytes = readFileSync(file);
      photos.push({ file, bytes, sha256: sha256(bytes) });
    }
    const clip = await webm(dir, 'clip.webm', 2, '320x240');
    video = { file: clip, bytes: readFileSync(clip), sha256: sha256(readFileSync(clip)) };
    setupMs = Date.now() - began;
  }, 180_000);

  afterAll(async () => {
    await app?.kill();
    await worker?.kill();
    await t?.close().catch(() => {});
    await cluster?.destroy();
  });

  it(`keeps every acknowledged upload, leaves no half item or orphan, verifies and finishes every job (${rounds} rounds)`, async () => {
    const began = Date.now();
    const next = random(SEED + (dialect === 'postgres' ? 1 : 0));
    const acknowledged: Acknowledged[] = [];
    /** Acknowledged uploads whose case a round purged: gone, with their blobs, once the purge finished. */
    const purged = new Set<string>();
    const maybePurged = new Set<string>();
    const counts: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    let workerReady: Promise<void> = Promise.resolve();

    /** A request to the app (the child process) as a session; the status, or 0 when the connection broke. */
    const call = async (session: Session, method: string, url: string, body?: BodyInit, headers: Record<string, string> = {}) => {
      try {
        const response = await fetch(`${app.base}${url}`, {
          method,
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...headers },
          ...(body !== undefined && { body }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      } catch {
        statuses['cut'] = (statuses['cut'] ?? 0) + 1;
        return { status: 0, body: {} };
      }
    };
    const json = (value: unknown) => [JSON.stringify(value), { 'content-type': 'application/json' }] as const;
    /** Preparation runs in this process between kills; a query on a connection PostgreSQL dropped is retried. */
    const retried = async <T>(work: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await work();
        } catch (error) {
          if (attempt >= 5) throw error;
          await sleep(200);
        }
      }
    };
    /** A draft case with what signing asks for filled in. */
    const newCase = () =>
      retried(async () => {
        const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId, formId });
        if (created.statusCode !== 201) throw new Error(`case: ${created.statusCode} ${created.body}`);
        const caseId = created.json().id as string;
        const saved = await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: CAPTURE });
        if (saved.statusCode !== 200) throw new Error(`case values: ${saved.statusCode} ${saved.body}`);
        return caseId;
      });
    /** A multipart upload through the app; what it acknowledged. */
    const upload = async (caseId: string, files: typeof photos): Promise<Acknowledged[]> => {
      const form = new FormData();
      for (const p of files) form.append('file', new Blob([new Uint8Array(p.bytes)]), path.basename(p.file));
      const answer = await call(doctor, 'POST', `/api/cases/${caseId}/media`, form);
      if (answer.status !== 200) return [];
      const items = (answer.body['items'] ?? []) as { id: string }[];
      // The items come back in the order of the parts.
      return items.map((item, i) => ({ id: item.id, sentSha256: files[i]!.sha256 }));
    };
    /** A resumable (tus) upload sent in two PATCHes; what it acknowledged (the id on its last PATCH). */
    const resumable = async (caseId: string, photo: (typeof photos)[number]): Promise<Acknowledged[]> => {
      const b64 = (text: string) => Buffer.from(text).toString('base64');
      const tus = { 'tus-resumable': '1.0.0' };
      const created = await fetch(`${app.base}/api/uploads`, {
        method: 'POST',
        headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken, ...tus, 'upload-length': String(photo.bytes.length), 'upload-metadata': `caseId ${b64(caseId)},filename ${b64('resumable.jpg')}` },
        signal: AbortSignal.timeout(30_000),
      }).catch(() => null);
      if (created?.status !== 201) return [];
      const half = Math.floor(photo.bytes.length / 2);
      for (const [offset, end] of [[0, half], [half, photo.bytes.length]] as const) {
        const patched = await fetch(`${app.base}${created.headers.get('location')}`, {
          method: 'PATCH',
          headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken, ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
          body: new Uint8Array(photo.bytes.subarray(offset, end)),
          signal: AbortSignal.timeout(30_000),
        }).catch(() => null);
        if (patched?.status !== 204) return [];
        const id = patched.headers.get('kasus-media-id');
        if (id) return [{ id, sentSha256: photo.sha256 }];
      }
      return [];
    };
    /** A photo of its own (a purged case's blobs are then its alone). */
    const uniquePhoto = async (round: number) => {
      const bytes = await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: round % 256, g: (round * 7) % 256, b: (SEED + round) % 256 } } })
        .jpeg()
        .toBuffer();
      return { file: `purge-${round}.jpg`, bytes, sha256: sha256(bytes) };
    };

    /** Each operation: what it needs made first (in this process, not killed), and the part a kill may cut. */
    const operations: Record<Operation, (round: number, kind: Kind) => Promise<() => Promise<Acknowledged[]>>> = {
      upload: async () => {
        const caseId = await newCase();
        // Multipart and resumable (tus) at once.
        return async () => (await Promise.all([upload(caseId, photos.slice(0, 2)), resumable(caseId, photos[2]!)])).flat();
      },
      jobs: async () => {
        // Acknowledged before the kill: the kill comes while the worker cleans them and makes their
        // derived files (the WebM's playable copy is transcoded by ffmpeg, killed with its worker).
        const caseId = await newCase();
        const acks = await retried(async () => {
          const done = await upload(caseId, [photos[3]!, video]);
          if (done.length === 0) throw new Error('upload for the job round refused');
          return done;
        });
        return async () => acks;
      },
      sign: async () => {
        const caseId = await newCase();
        return async () => (await call(doctor, 'POST', `/api/cases/${caseId}/sign`), []);
      },
      version: async () => {
        const caseId = await newCase();
        await retried(async () => {
          const signed = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
          if (signed.statusCode !== 200) throw new Error(`sign: ${signed.statusCode} ${signed.body}`);
        });
        return async () => {
          const opened = await call(doctor, 'POST', `/api/cases/${caseId}/versions`);
          if (opened.status !== 200) return [];
          const [body, headers] = json({ values: {}, version: opened.body['version'] });
          await call(doctor, 'PATCH', `/api/cases/${caseId}`, body, headers);
          await call(doctor, 'POST', `/api/cases/${caseId}/sign`);
          return [];
        };
      },
      purge: async (round, kind) => {
        const caseId = await newCase();
        const photo = await uniquePhoto(round);
        const [ack] = await retried(async () => {
          const done = await upload(caseId, [photo]);
          if (done.length === 0) throw new Error('upload for the purge round refused');
          return done;
        });
        // The purge starts once the photo is cleaned and its derived files made: a purge racing the
        // media jobs of its own case is another question than a purge cut by a kill (see the README).
        acknowledged.push(ack!);
        await retried(() =>
          waitFor(
            'the photo to purge to be cleaned and its derived files made',
            () => t.services.database.db.selectFrom('media_derivative').select('kind').where('media_id', '=', ack!.id).execute(),
            (derived) => derived.length >= 2,
            60_000,
          ),
        );
        return async () => {
          const [body, headers] = json({ basis: 'decision', decisionRef: `Dnr 2026/${round}`, decisionDate: '2026-12-01' });
          const asked = await call(sysadmin, 'POST', `/api/cases/${caseId}/purge`, body, headers);
          // Acknowledged: the case must be gone in the end. Cut off: it may or may not have been recorded;
          // so too when PostgreSQL is killed under the request: a COMMIT whose answer was lost is unknown
          // to the app as well, which then answers 5xx.
          if (asked.status === 202) purged.add(ack!.id);
          else if (asked.status === 0 || (kind === 'postgres' && asked.status >= 500)) maybePurged.add(ack!.id);
          return [];
        };
      },
      snapshot: async () => async () => (await call(sysadmin, 'POST', '/api/offline-copy/snapshots'), []),
    };

    const kill = async (kind: Kind) => {
      if (kind === 'app') {
        await app.kill();
        await app.start();
      } else if (kind === 'worker') {
        await worker.kill();
        await worker.start();
        workerReady = worker.printed('job(s) at a time');
      } else {
        await cluster!.kill();
        await cluster!.start();
      }
    };

    // Each kill cuts OPS_PER_KILL operations running at once (a round is one operation cut by a
    // kill); the kind of kill changes after every pass through all operations, so that every
    // operation meets every kind.
    const killsPerPass = Math.ceil(OPERATIONS.length / OPS_PER_KILL);
    let kills = 0;
    for (let round = 0; round < rounds; kills++) {
      const kind = kinds[Math.floor(kills / killsPerPass) % kinds.length]!;
      const chosen: Operation[] = [];
      while (chosen.length < OPS_PER_KILL && round < rounds) chosen.push(OPERATIONS[round++ % OPERATIONS.length]!);
      const works = [];
      for (const operation of chosen) works.push(await operations[operation](round, kind));
      // Every process up before the next kill: a worker killed while it starts is no kill during a job.
      await workerReady;
      const running = works.map((work) => work());
      await sleep(Math.floor(next() * Math.max(...chosen.map((o) => WINDOW_MS[o]))));
      await kill(kind);
      for (const acks of await Promise.all(running)) acknowledged.push(...acks);
      for (const operation of chosen) counts[`${operation}/${kind}`] = (counts[`${operation}/${kind}`] ?? 0) + 1;
    }
    const roundsMs = Date.now() - began;

    // Every job queued during the rounds runs to its end: the killed ones once their lease runs out.
    await workerReady;
    const unfinished = await drainJobs(t);
    expect(unfinished, `jobs left unfinished (seed ${SEED}):\n${worker.output.slice(-3000)}`).toEqual([]);
    const dead = await t.services.database.db.selectFrom('job').select(['name', 'attempts', 'last_error']).where('status', '=', 'dead').execute();
    expect(dead, `jobs given up (seed ${SEED})`).toEqual([]);
    // The sweep: once every leftover is older than its grace period, the next start removes what nothing owns.
    await worker.kill();
    await app.kill();
    await sleep(GRACE_SECONDS * 1000 + 500);
    await app.start();
    await app.kill();

    expect(acknowledged.length).toBeGreaterThan(0);
    const remaining = new Set((await t.services.database.db.selectFrom('media').select('id').execute()).map((m) => m.id));
    const kept = acknowledged.filter((a) => !purged.has(a.id) && !(maybePurged.has(a.id) && !remaining.has(a.id)));
    expect(await brokenAcknowledged(t, kept), `seed ${SEED}`).toEqual([]);
    // A purged case's upload is gone for good: no row; its blobs are not among the orphans below either.
    expect(await t.services.database.db.selectFrom('media').select('id').where('id', 'in', [...purged, 'none']).execute(), `seed ${SEED}`).toEqual([]);
    expect(await halfItems(t), `seed ${SEED}`).toEqual([]);
    expect(await orphanFiles(t), `seed ${SEED}`).toEqual([]);
    const verified = await kasusCommand(entry.entry, ['audit', 'verify'], vars);
    expect(verified.code, verified.output).toBe(0);

    console.log(
      `fault harness on ${dialect}: ${rounds} rounds, ${kills} kills (seed ${SEED}) ${JSON.stringify(counts)}; ${acknowledged.length} acknowledged uploads; ` +
        `answers ${JSON.stringify(statuses)}; app starts ${app.process.starts}, worker starts ${worker.starts}, ended by themselves ${JSON.stringify([...app.process.exits, ...worker.exits])}, PostgreSQL kills ${cluster?.kills ?? 0}; ` +
        `set-up ${Math.round(setupMs / 1000)} s, rounds ${Math.round(roundsMs / 1000)} s, all ${Math.round((Date.now() - began) / 1000)} s`,
    );
  }, 900_000);
});
