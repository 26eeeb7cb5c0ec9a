import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import * as foundation from './migrations/2026-11-22-0001-foundation.js';
import * as media from './migrations/2026-11-22-0002-media.js';
import * as forms from './migrations/2026-11-22-0003-forms.js';
import * as cases from './migrations/2026-11-22-0004-cases.js';
import * as searchIndexes from './migrations/2026-11-22-0005-search-indexes.js';
import * as continuity from './migrations/2026-11-22-0006-continuity.js';
import * as incidentsContacts from './migrations/2026-11-22-0008-incidents-contacts.js';
import * as routines from './migrations/2026-11-22-0007-routines.js';
import * as broadcast from './migrations/2026-11-22-0009-broadcast.js';
import * as backlog from './migrations/2026-11-22-0010-backlog.js';
import * as userEmail from './migrations/2026-11-22-0011-user-email.js';
import * as reminderMailOutcome from './migrations/2026-11-22-0012-reminder-mail-outcome.js';
import * as auditCheckpoints from './migrations/2026-12-07-0013-audit-checkpoints.js';
import * as tokenLineage from './migrations/2026-12-07-0014-token-lineage.js';
import * as offlineCopy from './migrations/2026-12-07-0015-offline-copy.js';
import * as auditIndexes from './migrations/2026-12-07-0016-audit-indexes.js';
import * as mediaCamera from './migrations/2026-12-07-0017-media-camera.js';
import * as annotations from './migrations/2026-12-07-0018-annotations.js';
import * as offlineCopyChanges from './migrations/2026-12-07-0019-offline-copy-changes.js';
import * as formTranslations from './migrations/2026-12-07-0020-form-translations.js';
import * as cardImport from './migrations/2026-12-07-0022-card-import.js';
import * as capture from './migrations/2026-12-07-0021-capture.js';
import * as mediaEdit from './migrations/2026-12-07-0023-media-edit.js';
import * as authGeneration from './migrations/2026-12-07-0024-auth-generation.js';
import * as ehrLaunch from './migrations/2026-12-07-0025-ehr-launch.js';
import * as offlineCopyAnnotations from './migrations/2026-12-07-0026-offline-copy-annotations.js';
import * as caseCopies from './migrations/2026-12-07-0027-case-copies.js';
import * as consent from './migrations/2026-12-07-0028-consent.js';
import * as purge from './migrations/2026-12-07-0029-purge.js';
import * as deidentifiedCopies from './migrations/2026-12-07-0033-deidentified-copies.js';
import * as pacsExport from './migrations/2026-12-07-0032-pacs-export.js';
import * as reportIndexes from './migrations/2026-12-07-0035-report-indexes.js';
import * as bystandersStatistics from './migrations/2026-12-07-0037-bystanders-statistics.js';
import * as statisticsCounters from './migrations/2026-12-07-0038-statistics-counters.js';
import * as caseListMedia from './migrations/2026-12-07-0041-case-list-media.js';
import * as caseListMediaTable from './migrations/2026-12-08-0042-case-list-media-table.js';
import * as deidentifyOrders from './migrations/2026-12-08-0043-deidentify-orders.js';
import * as blobHold from './migrations/2026-12-08-0044-blob-hold.js';

// Listed here rather than read from a folder, so the compiled server needs no file scanning.
const migrations: Record<string, Migration> = {
  '2026-11-22-0001-foundation': foundation,
  '2026-11-22-0002-media': media,
  '2026-11-22-0003-forms': forms,
  '2026-11-22-0004-cases': cases,
  '2026-11-22-0005-search-indexes': searchIndexes,
  '2026-11-22-0006-continuity': continuity,
  '2026-11-22-0008-incidents-contacts': incidentsContacts,
  '2026-11-22-0007-routines': routines,
  '2026-11-22-0009-broadcast': broadcast,
  '2026-11-22-0010-backlog': backlog,
  '2026-11-22-0011-user-email': userEmail,
  '2026-11-22-0012-reminder-mail-outcome': reminderMailOutcome,
  '2026-12-07-0013-audit-checkpoints': auditCheckpoints,
  '2026-12-07-0014-token-lineage': tokenLineage,
  '2026-12-07-0015-offline-copy': offlineCopy,
  '2026-12-07-0016-audit-indexes': auditIndexes,
  '2026-12-07-0017-media-camera': mediaCamera,
  '2026-12-07-0018-annotations': annotations,
  '2026-12-07-0019-offline-copy-changes': offlineCopyChanges,
  '2026-12-07-0020-form-translations': formTranslations,
  '2026-12-07-0022-card-import': cardImport,
  '2026-12-07-0021-capture': capture,
  '2026-12-07-0023-media-edit': mediaEdit,
  '2026-12-07-0024-auth-generation': authGeneration,
  '2026-12-07-0025-ehr-launch': ehrLaunch,
  '2026-12-07-0026-offline-copy-annotations': offlineCopyAnnotations,
  '2026-12-07-0027-case-copies': caseCopies,
  '2026-12-07-0028-consent': consent,
  '2026-12-07-0029-purge': purge,
  '2026-12-07-0033-deidentified-copies': deidentifiedCopies,
  '2026-12-07-0032-pacs-export': pacsExport,
  '2026-12-07-0035-report-indexes': reportIndexes,
  '2026-12-07-0037-bystanders-statistics': bystandersStatistics,
  '2026-12-07-0038-statistics-counters': statisticsCounters,
  '2026-12-07-0041-case-list-media': caseListMedia,
  '2026-12-08-0042-case-list-media-table': caseListMediaTable,
  '2026-12-08-0043-deidentify-orders': deidentifyOrders,
  '2026-12-08-0044-blob-hold': blobHold,
};

/** The newest migration's name: the schema an offline read copy is written in (docs/offline-copy-format.md). */
export const latestMigration = (): string => Object.keys(migrations).sort().at(-1)!;

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** The names of the migrations this Kasus knows (an offline copy refuses a manifest of a schema not among them). */
export const migrationNames = (): string[] => Object.keys(migrations);

export async function migrateToLatest(database: Database): Promise<string[]> {
  // Numbers are reserved per piece of work, so a migration can land after higher-numbered ones have
  // run somewhere (0005 after 0006–0010): run it then instead of refusing to start.
  const migrator = new Migrator({ db: database.db, provider, allowUnorderedMigrations: true });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? ''} failed: ${(result.error as Error).message ?? String(result.error)}`);
  }
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  // New indexes need SQLite's planner statistics before it prefers them (see openDatabase).
  if (applied.length > 0 && database.dialect === 'sqlite') await sql`pragma optimize = 0x10002`.execute(database.db);
  return applied;
}
