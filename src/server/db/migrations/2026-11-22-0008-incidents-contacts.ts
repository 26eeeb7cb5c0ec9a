import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // C6: the directory of numbers per site and function, valid by weekday and time of day.
  await db.schema
    .createTable('contact')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    /** E.g. `IT-servicedesk`, `Röntgenexpeditionen`, `Jour systemförvaltning`. */
    .addColumn('function', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    /** `phone`, `fax` or `email`. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    /** JSON array of { days: [1–7, Monday = 1], from: "HH:MM", to: "HH:MM" } in local time; empty: always. */
    .addColumn('validity', 'text', (c) => c.notNull())
    /** Lower comes first when several numbers are valid at once. */
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_site_function_idx').on('contact').columns(['site', 'function']).execute();

  // C5: where urgent incident reports are sent, and how they are worded.
  await db.schema
    .createTable('service_desk')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('webhook_url', 'text')
    .addColumn('email', 'text')
    /** The contacts function to phone about its incidents (e.g. `IT-servicedesk`). */
    .addColumn('contact_function', 'text')
    /** JSON { sv?: { subject, body }, nb?: …, en?: … }; a language left out uses the built-in template. */
    .addColumn('templates', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('incident')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('system_id', 'text', (c) => c.notNull().references('clinical_system.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('department.id'))
    .addColumn('service_desk_id', 'text', (c) => c.references('service_desk.id'))
    .addColumn('site', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('affected_users', 'integer')
    .addColumn('affected_pcs', 'integer')
    .addColumn('affected_servers', 'integer')
    /** JSON array of `onsite_technical`, `clinical_applications`, `server_group`. */
    .addColumn('competence', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_mobile', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    /** The message as formatted for the service desk when filed. */
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    /** `open`, `acknowledged` or `resolved`. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('service_desk_case_number', 'text')
    .addColumn('reported_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('incident_department_idx').on('incident').columns(['department_id', 'seq']).execute();

  // Append-only timeline of an incident: filing, comments, status changes, case number, deliveries.
  await db.schema
    .createTable('incident_update')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incident.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('message', 'text')
    .addColumn('created_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_update_incident_idx').on('incident_update').columns(['incident_id', 'seq']).execute();

  // One sending of an incident to the service desk by one channel, run by an `incident.deliver` job.
  await db.schema
    .createTable('incident_delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incident.id').onDelete('cascade'))
    /** `webhook` or `email`. */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    /** `pending`, `sent` or `failed` (attempts used up). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_delivery_incident_idx').on('incident_delivery').column('incident_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['incident_delivery', 'incident_update', 'incident', 'service_desk', 'contact']) {
    await db.schema.dropTable(table).execute();
  }
}
