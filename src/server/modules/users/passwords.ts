import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 iterations) is the floor; these are above it.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 3, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, OPTIONS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('kasus-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}
