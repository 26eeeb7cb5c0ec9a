import type { Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import { departmentsWithRight } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import type { MediaView } from '../media/media-service.js';
import { compareAnnotations, parseStoredShapes, type AnnotationChange, type AnnotationShape } from '../annotations/annotation-shapes.js';
import { compareVersions, type ComparableVersion, type VersionComparison } from './case-compare.js';
import type { CaseGate } from './case-gate.js';
import { caseScope, searchBound, type CaseDetail, type CaseSearchQuery, type CaseVersionSummary, type CaseVersionView, type CaseViews } from './case-views.js';
import { wordsOf } from './case-words.js';
import type { CasesRepository } from './cases-repository.js';

/** Reading cases: one case, its versions and their comparison, and search. Every read is one audited operation. */
export class CaseReadsService {
  constructor(
    private readonly repository: CasesRepository,
    private readonly gate: CaseGate,
    private readonly views: CaseViews,
    private readonly audited: AuditedOperations,
    private readonly clock: Clock,
  ) {}

  /**
   * A case with its form, values and media, in two statements (issue 20): the case with everything
   * shown of it and the caller's emergency opening, for the rights decision; then its media with their
   * derived files. As CaseGate.authorize: a missing case and a refused one answer alike.
   */
  view(ctx: RequestContext, id: string): Promise<CaseDetail> {
    return this.audited.read(ctx, 'case.read', { objectType: 'case', objectId: id }, async (op) => {
      const { detail, layers } = await this.detailAndLayersIn(op, id);
      // With the case, so a page (and the offline copy's print) draws every image's layer without a request per image.
      const shown = new Set(detail.media.map((m) => String(m.id)));
      const annotations = [...layers]
        .filter(([mediaId]) => shown.has(mediaId))
        .map(([mediaId, shapes]) => ({ mediaId, shapes: parseStoredShapes(shapes) }))
        .filter((layer) => layer.shapes.length > 0);
      return { result: Object.assign(detail, { annotations }) };
    });
  }

  /**
   * The case as `view` shows it, inside another module's operation (a print or an export, M7): the
   * read right decided there, its one event that operation's own.
   */
  async detailIn(op: Operation, id: string): Promise<CaseDetail & { annotations: { mediaId: string; shapes: AnnotationShape[] }[] }> {
    const { detail, layers } = await this.detailAndLayersIn(op, id);
    const annotations = [...layers].map(([mediaId, shapes]) => ({ mediaId, shapes: parseStoredShapes(shapes) })).filter((l) => l.shapes.length > 0);
    return { ...detail, annotations };
  }

  private async detailAndLayersIn(op: Operation, id: string) {
    const caller = op.caller; // not logged in: 401 before anything is looked up
    const row = await this.repository.findDetail(id, caller.userId, this.clock.now().toISOString());
    if (!row) return op.missing('case', id);
    await op.requireCase('case.read', { ...caseScope(row), opened: row.opened === 1 });
    const [detail, layers] = await Promise.all([this.views.detailOf(row), this.repository.annotationsOf(row.id, row.version)]);
    return { detail, layers };
  }

  search(ctx: RequestContext, query: CaseSearchQuery, page: number, pageSize: number) {
    const target = { departmentId: query.departmentId ?? null, patientId: query.patientId ?? null, objectType: 'case' };
    return this.audited.read(ctx, 'case.search', target, async (op) => {
      // A search is filtered to the departments the caller may read, never refused.
      const actor = op.authenticated();
      const readable = departmentsWithRight(actor, 'case.read');
      const departmentIds =
        query.departmentId === undefined ? readable : readable === 'all' || readable.includes(query.departmentId) ? [query.departmentId] : [];
      const words = wordsOf(query.q);
      if (query.q !== undefined && query.q.trim() !== '' && words.length === 0) {
        throw new AppError('validation_failed', 'Sökordet måste innehålla minst två bokstäver eller siffror.', { field: 'q' });
      }
      const from = searchBound(query.from, false);
      const to = searchBound(query.to, true);
      const { items, total, totalIsLowerBound } = await this.repository.search(
        {
          departmentIds,
          words,
          ...(query.patientId ? { patientId: query.patientId } : {}),
          ...(query.collectionId ? { collectionId: query.collectionId } : {}),
          ...(query.formId ? { formId: query.formId } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.signedBy ? { signedBy: query.signedBy } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          openedBy: { userId: actor.userId, now: this.clock.now().toISOString() },
        },
        page,
        pageSize,
      );
      const visibility = await op.caseVisibility(items.map((row) => ({ ...caseScope(row), opened: row.opened === 1 })));
      return {
        result: { items: items.map((row) => this.views.listItem(row, visibility.get(row.id) ?? 'confidential')), total, totalIsLowerBound, page, pageSize },
        details: { filter: query, page, returned: items.length },
      };
    });
  }

  versions(ctx: RequestContext, id: string): Promise<CaseVersionSummary[]> {
    return this.audited.read(ctx, 'case.versions', { objectType: 'case', objectId: id }, async (op) => {
      const row = await this.gate.authorize(op, id, 'case.read');
      const signed = await this.repository.signedVersions(id);
      const list: CaseVersionSummary[] = signed.map((v) => ({
        version: Number(v.version),
        status: 'signed',
        current: Number(v.version) === row.version,
        signedBy: v.signed_by,
        signedByName: v.signed_by_name,
        signedAt: v.signed_at,
      }));
      if (row.status === 'draft') list.unshift({ version: row.version, status: 'draft', current: true, signedBy: null, signedByName: null, signedAt: null });
      return { result: list };
    });
  }

  version(ctx: RequestContext, id: string, version: number): Promise<CaseVersionView> {
    return this.audited.read(ctx, 'case.version.read', { objectType: 'case', objectId: id }, async (op) => {
      const row = await this.gate.authorize(op, id, 'case.read');
      return { result: await this.views.versionView(row, version), details: { version } };
    });
  }

  compare(ctx: RequestContext, id: string, from: number, to: number): Promise<VersionComparison & { annotations: AnnotationChange[]; media: MediaView[] }> {
    return this.audited.read(ctx, 'case.compare', { objectType: 'case', objectId: id }, async (op) => {
      const row = await this.gate.authorize(op, id, 'case.read');
      const [a, b] = await Promise.all([this.views.versionView(row, from), this.views.versionView(row, to)]);
      const comparable = (v: CaseVersionView): ComparableVersion => ({
        version: v.version,
        fields: v.form?.fields ?? [],
        values: v.values,
        media: v.media.map((m) => ({ mediaId: m.id, caption: m.caption })),
      });
      const media = new Map([...a.media, ...b.media].map((m) => [m.id, m]));
      // Annotations are compared on the images both versions hold; an image added or removed is named as such.
      const [fromLayers, toLayers] = await Promise.all([this.repository.annotationsOf(row.id, from), this.repository.annotationsOf(row.id, to)]);
      const layers = (stored: Map<string, string>) => new Map([...stored].map(([mediaId, json]) => [mediaId, parseStoredShapes(json)]));
      const toIds = new Set(b.media.map((m) => m.id));
      const both = a.media.filter((m) => toIds.has(m.id)).map((m) => m.id);
      const annotations = compareAnnotations(layers(fromLayers), layers(toLayers), both);
      return { result: { ...compareVersions(comparable(a), comparable(b)), annotations, media: [...media.values()] }, details: { from, to } };
    });
  }
}
