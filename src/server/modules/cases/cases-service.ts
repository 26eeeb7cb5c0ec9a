import { systemClock, type Clock } from '../../clock.js';
import type { DepartmentLookup } from '../departments/department-lookup.js';
import type { FormCatalog } from '../forms/form-catalog.js';
import type { PatientLookup } from '../patients/patient-lookup.js';
import type { Access, CaseScope } from '../rights/access.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import type { Right } from '../rights/rights.js';
import { CaseGate } from './case-gate.js';
import { CaseLifecycleService } from './case-lifecycle-service.js';
import { CaseReadsService } from './case-reads-service.js';
import { caseScope, CaseViews, type CaseMedia } from './case-views.js';
import type { CaseWithPatient, CasesRepository } from './cases-repository.js';
import { CollectionsService } from './collections-service.js';
import { CaseTimelineService } from './case-timeline.js';

export * from './case-views.js';

/**
 * The cases module (M1, M4, M6) put together, one responsibility per part: `reads` (a case, its
 * versions, comparison, search), `lifecycle` (create, change the draft and its media, sign, new
 * version) and `collections` (teaching collections). Each patient-data operation is one audited
 * operation of the rights module's seam (rights/audited.ts).
 */
export class CasesService {
  readonly reads: CaseReadsService;
  readonly lifecycle: CaseLifecycleService;
  readonly collections: CollectionsService;
  readonly timeline: CaseTimelineService;
  private readonly gate: CaseGate;

  constructor(
    private readonly repository: CasesRepository,
    patients: PatientLookup,
    departments: DepartmentLookup,
    forms: FormCatalog,
    access: Access,
    audited: AuditedOperations,
    /** The media module; resolved late because it is given the cases service (as MediaCases) when it is made. */
    media: () => CaseMedia,
    clock: Clock = systemClock,
  ) {
    const views = new CaseViews(repository, patients, forms, media);
    this.gate = new CaseGate(repository);
    this.reads = new CaseReadsService(repository, this.gate, views, audited, clock);
    this.lifecycle = new CaseLifecycleService(repository, this.gate, views, patients, departments, audited, clock);
    this.collections = new CollectionsService(repository, departments, access, audited, clock);
    this.timeline = new CaseTimelineService(repository, audited);
  }

  /** For the media module (MediaCases): the case, once the operation's caller holds the right to it. */
  authorizedIn(op: Operation, id: string, right: Right): Promise<CaseWithPatient> {
    return this.gate.authorize(op, id, right);
  }

  /** The scope of a case, for the rights module's emergency opening (CaseScopes); undefined when there is no such case. */
  async scopeOf(id: string): Promise<CaseScope | undefined> {
    const row = await this.repository.find(id);
    return row ? caseScope(row) : undefined;
  }
}
