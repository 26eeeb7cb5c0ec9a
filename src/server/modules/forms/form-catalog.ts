import type { FormsRepository } from './forms-repository.js';

/**
 * The forms and form versions a case may use (which form a department shares, its current version,
 * an old version by id). The forms repository implements it; src/server/services.ts injects it.
 */
export type FormCatalog = Pick<FormsRepository, 'find' | 'isSharedWith' | 'currentVersion' | 'list' | 'versionById'>;
