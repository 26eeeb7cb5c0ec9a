// The web client's view of the Kasus API. Request and response types are derived from the
// generated OpenAPI types in ./api-schema.ts (npm run generate:api), so a change to a route's
// schema shows up here as a compile error instead of a wrong guess at run time. Only types that
// are purely client-side are written by hand.
import type { paths } from './api-schema.js';

/** Ids may be numbers or strings depending on the database; compare with sameId(). */
export type Id = string | number;

export function sameId(a: Id | null | undefined, b: Id | null | undefined): boolean {
  return a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);
}

/** Every path of the API, as the OpenAPI document names it (`/api/cases/{id}`). */
export type ApiPath = keyof paths;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The paths that answer the given method. */
export type ApiPathWith<M extends HttpMethod> = {
  [P in ApiPath]: paths[P] extends Record<M, { responses: unknown }> ? P : never;
}[ApiPath];

type Operation<P extends ApiPath, M extends HttpMethod> = paths[P] extends Record<M, infer O> ? O : never;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type SuccessOf<R> = R extends { 200: infer A } ? JsonOf<A> : R extends { 201: infer A } ? JsonOf<A> : R extends { 204: unknown } ? void : never;

/** The JSON body a successful `M P` answers with (200, 201; void for 204). */
export type ApiResponse<P extends ApiPath, M extends HttpMethod> = Operation<P, M> extends { responses: infer R } ? SuccessOf<R> : never;
/** The JSON request body of `M P`. */
export type ApiRequest<P extends ApiPath, M extends HttpMethod> = Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
/** The query parameters of `M P`. */
export type ApiQuery<P extends ApiPath, M extends HttpMethod> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type SessionResponse = ApiResponse<'/api/session', 'get'>;
export type SessionUser = SessionResponse['user'];
export type Assignment = SessionUser['assignments'][number];

export type ValidationResult = ApiResponse<'/api/identifiers/validate', 'post'>;
export type IdentifierType = NonNullable<ValidationResult['type']>;

export type Patient = ApiResponse<'/api/patients/lookup', 'post'>;

export type Department = ApiResponse<'/api/departments', 'get'>[number];
export type Role = ApiResponse<'/api/roles', 'get'>[number];
export type User = ApiResponse<'/api/users', 'get'>[number];
export type UserRoleRef = User['roles'][number];

/** A page of the audit log; an identifier search (POST /api/audit/search) also gives the patient's opaque id. */
export type AuditPage = ApiResponse<'/api/audit/search', 'post'>;
export type AuditEvent = AuditPage['items'][number];

/** A case as it is created (POST /api/cases). */
export type CaseSummary = ApiResponse<'/api/cases', 'post'>;
export type CaseStatus = CaseSummary['status'];

/** A page of a case list (GET /api/cases). */
export type CaseList = ApiResponse<'/api/cases', 'get'>;
/** A row of a case list: in full, or a confidential patient's case shown only as "Konfidentiellt". */
export type CaseListItem = CaseList['items'][number];

export type CaseView = ApiResponse<'/api/cases/{id}', 'get'>;
export type CaseForm = NonNullable<CaseView['form']>;
export type CaseFormField = CaseForm['fields'][number];
export type LocalizedText = CaseFormField['label'];
export type FormValue = CaseView['values'][string];

export type MediaView = CaseView['media'][number];
export type MediaKind = MediaView['kind'];
export type DerivativeKind = keyof MediaView['derivatives'];
export type Derivative = NonNullable<MediaView['derivatives'][DerivativeKind]>;

export type CaseVersionSummary = ApiResponse<'/api/cases/{id}/versions', 'get'>[number];
export type CaseVersionView = ApiResponse<'/api/cases/{id}/versions/{version}', 'get'>;
export type VersionComparison = ApiResponse<'/api/cases/{id}/compare', 'get'>;

export type UploadResult = ApiResponse<'/api/cases/{id}/media', 'post'>;
export type MediaRefusal = UploadResult['refused'][number];

/** A background job as GET /api/jobs shows it to administrators. */
export type JobList = ApiResponse<'/api/jobs', 'get'>;
export type JobView = JobList['items'][number];
export type JobCounts = ApiResponse<'/api/jobs/counts', 'get'>;
export type JobStatus = keyof JobCounts;

/** A user as the filter lists show them (GET /api/audit/users). */
export type UserName = ApiResponse<'/api/audit/users', 'get'>[number];

/** A page of the emergency-opening report (GET /api/emergency-access). */
export type EmergencyAccessPage = ApiResponse<'/api/emergency-access', 'get'>;
export type EmergencyAccessEntry = EmergencyAccessPage['items'][number];

/** One change of a patient's confidentiality, as GET /api/patients/{id}/confidentiality lists them. */
export type ConfidentialityChange = ApiResponse<'/api/patients/{id}/confidentiality', 'get'>[number];

/** A teaching collection (GET /api/collections). */
export type Collection = ApiResponse<'/api/collections', 'get'>[number];

/** A form in GET /api/forms. */
export type FormSummary = ApiResponse<'/api/forms', 'get'>[number];
/** A form in GET /api/forms/{id}, with its current version and version history. */
export type FormDetail = ApiResponse<'/api/forms/{id}', 'get'>;
/** One version of a form, as cases written with it see it. */
export type FormVersion = ApiResponse<'/api/forms/{id}/versions/{version}', 'get'>;
export type FormVersionSummary = FormDetail['versions'][number];

/**
 * `true` only when A and B are the same type: `const check: SameType<Local, FromServer> = true`
 * makes a hand-kept list (e.g. of options for a select) a compile error when the server's differs.
 */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
