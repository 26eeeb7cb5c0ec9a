import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import type { Config } from '../../config/config.js';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import { localTimeAt } from '../contacts/contact-rules.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Outbound } from '../mail/outbound.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { formatIncident, templateFor, type IncidentFacts, type Templates } from './incident-format.js';
import { priorityOf } from './incident-priority.js';
import { type IncidentInput, type IncidentView, type IncidentViews } from './incident-views.js';
import type { DeliveryRow, IncidentsRepository } from './incidents-repository.js';
import type { ServiceDesksService } from './service-desks-service.js';

/**
 * C5 report intake: files an urgent incident report for a criticality-1 system, words the message
 * for the service desk and queues its deliveries (incident-delivery-service.ts sends them).
 */
export class IncidentReportService {
  constructor(
    private readonly config: Pick<Config, 'timeZone'>,
    private readonly repository: IncidentsRepository,
    private readonly serviceDesks: Pick<ServiceDesksService, 'forReport'>,
    private readonly views: IncidentViews,
    /** Only asked whether e-mail can be sent at all; the sending is the `incident.deliver` job's. */
    private readonly outbound: Pick<Outbound, 'canMail'>,
    private readonly queue: JobQueue,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {}

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
    const desk = await this.serviceDesks.forReport(input.serviceDeskId);
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
    return this.views.view(id);
  }
}
