import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import { PermanentJobError, type JobContext } from '../jobs/job-types.js';
import type { DeliveryOutcome, Outbound, WebhookResult } from '../mail/outbound.js';
import type { Competence } from './incident-format.js';
import { shownTarget } from './incident-views.js';
import type { IncidentWithNames, IncidentsRepository } from './incidents-repository.js';

/** C5 service-desk delivery: the `incident.deliver` job, which sends a report by webhook or e-mail and records each attempt in the timeline. */
export class IncidentDeliveryService {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly outbound: Outbound,
    private readonly clock: Clock = systemClock,
  ) {}

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
}
