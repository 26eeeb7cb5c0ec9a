import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { localTimeAt } from '../contacts/contact-rules.js';
import type { CallNow, ContactsService } from '../contacts/contacts-service.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { PermanentJobError, type JobContext } from '../jobs/job-types.js';
import { isEmailAddress } from '../mail/email-address.js';
import { shownUrl, type DeliveryOutcome, type Outbound, type WebhookResult } from '../mail/outbound.js';
import { departmentsWithRight, hasRight } from '../rights/access.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import {
  DEFAULT_TEMPLATES,
  LANGUAGES,
  formatIncident,
  templateError,
  templateFor,
  type Competence,
  type IncidentFacts,
  type Language,
  type Template,
  type Templates,
} from './incident-format.js';
import { priorityOf, type Impact, type Priority, type Urgency } from './incident-priority.js';
import type { DeliveryRow, IncidentTransaction, IncidentWithNames, IncidentsRepository, ServiceDeskRow, UpdateWithName } from './incidents-repository.js';

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

export interface ServiceDeskInput {
  name: string;
  webhookUrl?: string | null;
  email?: string | null;
  contactFunction?: string | null;
  templates?: Templates;
}

export interface ServiceDeskView {
  id: string;
  name: string;
  /** Shown to those who manage service desks only (it may hold a secret); null for others. */
  webhookUrl: string | null;
  hasWebhook: boolean;
  email: string | null;
  contactFunction: string | null;
  /** The service desk's own templates (languages left out use the built-in ones). */
  templates: Templates;
  /** The templates in force per language. */
  effectiveTemplates: Record<Language, Template>;
  createdAt: string;
  updatedAt: string;
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
const SERVICE_DESK_NOT_FOUND = 'Servicedesken finns inte.';

const blankToNull = (text: string | null | undefined) => {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
};

/** A webhook address as shown in timelines and to reporters: without credentials or query (they may hold a secret). */
const shownTarget = (channel: string, target: string): string => (channel === 'webhook' ? shownUrl(target) : target);


/** C5: urgent incident reports for criticality-1 systems, their delivery to the service desk and their timeline. */
export class IncidentsService {
  constructor(
    private readonly config: Pick<Config, 'timeZone'>,
    private readonly repository: IncidentsRepository,
    private readonly outbound: Outbound,
    private readonly contacts: ContactsService,
    private readonly queue: JobQueue,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {}

  // ── Service desks ─────────────────────────────────────────────────────────────

  async serviceDesks(ctx: RequestContext): Promise<ServiceDeskView[]> {
    const actor = this.access.authenticated(ctx);
    const manager = hasRight(actor, 'continuity.manage');
    return (await this.repository.serviceDesks()).map((row) => toServiceDeskView(row, manager));
  }

  async createServiceDesk(ctx: RequestContext, input: ServiceDeskInput): Promise<ServiceDeskView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'service_desk.create', objectType: 'service_desk', disclose: true });
    const view = await this.createServiceDeskTrusted(input);
    await this.audit.record(ctx, { action: 'service_desk.create', outcome: 'success', objectType: 'service_desk', objectId: view.id, details: { name: view.name, webhook: view.hasWebhook, email: view.email } });
    return view;
  }

  /** Without a rights check (demo data). */
  async createServiceDeskTrusted(input: ServiceDeskInput): Promise<ServiceDeskView> {
    const now = this.clock.now().toISOString();
    const name = this.checkName(input.name);
    if ((await this.repository.serviceDesks()).some((d) => d.name.toLocaleLowerCase('sv') === name.toLocaleLowerCase('sv'))) throw this.nameTaken(name);
    const row: ServiceDeskRow = {
      id: randomUUID(),
      name,
      webhook_url: this.checkWebhook(input.webhookUrl),
      email: this.checkEmail(input.email),
      contact_function: blankToNull(input.contactFunction),
      templates: JSON.stringify(this.checkTemplates(input.templates ?? {})),
      created_at: now,
      updated_at: now,
    };
    await this.repository.insertServiceDesk(row);
    return toServiceDeskView(row, true);
  }

  async updateServiceDesk(ctx: RequestContext, id: string, input: Partial<ServiceDeskInput>): Promise<ServiceDeskView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'service_desk.update', objectType: 'service_desk', objectId: id, disclose: true });
    if (!(await this.repository.serviceDesk(id))) throw new AppError('not_found', SERVICE_DESK_NOT_FOUND);
    const changes: Partial<ServiceDeskRow> = { updated_at: this.clock.now().toISOString() };
    if (input.name !== undefined) {
      const name = this.checkName(input.name);
      if ((await this.repository.serviceDesks()).some((d) => d.id !== id && d.name.toLocaleLowerCase('sv') === name.toLocaleLowerCase('sv'))) throw this.nameTaken(name);
      changes.name = name;
    }
    if (input.webhookUrl !== undefined) changes.webhook_url = this.checkWebhook(input.webhookUrl);
    if (input.email !== undefined) changes.email = this.checkEmail(input.email);
    if (input.contactFunction !== undefined) changes.contact_function = blankToNull(input.contactFunction);
    if (input.templates !== undefined) changes.templates = JSON.stringify(this.checkTemplates(input.templates));
    await this.repository.updateServiceDesk(id, changes);
    await this.audit.record(ctx, {
      action: 'service_desk.update',
      outcome: 'success',
      objectType: 'service_desk',
      objectId: id,
      details: { fields: Object.keys(input) },
    });
    return toServiceDeskView((await this.repository.serviceDesk(id))!, true);
  }

  // ── Incidents ─────────────────────────────────────────────────────────────────

  /** Files an urgent incident report for a criticality-1 system and sends it to the service desk. */
  async report(ctx: RequestContext, input: IncidentInput): Promise<IncidentView> {
    const actor = await this.access.require(ctx, {
      right: 'incident.report',
      action: 'incident.report',
      departmentId: input.departmentId,
      objectType: 'incident',
      disclose: true,
    });
    const department = await this.repository.department(input.departmentId);
    if (!department) throw new AppError('validation_failed', 'Avdelningen finns inte (departmentId).', { field: 'departmentId' });
    const system = await this.repository.system(input.systemId);
    if (!system) throw new AppError('validation_failed', 'Systemet finns inte i systemregistret (systemId).', { field: 'systemId' });
    if (Number(system.criticality) !== 1) {
      throw new AppError(
        'validation_failed',
        `Akut incidentrapport gäller bara system med kritikalitet 1. ${system.name} har kritikalitet ${system.criticality}: anmäl felet till IT-servicedesk på vanligt sätt (systemId).`,
        { field: 'systemId' },
      );
    }
    const desk = await this.chooseServiceDesk(input.serviceDeskId);
    const description = input.description.trim();
    if (!description) throw new AppError('validation_failed', 'Beskriv felet (description).', { field: 'description' });
    const contactName = input.contactName.trim();
    if (!contactName) throw new AppError('validation_failed', 'Ange kontaktpersonens namn (contactName).', { field: 'contactName' });
    const contactMobile = input.contactMobile.trim();
    const language = input.language ?? 'sv';
    const priority = priorityOf(input.impact, input.urgency);
    const competence = [...new Set(input.competence)];
    const now = this.clock.now();
    const id = randomUUID();
    const local = localTimeAt(now, this.config.timeZone);

    const deliveries: DeliveryRow[] = [];
    const notSent: string[] = [];
    const addDelivery = (channel: 'webhook' | 'email', target: string) =>
      deliveries.push({ id: randomUUID(), incident_id: id, channel, target, status: 'pending', attempts: 0, last_error: null, sent_at: null, created_at: now.toISOString() });
    if (desk?.webhook_url) addDelivery('webhook', desk.webhook_url);
    if (desk?.email) {
      if (this.outbound.canMail) addDelivery('email', desk.email);
      else notSent.push(`E-post till ${desk.email} skickades inte: Kasus har ingen e-postserver (KASUS_SMTP_URL är inte satt). Ring servicedesk.`);
    }
    if (!desk) notSent.push('Ingen servicedesk är registrerad: rapporten skickades inte. Ring servicedesk och uppge rapporten.');
    else if (!desk.webhook_url && !desk.email) notSent.push(`${desk.name} har varken webhook eller e-post: rapporten skickades inte. Ring servicedesk.`);

    await this.repository.withLock(async (tx) => {
      const facts = (number: number): IncidentFacts => ({
        incidentId: id,
        incidentNumber: number,
        system: system.name,
        department: department.name,
        departmentHsaId: department.hsa_id,
        site: blankToNull(input.site),
        description,
        affectedUsers: input.affectedUsers ?? null,
        affectedPcs: input.affectedPcs ?? null,
        affectedServers: input.affectedServers ?? null,
        competence,
        contactName,
        contactMobile,
        priority,
        impact: input.impact,
        urgency: input.urgency,
        reportedBy: actor.displayName,
        reportedAt: `${local.date} ${local.time}`,
      });
      const templates = desk ? (JSON.parse(desk.templates) as Templates) : {};
      // The number is known once the row exists; the message names it, so it is written right after.
      const seq = await tx.insertIncident({
        id,
        system_id: system.id,
        department_id: department.id,
        service_desk_id: desk?.id ?? null,
        site: blankToNull(input.site),
        description,
        affected_users: input.affectedUsers ?? null,
        affected_pcs: input.affectedPcs ?? null,
        affected_servers: input.affectedServers ?? null,
        competence: JSON.stringify(competence),
        contact_name: contactName,
        contact_mobile: contactMobile,
        impact: input.impact,
        urgency: input.urgency,
        priority,
        language,
        subject: '',
        body: '',
        status: 'open',
        service_desk_case_number: null,
        reported_by: actor.userId,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        resolved_at: null,
      });
      const message = formatIncident(templateFor(templates, language), facts(seq), language);
      await tx.updateIncident(id, { subject: message.subject, body: message.body });
      await tx.insertUpdate({ id: randomUUID(), incident_id: id, kind: 'reported', status: 'open', message: `${priority}: ${description}`, created_by: actor.userId, created_at: now.toISOString() });
      for (const text of notSent) {
        await tx.insertUpdate({ id: randomUUID(), incident_id: id, kind: 'not_sent', status: null, message: text, created_by: null, created_at: now.toISOString() });
      }
      for (const delivery of deliveries) {
        await tx.insertDelivery(delivery);
        await this.queue.enqueue('incident.deliver', { deliveryId: delivery.id }, { executor: tx.trx, uniqueKey: `incident.deliver:${delivery.id}` });
      }
    });
    await this.audit.record(ctx, {
      action: 'incident.report',
      outcome: 'success',
      departmentId: department.id,
      objectType: 'incident',
      objectId: id,
      details: { systemId: system.id, priority, serviceDeskId: desk?.id ?? null, channels: deliveries.map((d) => d.channel) },
    });
    return this.view(id);
  }

  async list(ctx: RequestContext, filter: { status?: IncidentStatus }, page: number, pageSize: number): Promise<{ items: IncidentSummary[]; total: number }> {
    const actor = this.access.authenticated(ctx);
    const departments = hasRight(actor, 'continuity.manage') ? 'all' : departmentsWithRight(actor, 'incident.report');
    const { items, total } = await this.repository.list({ departments, status: filter.status }, page, pageSize);
    return { items: items.map(toSummary), total };
  }

  async get(ctx: RequestContext, id: string): Promise<IncidentView> {
    await this.readable(ctx, id, 'incident.read');
    return this.view(id);
  }

  /** Adds a comment (and possibly a status change) to the timeline. */
  async addUpdate(ctx: RequestContext, id: string, input: { message: string; status?: IncidentStatus }): Promise<IncidentView> {
    const message = input.message.trim();
    if (!message) throw new AppError('validation_failed', 'Skriv vad som har hänt (message).', { field: 'message' });
    return this.change(ctx, id, { message, status: input.status }, 'incident.update');
  }

  /** Records the service desk's case number and/or a new status. */
  async update(ctx: RequestContext, id: string, input: IncidentChange): Promise<IncidentView> {
    if (input.serviceDeskCaseNumber === undefined && input.status === undefined && !input.message?.trim()) {
      throw new AppError('validation_failed', 'Ange servicedeskens ärendenummer (serviceDeskCaseNumber) eller ny status (status).', { field: 'status' });
    }
    return this.change(ctx, id, input, 'incident.update');
  }

  private async change(ctx: RequestContext, id: string, input: IncidentChange, action: string): Promise<IncidentView> {
    const { actor, row } = await this.readable(ctx, id, action);
    const now = this.clock.now().toISOString();
    const entries: { kind: UpdateKind; status: IncidentStatus | null; message: string | null }[] = [];
    const changes: Parameters<IncidentTransaction['updateIncident']>[1] = {};
    const caseNumber = input.serviceDeskCaseNumber === undefined ? undefined : blankToNull(input.serviceDeskCaseNumber);
    if (caseNumber !== undefined && caseNumber !== row.service_desk_case_number) {
      changes.service_desk_case_number = caseNumber;
      entries.push({ kind: 'case_number', status: null, message: caseNumber === null ? 'Ärendenumret togs bort.' : `Servicedeskens ärendenummer: ${caseNumber}` });
    }
    const comment = blankToNull(input.message);
    if (input.status !== undefined && input.status !== row.status) {
      changes.status = input.status;
      changes.resolved_at = input.status === 'resolved' ? now : null;
      entries.push({ kind: 'status', status: input.status, message: comment });
    } else if (comment) {
      entries.push({ kind: 'comment', status: null, message: comment });
    }
    if (entries.length > 0) {
      await this.repository.withLock(async (tx) => {
        await tx.updateIncident(id, { ...changes, updated_at: now });
        for (const entry of entries) await tx.insertUpdate({ id: randomUUID(), incident_id: id, ...entry, created_by: actor.userId, created_at: now });
      });
      await this.audit.record(ctx, {
        action,
        outcome: 'success',
        departmentId: row.department_id,
        objectType: 'incident',
        objectId: id,
        details: { status: input.status ?? null, serviceDeskCaseNumber: caseNumber ?? null, comment: comment !== null },
      });
    }
    return this.view(id);
  }

  // ── Delivery (the `incident.deliver` job) ────────────────────────────────────

  /**
   * Sends one delivery. Idempotent: a delivery already sent is not sent again; the webhook carries
   * the delivery id as Idempotency-Key and the e-mail it as Message-ID, so a repeat after a crash
   * between sending and recording can be recognised by the receiver.
   */
  async deliver(deliveryId: string, job: Pick<JobContext, 'attempt' | 'maxAttempts' | 'signal'>): Promise<void> {
    const delivery = await this.repository.delivery(deliveryId);
    if (!delivery) throw new PermanentJobError(`Incident delivery ${deliveryId} no longer exists`);
    if (delivery.status === 'sent') return;
    const incident = await this.repository.find(delivery.incident_id);
    if (!incident) throw new PermanentJobError(`The incident of delivery ${deliveryId} no longer exists`);
    const channelName = delivery.channel === 'webhook' ? 'webhook' : 'e-post';
    const send = async (): Promise<WebhookResult | null> => {
      if (delivery.channel === 'webhook') return this.outbound.webhook(delivery.target, await this.webhookPayload(incident), { idempotencyKey: delivery.id, signal: job.signal });
      await this.outbound.mail({ to: delivery.target, subject: incident.subject, text: incident.body, messageId: `<incident-${delivery.id}@kasus>` });
      return null;
    };
    // The outcome of every attempt is kept on the delivery and in the incident's timeline.
    const record = async (outcome: DeliveryOutcome<WebhookResult | null>) => {
      const now = this.clock.now().toISOString();
      await this.repository.withLock(async (tx) => {
        if (outcome.status === 'sent') {
          const current = await tx.delivery(deliveryId);
          if (current?.status === 'sent') return;
          await tx.updateDelivery(deliveryId, { status: 'sent', attempts: outcome.attempt, sent_at: now, last_error: null });
          await tx.insertUpdate({ id: randomUUID(), incident_id: incident.id, kind: 'delivered', status: null, message: `Skickad till servicedesk med ${channelName} (${shownTarget(delivery.channel, delivery.target)}), försök ${outcome.attempt}.`, created_by: null, created_at: now });
          const caseNumber = outcome.result?.caseNumber;
          const fresh = await tx.find(incident.id);
          if (caseNumber && fresh && !fresh.service_desk_case_number) {
            await tx.updateIncident(incident.id, { service_desk_case_number: caseNumber, updated_at: now });
            await tx.insertUpdate({ id: randomUUID(), incident_id: incident.id, kind: 'case_number', status: null, message: `Servicedeskens ärendenummer: ${caseNumber}`, created_by: null, created_at: now });
          }
          return;
        }
        const last = outcome.status === 'failed';
        await tx.updateDelivery(deliveryId, { status: last ? 'failed' : 'pending', attempts: outcome.attempt, last_error: outcome.reason });
        await tx.insertUpdate({
          id: randomUUID(),
          incident_id: incident.id,
          kind: 'delivery_failed',
          status: null,
          message: last
            ? `Sändning med ${channelName} misslyckades för gott efter försök ${outcome.attempt}: ${outcome.reason}. Ring servicedesk.`
            : `Sändning med ${channelName} misslyckades (försök ${outcome.attempt} av ${outcome.maxAttempts}), nytt försök strax: ${outcome.reason}`,
          created_by: null,
          created_at: now,
        });
      });
    };
    await this.outbound.attempt(job, send, record);
  }

  private async webhookPayload(incident: IncidentWithNames) {
    return {
      kasusIncidentId: incident.id,
      number: Number(incident.seq),
      subject: incident.subject,
      body: incident.body,
      priority: incident.priority,
      impact: incident.impact,
      urgency: incident.urgency,
      system: { id: incident.system_id, name: incident.system_name },
      department: { id: incident.department_id, name: incident.department_name, hsaId: incident.department_hsa_id },
      site: incident.site,
      description: incident.description,
      affected: { users: incident.affected_users, pcs: incident.affected_pcs, servers: incident.affected_servers },
      competence: JSON.parse(incident.competence) as Competence[],
      contact: { name: incident.contact_name, mobile: incident.contact_mobile },
      language: incident.language,
      reportedBy: incident.reported_by_name,
      reportedAt: incident.created_at,
    };
  }

  /** The incident if the caller may see it: incident.report in its department, or continuity.manage. */
  private async readable(ctx: RequestContext, id: string, action: string) {
    const actor = this.access.authenticated(ctx);
    const row = await this.repository.find(id);
    // A missing incident and one of another department get the same answer (the rights module's).
    if (!row) return this.access.missing(ctx, { action, objectType: 'incident', objectId: id });
    if (!hasRight(actor, 'continuity.manage')) {
      await this.access.require(ctx, { right: 'incident.report', action, departmentId: row.department_id, objectType: 'incident', objectId: id });
    }
    return { actor, row };
  }

  private async chooseServiceDesk(id: string | undefined): Promise<ServiceDeskRow | null> {
    if (id !== undefined) {
      const desk = await this.repository.serviceDesk(id);
      if (!desk) throw new AppError('validation_failed', 'Servicedesken finns inte (serviceDeskId).', { field: 'serviceDeskId' });
      return desk;
    }
    const desks = await this.repository.serviceDesks();
    if (desks.length > 1) {
      throw new AppError('validation_failed', `Välj servicedesk: ${desks.map((d) => d.name).join(', ')} (serviceDeskId).`, { field: 'serviceDeskId' });
    }
    return desks[0] ?? null;
  }

  private async view(id: string): Promise<IncidentView> {
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

  private checkName(name: string): string {
    const trimmed = name.trim();
    if (!trimmed) throw new AppError('validation_failed', 'Ge servicedesken ett namn (name).', { field: 'name' });
    return trimmed;
  }

  private nameTaken(name: string): AppError {
    return new AppError('conflict', `Det finns redan en servicedesk som heter "${name}" (name).`, { field: 'name' });
  }

  private checkWebhook(url: string | null | undefined): string | null {
    const value = blankToNull(url);
    if (value === null) return null;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new AppError('validation_failed', 'Webhooken ska vara en http- eller https-adress (webhookUrl).', { field: 'webhookUrl' });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new AppError('validation_failed', 'Webhooken ska vara en http- eller https-adress (webhookUrl).', { field: 'webhookUrl' });
    }
    return value;
  }

  private checkEmail(email: string | null | undefined): string | null {
    const value = blankToNull(email);
    if (value === null) return null;
    if (!isEmailAddress(value)) throw new AppError('validation_failed', 'E-postadressen är inte giltig (email).', { field: 'email' });
    if (!this.outbound.canMail) {
      throw new AppError(
        'validation_failed',
        'Kasus kan inte skicka e-post: ingen e-postserver är inställd (KASUS_SMTP_URL). Be driften ställa in den, eller använd webhook (email).',
        { field: 'email' },
      );
    }
    return value;
  }

  private checkTemplates(templates: Templates): Templates {
    const clean: Templates = {};
    for (const language of LANGUAGES) {
      const template = templates[language];
      if (!template) continue;
      for (const part of ['subject', 'body'] as const) {
        if (!template[part].trim()) throw new AppError('validation_failed', `Mallen får inte vara tom (templates.${language}.${part}).`, { field: `templates.${language}.${part}` });
        const problem = templateError(template[part]);
        if (problem) throw new AppError('validation_failed', `${problem} (templates.${language}.${part})`, { field: `templates.${language}.${part}` });
      }
      clean[language] = { subject: template.subject, body: template.body };
    }
    return clean;
  }
}

function toServiceDeskView(row: ServiceDeskRow, manager: boolean): ServiceDeskView {
  const templates = JSON.parse(row.templates) as Templates;
  return {
    id: row.id,
    name: row.name,
    webhookUrl: manager ? row.webhook_url : null,
    hasWebhook: row.webhook_url !== null,
    email: row.email,
    contactFunction: row.contact_function,
    templates,
    effectiveTemplates: { sv: templateFor(templates, 'sv'), nb: templateFor(templates, 'nb'), en: templateFor(templates, 'en') },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const toSummary = (row: IncidentWithNames): IncidentSummary => ({
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

export { DEFAULT_TEMPLATES };
