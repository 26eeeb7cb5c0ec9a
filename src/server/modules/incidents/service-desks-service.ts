import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import { isEmailAddress } from '../mail/email-address.js';
import type { Outbound } from '../mail/outbound.js';
import { hasRight } from '../rights/access.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { LANGUAGES, templateError, templateFor, type Language, type Template, type Templates } from './incident-format.js';
import {  } from './incident-views.js';
import type { IncidentsRepository, ServiceDeskRow } from './incidents-repository.js';

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

const SERVICE_DESK_NOT_FOUND = 'Servicedesken finns inte.';

/** C5: the service desks incident reports are sent to (webhook and/or e-mail, message templates per language). */
export class ServiceDesksService {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly outbound: Outbound,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {}

  async list(ctx: RequestContext): Promise<ServiceDeskView[]> {
    const actor = this.access.authenticated(ctx);
    const manager = hasRight(actor, 'continuity.manage');
    return (await this.repository.serviceDesks()).map((row) => toServiceDeskView(row, manager));
  }

  async create(ctx: RequestContext, input: ServiceDeskInput): Promise<ServiceDeskView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'service_desk.create', objectType: 'service_desk', disclose: true });
    const view = await this.createTrusted(input);
    await this.audit.record(ctx, { action: 'service_desk.create', outcome: 'success', objectType: 'service_desk', objectId: view.id, details: { name: view.name, webhook: view.hasWebhook, email: view.email } });
    return view;
  }

  /** Without a rights check (demo data). */
  async createTrusted(input: ServiceDeskInput): Promise<ServiceDeskView> {
    const now = this.clock.now().toISOString();
    const name = this.checkName(input.name);
    await this.checkNameFree(name);
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

  async update(ctx: RequestContext, id: string, input: Partial<ServiceDeskInput>): Promise<ServiceDeskView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'service_desk.update', objectType: 'service_desk', objectId: id, disclose: true });
    if (!(await this.repository.serviceDesk(id))) throw new AppError('not_found', SERVICE_DESK_NOT_FOUND);
    const changes: Partial<ServiceDeskRow> = { updated_at: this.clock.now().toISOString() };
    if (input.name !== undefined) {
      const name = this.checkName(input.name);
      await this.checkNameFree(name, id);
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

  /** The service desk a report goes to: the one named, else the only one registered (none: null). */
  async forReport(id: string | undefined): Promise<ServiceDeskRow | null> {
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

  private checkName(name: string): string {
    const trimmed = name.trim();
    if (!trimmed) throw new AppError('validation_failed', 'Ge servicedesken ett namn (name).', { field: 'name' });
    return trimmed;
  }

  /** Refuses a name another service desk has already, whatever its case. */
  private async checkNameFree(name: string, exceptId?: string): Promise<void> {
    const lower = name.toLocaleLowerCase('sv');
    if ((await this.repository.serviceDesks()).some((d) => d.id !== exceptId && d.name.toLocaleLowerCase('sv') === lower)) {
      throw new AppError('conflict', `Det finns redan en servicedesk som heter "${name}" (name).`, { field: 'name' });
    }
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
