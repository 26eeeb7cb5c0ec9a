import type { ContinuityRepository } from './continuity-repository.js';

/**
 * The registered clinical systems, for modules that refer to them (routines name the systems a
 * scenario concerns). The continuity repository implements it; src/server/services.ts injects it.
 */
export type SystemLookup = Pick<ContinuityRepository, 'systems' | 'existingIds'>;

/** The ids among these that name no registered system, in the order given. */
export async function missingSystemIds(systems: Pick<SystemLookup, 'existingIds'>, ids: readonly string[]): Promise<string[]> {
  const existing = await systems.existingIds([...ids]);
  return ids.filter((id) => !existing.has(id));
}
