import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { validityError, whoToCallNow, type CallFilter, type ContactKind, type ValidityWindow, type Weekday } from './contact-rules.js';
import type { ContactRow, ContactsRepository } from './contacts-repository.js';

export interface ContactView {
  id: string;
  site: string;
  function: string;
  label: string | null;
  kind: ContactKind;
  number: string;
  validity: ValidityWindow[];
  priority: number;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactInput {
  site: string;
  function: string;
  label?: string | null;
  kind: ContactKind;
  number: string;
  validity?: ValidityWindow[];
  priority?: number;
  note?: string | null;
}

export type ContactUpdate = Partial<ContactInput>;

export interface CallNow {
  /** The instant asked about (now unless given). */
  at: string;
  timeZone: string;
  /** Local date, time and weekday (1 = Monday) at that instant. */
  local: { date: string; time: string; weekday: number; offset: string };
  /** The numbers valid then, the one to call first first. */
  contacts: ContactView[];
}

const CONTACT_NOT_FOUND = 'Kontakten finns inte i kontaktlistan.';

/** Days in order without repeats, so the stored rule reads the same however it was given. */
const normalise = (windows: readonly ValidityWindow[]): ValidityWindow[] =>
  windows.map((w) => ({ days: [...new Set(w.days)].sort((a, b) => a - b) as Weekday[], from: w.from, to: w.to }));

export const toContactView = (row: ContactRow): ContactView => ({
  id: row.id,
  site: row.site,
  function: row.function,
  label: row.label,
  kind: row.kind as ContactKind,
  number: row.number,
  validity: JSON.parse(row.validity) as ValidityWindow[],
  priority: Number(row.priority),
  note: row.note,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** C6: the directory of numbers per site and function, and who to call at a given moment. */
export class ContactsService {
  constructor(
    private readonly repository: ContactsRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    readonly timeZone: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async list(ctx: RequestContext): Promise<ContactView[]> {
    this.access.authenticated(ctx);
    return (await this.repository.list()).map(toContactView);
  }

  async get(ctx: RequestContext, id: string): Promise<ContactView> {
    this.access.authenticated(ctx);
    const row = await this.repository.find(id);
    if (!row) throw new AppError('not_found', CONTACT_NOT_FOUND);
    return toContactView(row);
  }

  /** Who to call at the instant (now when not given), for a site and function if given. */
  async now(ctx: RequestContext, filter: CallFilter, at?: string): Promise<CallNow> {
    this.access.authenticated(ctx);
    return this.resolve(filter, at ? new Date(at) : this.clock.now());
  }

  /** The resolver without a caller (incidents use it for "who to phone next"). */
  async resolve(filter: CallFilter, instant: Date = this.clock.now()): Promise<CallNow> {
    const clean: CallFilter = {};
    if (filter.site?.trim()) clean.site = filter.site;
    if (filter.function?.trim()) clean.function = filter.function;
    const contacts = (await this.repository.list()).map(toContactView);
    const result = whoToCallNow(contacts, instant, this.timeZone, clean);
    const { date, time, weekday, offset } = result.local;
    return { at: instant.toISOString(), timeZone: this.timeZone, local: { date, time, weekday, offset }, contacts: result.contacts };
  }

  async create(ctx: RequestContext, input: ContactInput): Promise<ContactView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'contact.create', objectType: 'contact', disclose: true });
    const view = await this.createTrusted(input);
    await this.audit.record(ctx, { action: 'contact.create', outcome: 'success', objectType: 'contact', objectId: view.id, details: { site: view.site, function: view.function, number: view.number } });
    return view;
  }

  /** Creates a contact without a rights check (demo data). */
  async createTrusted(input: ContactInput): Promise<ContactView> {
    const now = this.clock.now().toISOString();
    const row: ContactRow = {
      id: randomUUID(),
      site: this.required(input.site, 'site', 'Ange plats (site).'),
      function: this.required(input.function, 'function', 'Ange funktion, t.ex. IT-servicedesk (function).'),
      label: blankToNull(input.label),
      kind: input.kind,
      number: this.required(input.number, 'number', 'Ange numret eller adressen (number).'),
      validity: JSON.stringify(this.checkValidity(input.validity ?? [])),
      priority: input.priority ?? 1,
      note: blankToNull(input.note),
      created_at: now,
      updated_at: now,
    };
    await this.repository.insert(row);
    return toContactView(row);
  }

  async update(ctx: RequestContext, id: string, input: ContactUpdate): Promise<ContactView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'contact.update', objectType: 'contact', objectId: id, disclose: true });
    if (!(await this.repository.find(id))) throw new AppError('not_found', CONTACT_NOT_FOUND);
    const changes: Partial<ContactRow> = { updated_at: this.clock.now().toISOString() };
    if (input.site !== undefined) changes.site = this.required(input.site, 'site', 'Ange plats (site).');
    if (input.function !== undefined) changes.function = this.required(input.function, 'function', 'Ange funktion (function).');
    if (input.label !== undefined) changes.label = blankToNull(input.label);
    if (input.kind !== undefined) changes.kind = input.kind;
    if (input.number !== undefined) changes.number = this.required(input.number, 'number', 'Ange numret eller adressen (number).');
    if (input.validity !== undefined) changes.validity = JSON.stringify(this.checkValidity(input.validity));
    if (input.priority !== undefined) changes.priority = input.priority;
    if (input.note !== undefined) changes.note = blankToNull(input.note);
    await this.repository.update(id, changes);
    await this.audit.record(ctx, { action: 'contact.update', outcome: 'success', objectType: 'contact', objectId: id, details: { ...input } });
    return toContactView((await this.repository.find(id))!);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'contact.delete', objectType: 'contact', objectId: id, disclose: true });
    const row = await this.repository.find(id);
    if (!row || !(await this.repository.delete(id))) throw new AppError('not_found', CONTACT_NOT_FOUND);
    await this.audit.record(ctx, { action: 'contact.delete', outcome: 'success', objectType: 'contact', objectId: id, details: { site: row.site, function: row.function, number: row.number } });
  }

  private required(text: string, field: string, message: string): string {
    const trimmed = text.trim();
    if (!trimmed) throw new AppError('validation_failed', message, { field });
    return trimmed;
  }

  private checkValidity(windows: ValidityWindow[]): ValidityWindow[] {
    const problem = validityError(windows);
    // "… (giltighet 2)." becomes "… (validity, giltighet 2).": the field is named as in every other message.
    if (problem) throw new AppError('validation_failed', problem.replace(/\((giltighet \d+)\)\.$/, '(validity, $1).'), { field: 'validity' });
    return normalise(windows);
  }
}
