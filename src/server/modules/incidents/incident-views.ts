import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { ContactsService, CallNow } from '../contacts/contacts-service.js';
import { shownUrl } from '../mail/outbound.js';
import type { Competence, Language, Template } from './incident-format.js';
import type { Impact, Priority, Urgency } from './incident-priority.js';
import type { DeliveryRow, IncidentWithNames, IncidentsRepository, UpdateWithName } from './incidents-repository.js';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Kinds of timeline entries. */
export type UpdateKind = 'reported' | 'comment' | 'status' | 'case_number' | 'delivered' | 'delivery_failed' | 'not_sent';

export interface IncidentInput {
  systemId: string;
  departmentId: string;
  serviceDeskId?: string;
  site?: string | null;
  description: string;
  affectedUsers?: number | null;
  affectedPcs?: number | null;
  affectedServers?: number | null;
  competence: Competence[];
  contactName: string;
  contactMobile: string;
  impact: Impact;
  urgency: Urgency;
  /** The reporter's UI language; the message for the service desk is worded in it (default sv). */
  language?: Language;
}

export interface IncidentChange {
  serviceDeskCaseNumber?: string | null;
  status?: IncidentStatus;
  /** A comment kept in the timeline with the change. */
  message?: string;
}

export interface TimelineEntry {
  id: string;
  kind: UpdateKind;
  status: IncidentStatus | null;
  message: string | null;
  by: { id: string; name: string } | null;
  at: string;
}

export interface DeliveryView {
  id: string;
  channel: 'webhook' | 'email';
  target: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export interface IncidentSummary {
  id: string;
  number: number;
  system: { id: string; name: string };
  department: { id: string; name: string; hsaId: string };
  serviceDesk: { id: string; name: string } | null;
  site: string | null;
  description: string;
  priority: Priority;
  status: IncidentStatus;
  serviceDeskCaseNumber: string | null;
  reportedBy: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface IncidentView extends IncidentSummary {
  affected: { users: number | null; pcs: number | null; servers: number | null };
  competence: Competence[];
  contactName: string;
  contactMobile: string;
  impact: Impact;
  urgency: Urgency;
  language: Language;
  /** The message as formatted for the service desk. */
  message: Template;
  deliveries: DeliveryView[];
  timeline: TimelineEntry[];
  /** Who to phone next: the contacts valid now for the incident's site and the service desk's function. */
  callNext: CallNow;
}

const INCIDENT_NOT_FOUND = 'Incidenten finns inte.';

/** A webhook address as shown in timelines and to reporters: without credentials or query (they may hold a secret). */
export const shownTarget = (channel: string, target: string): string => (channel === 'webhook' ? shownUrl(target) : target);

/** An incident as shown to those who may see it: its facts, message, deliveries, timeline and whom to call next. */
export class IncidentViews {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly contacts: ContactsService,
    private readonly clock: Clock = systemClock,
  ) {}

  async view(id: string): Promise<IncidentView> {
    const snapshot = await this.repository.snapshot(id);
    if (!snapshot) throw new AppError('not_found', INCIDENT_NOT_FOUND);
    const { incident: row, timeline, deliveries } = snapshot;
    const desk = row.service_desk_id ? await this.repository.serviceDesk(row.service_desk_id) : undefined;
    const callNext = await this.contacts.resolve({ site: row.site ?? undefined, function: desk?.contact_function ?? undefined }, this.clock.now());
    return {
      ...toSummary(row),
      affected: { users: row.affected_users === null ? null : Number(row.affected_users), pcs: row.affected_pcs === null ? null : Number(row.affected_pcs), servers: row.affected_servers === null ? null : Number(row.affected_servers) },
      competence: JSON.parse(row.competence) as Competence[],
      contactName: row.contact_name,
      contactMobile: row.contact_mobile,
      impact: row.impact as Impact,
      urgency: row.urgency as Urgency,
      language: row.language as Language,
      message: { subject: row.subject, body: row.body },
      deliveries: deliveries.map(toDeliveryView),
      timeline: timeline.map(toTimelineEntry),
      callNext,
    };
  }
}

export const toSummary = (row: IncidentWithNames): IncidentSummary => ({
  id: row.id,
  number: Number(row.seq),
  system: { id: row.system_id, name: row.system_name },
  department: { id: row.department_id, name: row.department_name, hsaId: row.department_hsa_id },
  serviceDesk: row.service_desk_id && row.service_desk_name ? { id: row.service_desk_id, name: row.service_desk_name } : null,
  site: row.site,
  description: row.description,
  priority: row.priority as Priority,
  status: row.status as IncidentStatus,
  serviceDeskCaseNumber: row.service_desk_case_number,
  reportedBy: { id: row.reported_by, name: row.reported_by_name },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  resolvedAt: row.resolved_at,
});

const toTimelineEntry = (row: UpdateWithName): TimelineEntry => ({
  id: row.id,
  kind: row.kind as UpdateKind,
  status: row.status as IncidentStatus | null,
  message: row.message,
  by: row.created_by ? { id: row.created_by, name: row.created_by_name ?? '' } : null,
  at: row.created_at,
});

const toDeliveryView = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  channel: row.channel as DeliveryView['channel'],
  target: shownTarget(row.channel, row.target),
  status: row.status as DeliveryView['status'],
  attempts: Number(row.attempts),
  lastError: row.last_error,
  sentAt: row.sent_at,
});
