import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CliExit, type CliIo } from './cli-io.js';
import type { Config } from './config/config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { AppError } from './http/errors.js';
import { formatIdentifier } from './modules/identifiers/identifier-format.js';
import type { RequestContext } from './modules/rights/actor.js';
import { createServices } from './services.js';

/** Exit codes: 1 a refusal by the import's rules or rights, 2 wrong arguments. */
class ImportStop extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** Every file under the directory (a card's DCIM folders included), hidden files left out, in path order. */
async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(full)));
    else if (entry.isFile()) found.push(full);
  }
  return found.sort();
}

/** A problem with every field optional, to describe any of them. */
type AnyProblem = { code: string; sessions?: number; session?: number; missingStart?: boolean; missingEnd?: boolean; fileIds?: string[]; identifiers?: { normalized: string; formatted?: string }[] };

const PROBLEM_TEXT: Record<string, (p: AnyProblem) => string> = {
  multiple_sessions: (p) => `the card holds ${p.sessions} capture sessions (give --split to put each into a case of its own)`,
  other_patient: (p) => `an identity image shows another patient: ${(p.identifiers ?? []).map((i) => i.formatted ?? i.normalized).join(', ')}`,
  identity_series_incomplete: (p) =>
    `session ${(p.session ?? 0) + 1} has no identity image at its ${p.missingStart && p.missingEnd ? 'start and end' : p.missingStart ? 'start' : 'end'} (flagged on the case)`,
  forensic_identity_missing: (p) => `${p.fileIds?.length ?? 0} image(s) without the identifier in a forensic case (flagged on the case)`,
  identity_not_read: () => 'identity images could not be read: tesseract-ocr is not installed',
};

/**
 * `kasus import --patient ID --department D DIR`: a memory card or folder imported as the web app
 * does it (stage, analyse, commit through the same service), acting as a Kasus user with that
 * user's rights. Media is cleaned by a worker in this process; the command waits for it.
 */
export function registerImportCommand(program: Command, configOrExit: () => Config, io: CliIo): void {
  program
    .command('import')
    .description("import a memory card or folder into a patient's case: capture sessions, identity images, then the same safe ingest as an upload")
    .requiredOption('-p, --patient <identifier>', "the patient's personnummer, samordningsnummer or fødselsnummer")
    .requiredOption('-d, --department <id or name>', 'the department (its id, HSA-id or name)')
    .option('-c, --case <id>', 'a draft case of the patient to add to (default: a new draft case)')
    .option('-f, --form <id>', "the new case's form, when the department has several")
    .option('--split', 'put each capture session into a case of its own')
    .option('-u, --user <username>', 'the Kasus user the import is made as (their rights apply)', 'admin')
    .argument('<dir>', 'the card or folder')
    .action(async (dir: string, options: { patient: string; department: string; case?: string; form?: string; split?: boolean; user: string }) => {
      const config = configOrExit();
      const database = await openDatabase(config.databaseUrl);
      await migrateToLatest(database);
      const services = createServices(config, database);
      const worker = services.startWorker();
      let exitCode = 0;
      try {
        exitCode = await runImport(services, dir, options, (line) => io.write(`${line}\n`));
      } catch (error) {
        if (error instanceof ImportStop) {
          io.writeError(`${error.message}\n`);
          exitCode = error.exitCode;
        } else if (error instanceof AppError) {
          io.writeError(`Import stopped (${error.code}): ${error.message}\n`);
          exitCode = 1;
        } else {
          throw error;
        }
      } finally {
        await worker.stop({ graceMs: 30_000 });
        services.outbound.close();
        await database.close();
      }
      if (exitCode !== 0) throw new CliExit(exitCode);
    });
}

type Services = ReturnType<typeof createServices>;

async function runImport(
  services: Services,
  dir: string,
  options: { patient: string; department: string; case?: string; form?: string; split?: boolean; user: string },
  print: (line: string) => void,
): Promise<number> {
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) throw new ImportStop(`${dir} is not a directory.`, 2);
  const user = await services.users.findByUsername(options.user);
  const actor = user && user.active === 1 ? await services.auth.loadActor(user.id, 'token') : null;
  if (!actor) throw new ImportStop(`There is no active Kasus user "${options.user}". Give the user the import is made as with --user.`, 2);
  const ctx: RequestContext = { actor, clientIp: null, requestId: `cli-import-${Date.now()}` };

  const patient = await services.patients.lookup(ctx, options.patient);
  const wanted = options.department.trim().toLowerCase();
  const department = (await services.departments.listAll()).find((d) => [d.id, d.hsaId, d.name].some((v) => v.toLowerCase() === wanted));
  if (!department) throw new ImportStop(`There is no department "${options.department}" (give its id, HSA-id or name).`, 2);
  const caseId =
    options.case ??
    (await services.cases.lifecycle.create(ctx, { patientId: patient.id, departmentId: department.id, ...(options.form ? { formId: options.form } : {}) })).id;
  if (!options.case) print(`New draft case ${caseId} for ${formatIdentifier(patient.identifier, patient.type)} in ${department.name}.`);

  const files = await filesUnder(dir);
  if (files.length === 0) throw new ImportStop(`${dir} holds no files.`, 2);
  const { id: importId } = await services.imports.create(ctx, caseId);
  let committed = false;
  try {
    const maxBytes = services.config.media.maxUploadBytes;
    for (const [index, file] of files.entries()) {
      const name = path.relative(dir, file);
      const size = (await stat(file)).size;
      const prefix = `[${index + 1}/${files.length}] ${name}`;
      if (size > maxBytes) {
        print(`${prefix}: refused: larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
        continue;
      }
      async function* one() {
        yield { filename: path.basename(file), stream: createReadStream(file), truncated: () => false };
      }
      const staged = await services.imports.stage(ctx, importId, one());
      const done = staged.files[0];
      if (done) print(`${prefix}: staged (${done.kind}${done.capturedAt ? `, taken ${done.capturedAt}` : ', no capture time'}${done.camera ? `, ${done.camera}` : ''})`);
      else print(`${prefix}: refused: ${staged.refused[0]?.message ?? 'not accepted'}`);
    }

    const view = await services.imports.get(ctx, importId);
    print(`${view.files.length} file(s) in ${view.sessions.length} capture session(s).`);
    for (const session of view.sessions) {
      const identity = (id: string) => view.files.find((f) => f.id === id)?.identifier?.formatted;
      print(
        `  session ${session.index + 1}: ${session.fileIds.length} file(s)${session.firstCapturedAt ? `, ${session.firstCapturedAt} – ${session.lastCapturedAt}` : ''}${session.camera ? `, ${session.camera}` : ''}; identity image at start: ${identity(session.fileIds[0]!) ?? 'none'}, at end: ${identity(session.fileIds.at(-1)!) ?? 'none'}`,
      );
    }
    for (const problem of view.problems) print(`  ! ${PROBLEM_TEXT[problem.code]?.(problem as AnyProblem) ?? problem.code}`);
    if (view.files.length === 0) throw new ImportStop('Nothing to import: every file was refused.', 1);

    let result;
    try {
      result = await services.imports.commit(ctx, importId, { split: options.split === true });
      committed = true;
    } catch (error) {
      if (error instanceof AppError && (error.code === 'import_multiple_sessions' || error.code === 'import_other_patient')) {
        const again = error.code === 'import_multiple_sessions' ? ` Run again with --split${options.case ? '' : ` --case ${caseId}`}.` : '';
        throw new ImportStop(`Import refused (${error.code}): ${error.message}${again}`, 1);
      }
      throw error;
    }
    for (const c of result.cases) print(`Case ${c.caseId}: ${c.added} file(s) added (session ${c.session + 1}).`);
    for (const r of result.refused) print(`  refused ${r.filename}: ${r.message}`);
    for (const f of result.flags) print(`  flagged on case ${f.caseId}: ${f.code}`);

    // Cleaning runs in this process's worker: wait for it, so the command ends with the files ready.
    const deadline = Date.now() + 10 * 60_000; // wall time: a real wait for the worker
    for (const c of result.cases) {
      for (;;) {
        const media = (await services.cases.reads.view(ctx, c.caseId)).media;
        if (!media.some((m) => m.status === 'processing') || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
    print(`Imported ${result.added} file(s) into ${result.cases.length} case(s)${result.refused.length ? `; ${result.refused.length} refused` : ''}.`);
    return result.added === 0 ? 1 : 0;
  } finally {
    // A refused or failed import leaves nothing staged behind (a committed one removed itself).
    if (!committed) await services.imports.discard(ctx, importId).catch(() => {});
  }
}
