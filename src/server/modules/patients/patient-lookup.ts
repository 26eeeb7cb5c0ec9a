import type { PatientsRepository } from './patients-repository.js';

/**
 * A patient by id, for modules that attach records to a patient after their own rights check
 * (cases, backlog). The patients repository implements it; src/server/services.ts injects it.
 */
export type PatientLookup = Pick<PatientsRepository, 'find'>;
