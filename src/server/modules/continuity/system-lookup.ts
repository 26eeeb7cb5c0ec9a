import type { ContinuityRepository } from './continuity-repository.js';

/**
 * The registered clinical systems, for modules that refer to them (routines name the systems a
 * scenario concerns). The continuity repository implements it; src/server/services.ts injects it.
 */
export type SystemLookup = Pick<ContinuityRepository, 'systems' | 'existingIds'>;
