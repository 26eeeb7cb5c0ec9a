import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Write to a hidden sibling and rename into place, so `outPath` only ever holds a complete output and a failed or
 * aborted step leaves nothing behind.
 */
export async function writeAtomically<T>(outPath: string, write: (tmpPath: string) => Promise<T>): Promise<T> {
  const tmp = join(dirname(outPath), `.${basename(outPath)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    const result = await write(tmp);
    await rename(tmp, outPath);
    return result;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
