import type { Database } from '../../db/database.js';
import type { MediaFacts } from './fhir-resources.js';

/**
 * What the FHIR read API reads beside the other modules' services (issue 15, I2): the media of cases
 * with what their resources say of the case and its patient. Rights are decided by the service.
 */
export class FhirRepository {
  constructor(private readonly database: Database) {}

  private media() {
    return this.database.db
      .selectFrom('media as m')
      .innerJoin('clinical_case as c', 'c.id', 'm.case_id')
      .leftJoin('patient as p', 'p.id', 'c.patient_id')
      .select([
        'm.id',
        'm.case_id',
        'm.kind',
        'm.mime',
        'm.size_bytes',
        'm.width',
        'm.height',
        'm.duration_ms',
        'm.captured_at',
        'm.caption',
        'm.created_at',
        'm.updated_at',
        'c.patient_id',
        'c.status as case_status',
        'c.department_id',
        'p.confidential as patient_confidential',
      ])
      // Only what a case shows now: cleaned and stored, not removed from its draft.
      .where('m.status', '=', 'ready')
      .where('m.removed_at', 'is', null);
  }

  /** A ready media item still in its case, or undefined. */
  mediaItem(id: string): Promise<(MediaFacts & { department_id: string }) | undefined> {
    return this.media().where('m.id', '=', id).executeTakeFirst();
  }

  /** A patient's ready media items in cases of these departments, newest first, `limit` from `offset`. */
  mediaOfPatient(patientId: string, departmentIds: string[] | 'all', limit: number, offset: number): Promise<(MediaFacts & { department_id: string })[]> {
    if (departmentIds !== 'all' && departmentIds.length === 0) return Promise.resolve([]);
    let query = this.media().where('c.patient_id', '=', patientId);
    if (departmentIds !== 'all') query = query.where('c.department_id', 'in', departmentIds);
    return query.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(limit).offset(offset).execute();
  }
}
