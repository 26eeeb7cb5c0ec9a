import type { UsersRepository } from './users-repository.js';

/**
 * The account lookups the auth module needs to log a user in and build the session's actor. The
 * users repository implements them; src/server/services.ts injects it, so auth never imports the
 * repository itself.
 */
export type UserLookup = Pick<UsersRepository, 'find' | 'findByUsername' | 'grantDetails'>;
