import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestApp } from '../helpers/app.js';

/**
 * The one set of invariants the fault harness checks after its kills (DESIGN §3.1: a crash at any
 * point leaves either nothing or a complete item). Each check returns what breaks it, so a failure
 * names every broken item at once.
 */

/** An upload the server acknowledged (2xx with an id), with the SHA-256 of the bytes the client sent. */
export interface Acknowledged {
  id: string;
  sentSha256: string;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile()) : []);

/**
 * Jobs that are not finished: running, queued and due, or queued for a retry (a job cut by a kill
 * waits out its backoff). Periodic jobs that wait for their time, never tried, are not stuck.
 */
export async function unfinishedJobs(t: TestApp): Promise<{ id: string; name: string; status: string; attempts: number }[]> {
  const now = new Date().toISOString();
  const rows = await t.services.database.db
    .selectFrom('job')
    .select(['id', 'name', 'status', 'attempts', 'run_at'])
    .where((eb) => eb.or([eb('status', '=', 'running'), eb.and([eb('status', '=', 'queued'), eb.or([eb('run_at', '<=', now), eb('attempts', '>', 0)])])]))
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, status: r.status, attempts: Number(r.attempts) }));
}

/**
 * Waits until every job that was queued has run to its end (the worker must be running); the jobs
 * still unfinished at the deadline. Retries are made due at once: the backoff (10 s, doubling) would
 * only make the harness wait, and what it checks is that every job finishes, not when. With
 * `whileProgressing` the deadline moves on whenever the backlog shrinks: a long load can leave a
 * backlog that takes minutes to work off, and only a backlog that stops shrinking is stuck.
 */
export async function drainJobs(t: TestApp, timeoutMs = 90_000, options: { whileProgressing?: boolean } = {}) {
  // wall time: how long the test waits; with whileProgressing, how long it waits without one job finishing
  let deadline = Date.now() + timeoutMs;
  let fewest = Infinity;
  for (;;) {
    const left = await unfinishedJobs(t).catch(() => null);
    if (left && left.length === 0) return [];
    if (options.whileProgressing && left && left.length < fewest) {
      fewest = left.length;
      deadline = Date.now() + timeoutMs;
    }
    if (Date.now() > deadline) return left ?? [{ id: '?', name: 'database unreachable', status: '?', attempts: 0 }];
    const now = new Date().toISOString();
    await t.services.database.db
      .updateTable('job')
      .set({ run_at: now })
      .where('status', '=', 'queued')
      .where('attempts', '>', 0)
      .where('run_at', '>', now)
      .execute()
      .catch(() => {}); // the database may be coming back from a kill
    await sleep(200);
  }
}

/** Every acknowledged upload is there, made from the bytes the client sent, cleaned, stored whole, with whole derived files. */
export async function brokenAcknowledged(t: TestApp, acknowledged: Acknowledged[]): Promise<string[]> {
  const broken: string[] = [];
  const db = t.services.database.db;
  for (const ack of acknowledged) {
    const row = await db.selectFrom('media').selectAll().where('id', '=', ack.id).executeTakeFirst();
    if (!row) {
      broken.push(`${ack.id}: acknowledged, no media row`);
      continue;
    }
    if (row.upload_sha256 !== ack.sentSha256) broken.push(`${ack.id}: upload hash ${row.upload_sha256}, the client sent ${ack.sentSha256}`);
    if (row.status !== 'ready' || row.quarantine_key !== null || !row.sha256) {
      broken.push(`${ack.id}: status ${row.status}, quarantine ${row.quarantine_key}, sha256 ${row.sha256}`);
      continue;
    }
    const file = t.services.blobs.localPath(row.sha256);
    if (!file || !existsSync(file)) broken.push(`${ack.id}: blob ${row.sha256} missing`);
    else if (sha256(readFileSync(file)) !== row.sha256) broken.push(`${ack.id}: blob ${row.sha256} does not hash to its name`);
    const derivatives = await db.selectFrom('media_derivative').select(['kind', 'blob_key']).where('media_id', '=', row.id).execute();
    if (derivatives.length === 0) broken.push(`${ack.id}: no derived files`);
    for (const d of derivatives) {
      const derived = t.services.blobs.localPath(d.blob_key);
      if (!derived || !existsSync(derived) || sha256(readFileSync(derived)) !== d.blob_key) broken.push(`${ack.id}: ${d.kind} ${d.blob_key} missing or not whole`);
    }
  }
  return broken;
}

/**
 * No half item: no ready media without its blob, no media still waiting for a job that is gone,
 * no signed case without the version it was signed as, no case version missing below the current
 * one, no version whose values are not a whole JSON object, no snapshot left unfinished.
 */
export async function halfItems(t: TestApp): Promise<string[]> {
  const db = t.services.database.db;
  const half: string[] = [];
  for (const m of await db.selectFrom('media').select(['id', 'status', 'sha256', 'quarantine_key']).where('removed_at', 'is', null).execute()) {
    if (m.status === 'ready') {
      const file = m.sha256 ? t.services.blobs.localPath(m.sha256) : null;
      if (!file || !existsSync(file)) half.push(`media ${m.id}: ready without its blob`);
    } else if (m.status === 'processing') {
      half.push(`media ${m.id}: still processing after every job finished`);
    }
  }
  const versions = await db.selectFrom('case_version').select(['case_id', 'version', 'form_values', 'media']).execute();
  const byCase = new Map<string, Set<number>>();
  for (const v of versions) {
    byCase.set(v.case_id, (byCase.get(v.case_id) ?? new Set()).add(Number(v.version)));
    try {
      const values: unknown = JSON.parse(v.form_values);
      const media: unknown = JSON.parse(v.media);
      if (typeof values !== 'object' || values === null || !Array.isArray(media)) throw new Error('not an object and a list');
    } catch (error) {
      half.push(`case ${v.case_id} version ${v.version}: values or media not whole (${(error as Error).message})`);
    }
  }
  for (const c of await db.selectFrom('clinical_case').select(['id', 'status', 'version']).execute()) {
    const have = byCase.get(c.id) ?? new Set<number>();
    const signedUpTo = c.status === 'signed' ? Number(c.version) : Number(c.version) - 1;
    for (let v = 1; v <= signedUpTo; v++) if (!have.has(v)) half.push(`case ${c.id} (${c.status}, version ${c.version}): version ${v} missing`);
  }
  // A purge cut by a kill is taken up again and finishes, counted once: one completion event each.
  const purges = await db.selectFrom('purge').select(['job_id', 'status']).execute();
  for (const p of purges.filter((p) => p.status !== 'done')) half.push(`purge ${p.job_id}: ${p.status}`);
  const completions = await db.selectFrom('audit_event').select('seq').where('action', '=', 'purge.done').execute();
  if (completions.length !== purges.length) half.push(`${purges.length} purges, ${completions.length} purge.done events`);
  for (const s of await db.selectFrom('offline_snapshot').select(['sequence', 'finished_at']).where('finished_at', 'is', null).execute()) {
    half.push(`offline snapshot ${s.sequence}: never finished`);
  }
  return half;
}

/**
 * After the sweep nothing is left that no row owns: no raw upload, temp or work file (no job is
 * pending any more), no stored blob that no row refers to, and every stored blob whole.
 */
export async function orphanFiles(t: TestApp): Promise<string[]> {
  const db = t.services.database.db;
  const blobRoot = path.join(t.config.dataDir, 'blobs');
  const orphans = [
    ...filesIn(path.join(blobRoot, 'quarantine')).map((f) => `quarantine/${f}`),
    ...filesIn(path.join(blobRoot, 'tmp')).map((f) => `tmp/${f}`),
    ...filesIn(path.join(t.config.dataDir, 'work')).map((f) => `work/${f}`),
  ];
  const referenced = new Set<string>();
  for (const m of await db.selectFrom('media').select('sha256').where('sha256', 'is not', null).execute()) referenced.add(m.sha256!);
  for (const d of await db.selectFrom('media_derivative').select('blob_key').execute()) referenced.add(d.blob_key);
  for (const d of await db.selectFrom('deidentified_copy').select('blob_key').execute()) referenced.add(d.blob_key);
  for (const c of await db.selectFrom('consent').select('document_key').execute()) referenced.add(c.document_key);
  // A purge still deleting (none, once every job finished) owns its blobs until they are gone.
  for (const p of await db.selectFrom('purge_blob').select('key').execute()) referenced.add(p.key);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['tmp', 'quarantine'].includes(entry.name)) walk(full);
      } else if (/^[0-9a-f]{64}$/.test(entry.name)) {
        if (!referenced.has(entry.name)) orphans.push(path.relative(blobRoot, full));
        // Content-addressed: a blob's name is the SHA-256 of its bytes, or it is half written.
        else if (sha256(readFileSync(full)) !== entry.name) orphans.push(`${path.relative(blobRoot, full)}: not whole`);
      }
    }
  };
  if (existsSync(blobRoot)) walk(blobRoot);
  return orphans;
}
