import type { DepartmentsRepository } from './departments-repository.js';

/**
 * A department by id, for modules that check that a department exists and is active (cases,
 * backlog, users). The departments repository implements it; src/server/services.ts injects it.
 */
export type DepartmentLookup = Pick<DepartmentsRepository, 'find'>;
