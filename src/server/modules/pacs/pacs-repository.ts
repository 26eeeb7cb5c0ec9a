import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, PacsExportTable } from '../../db/schema.js';

export type PacsExportRow = PacsExportTable;

/** A row of the list on the case: the export with who asked and its job's state. */
export type PacsExportListRow = PacsExportRow & { requested_by_name: string | null; job_status: string | null };

/** What the job needs to write the DICOM files of an export. */
export interface ExportSource {
  caseId: string;
  patientId: string | null;
  createdAt: string;
  formName: string | null;
  patient: { identifier: string; type: string; regionOid: string | null } | null;
  department: { hsaId: string; name: string };
  media: { id: string; kind: string; sha256: string | null; status: string; capturedAt: string | null; createdAt: string; caption: string | null; position: number }[];
}

/** The SQL of the DICOM export (issue 15, I3). */
export class PacsRepository {
  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  transaction<T>(work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  async insert(tx: Transaction<DB>, row: PacsExportRow): Promise<void> {
    await tx.insertInto('pacs_export').values(row).execute();
  }

  find(id: string): Promise<PacsExportRow | undefined> {
    return this.db.selectFrom('pacs_export').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The department's short name (HSA id) and name. */
  department(id: string) {
    return this.db.selectFrom('department').select(['hsa_id', 'name']).where('id', '=', id).executeTakeFirst();
  }

  /** An export of the case still under way (queued, sending or waiting to retry), if any. */
  pendingOf(caseId: string): Promise<PacsExportRow | undefined> {
    return this.db
      .selectFrom('pacs_export')
      .innerJoin('job', 'job.id', 'pacs_export.job_id')
      .selectAll('pacs_export')
      .where('pacs_export.case_id', '=', caseId)
      .where('pacs_export.status', 'in', ['queued', 'sending', 'retrying'])
      .where('job.status', 'in', ['queued', 'running'])
      .orderBy('pacs_export.requested_at', 'desc')
      .executeTakeFirst();
  }

  list(caseId: string): Promise<PacsExportListRow[]> {
    return this.db
      .selectFrom('pacs_export')
      .leftJoin('user_account', 'user_account.id', 'pacs_export.requested_by')
      .leftJoin('job', 'job.id', 'pacs_export.job_id')
      .selectAll('pacs_export')
      .select(['user_account.display_name as requested_by_name', 'job.status as job_status'])
      .where('pacs_export.case_id', '=', caseId)
      .orderBy('pacs_export.requested_at', 'desc')
      .orderBy('pacs_export.id')
      .limit(50)
      .execute();
  }

  /** The case, its patient, department and the media to send, read by the job (no user: the request was decided and audited). */
  async source(row: PacsExportRow): Promise<ExportSource | undefined> {
    const found = await this.db
      .selectFrom('clinical_case')
      .innerJoin('department', 'department.id', 'clinical_case.department_id')
      .leftJoin('patient', 'patient.id', 'clinical_case.patient_id')
      .leftJoin('form_version', 'form_version.id', 'clinical_case.form_version_id')
      .leftJoin('form', 'form.id', 'form_version.form_id')
      .select([
        'clinical_case.id',
        'clinical_case.created_at',
        'clinical_case.patient_id',
        'department.hsa_id',
        'department.name as department_name',
        'patient.identifier',
        'patient.identifier_type',
        'patient.region_oid',
        'form.name as form_name',
      ])
      .where('clinical_case.id', '=', row.case_id)
      .executeTakeFirst();
    if (!found) return undefined;
    const ids = JSON.parse(row.media) as string[];
    const media = ids.length
      ? await this.db
          .selectFrom('media')
          .select(['id', 'kind', 'sha256', 'status', 'captured_at', 'created_at', 'caption'])
          .where('id', 'in', ids)
          .execute()
      : [];
    const position = new Map(ids.map((id, i) => [id, i]));
    return {
      caseId: found.id,
      patientId: found.patient_id,
      createdAt: found.created_at,
      formName: found.form_name,
      patient: found.identifier && found.identifier_type ? { identifier: found.identifier, type: found.identifier_type, regionOid: found.region_oid } : null,
      department: { hsaId: found.hsa_id, name: found.department_name },
      media: media
        .map((m) => ({ id: m.id, kind: m.kind, sha256: m.sha256, status: m.status, capturedAt: m.captured_at, createdAt: m.created_at, caption: m.caption, position: position.get(m.id) ?? 0 }))
        .sort((a, b) => a.position - b.position),
    };
  }

  /** Marks a run as started (status sending, its attempt number); never undoes a finished export. */
  async started(id: string, attempt: number): Promise<void> {
    await this.db.updateTable('pacs_export').set({ status: 'sending', attempts: attempt }).where('id', '=', id).where('status', 'not in', ['sent', 'failed']).execute();
  }

  /** Adds an instance the PACS confirmed (kept across retries, so a retry sends only the rest). */
  async confirmed(id: string, uids: string[]): Promise<void> {
    await this.db.updateTable('pacs_export').set({ sent_uids: JSON.stringify(uids) }).where('id', '=', id).execute();
  }

  /** The run's outcome with its audit event, in one transaction. */
  async finish(
    id: string,
    outcome: { status: 'sent' | 'retrying' | 'failed'; errorCode: string | null; errorDetail: string | null; finishedAt: string | null },
    alsoInTx: (tx: Transaction<DB>) => Promise<void>,
  ): Promise<void> {
    await this.transaction(async (tx) => {
      await tx
        .updateTable('pacs_export')
        .set({ status: outcome.status, error_code: outcome.errorCode, error_detail: outcome.errorDetail, finished_at: outcome.finishedAt })
        .where('id', '=', id)
        .execute();
      await alsoInTx(tx);
    });
  }
}
