// Client side of the continuity administration (continuity.manage): the shapes the systems,
// scenarios, service-desk and notice-subscription endpoints answer with (a refusal is tied to the
// form field it names by the admin kit, src/web/pages/admin/field-errors.ts).
import type { SystemStatus } from './continuity';

export interface Department {
  id: string;
  hsaId: string;
  name: string;
  active: boolean;
}

export type ProbeKind = 'http' | 'tcp';

/** A system's health probe as GET /api/systems answers it (with its last check). */
export interface Probe {
  kind: ProbeKind;
  target: string;
  intervalSeconds: number;
  failuresBeforeDown: number;
  successesBeforeUp: number;
  enabled: boolean;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  lastCheckedAt: string | null;
  lastOk: boolean | null;
  lastError: string | null;
}

/** A system of the registry (C1) with everything an administrator edits. */
export interface AdminSystem {
  id: string;
  isKasus: boolean;
  name: string;
  description: string | null;
  vendor: string | null;
  criticality: number;
  owner: string | null;
  serviceDeskContact: string | null;
  dependsOn: string[];
  departmentIds: string[];
  status: SystemStatus;
  probe: Probe | null;
}

export interface ScenarioClause {
  systemId: string;
  statuses: SystemStatus[];
  viaDependencies?: boolean;
}

export interface Scenario {
  id: string;
  name: string;
  description: string | null;
  priority: number;
  condition: { match: 'any' | 'all'; clauses: ScenarioClause[] };
}

export const TEMPLATE_LANGUAGES = ['sv', 'nb', 'en'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export interface Template {
  subject: string;
  body: string;
}

export interface ServiceDesk {
  id: string;
  name: string;
  webhookUrl: string | null;
  hasWebhook: boolean;
  email: string | null;
  contactFunction: string | null;
  /** The desk's own templates; a language left out uses the built-in one. */
  templates: Partial<Record<TemplateLanguage, Template>>;
  effectiveTemplates: Record<TemplateLanguage, Template>;
}

export type SubscriptionKind = 'webhook' | 'email';

export interface Subscription {
  id: string;
  departmentId: string;
  departmentName: string | null;
  kind: SubscriptionKind;
  target: string;
  createdAt: string;
}

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
