// Client side of the continuity administration (continuity.manage): the shapes the systems,
// scenarios, service-desk and notice-subscription endpoints answer with (a refusal is tied to the
// form field it names by the admin kit, src/web/pages/admin/field-errors.ts).
import type { ApiResponse } from '../types';

export type Department = ApiResponse<'/api/departments', 'get'>[number];

/** A system of the registry (C1) with everything an administrator edits (GET /api/systems). */
export type AdminSystem = ApiResponse<'/api/systems', 'get'>[number];
/** A system's health probe as GET /api/systems answers it (with its last check). */
export type Probe = NonNullable<AdminSystem['probe']>;
export type ProbeKind = Probe['kind'];

export type Scenario = ApiResponse<'/api/scenarios', 'get'>[number];
export type ScenarioClause = Scenario['condition']['clauses'][number];

export const TEMPLATE_LANGUAGES = ['sv', 'nb', 'en'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export type ServiceDesk = ApiResponse<'/api/service-desks', 'get'>[number];
export type Template = ServiceDesk['effectiveTemplates'][TemplateLanguage];

export type Subscription = ApiResponse<'/api/notice-subscriptions', 'get'>[number];
export type SubscriptionKind = Subscription['kind'];

/** Text left empty is sent as null (the server keeps nothing for it). */
export const orNull = (text: string): string | null => (text.trim() ? text.trim() : null);

/** The placeholders a service desk's template may use (as src/server/modules/incidents/incident-format.ts defines them). */
export const TEMPLATE_PLACEHOLDERS = [
  'system',
  'department',
  'departmentHsaId',
  'site',
  'description',
  'affectedUsers',
  'affectedPcs',
  'affectedServers',
  'competence',
  'contactName',
  'contactMobile',
  'priority',
  'impact',
  'urgency',
  'reportedBy',
  'reportedAt',
  'incidentNumber',
  'incidentId',
] as const;
