import { z } from 'zod';
import { migrationNames } from '../server/db/migrate.js';
import { OfflineCopyError } from './keys.js';
import { verifyMinisign, MinisignError, type MinisignPublicKey } from './minisign.js';

export const MANIFEST_FORMAT = 'kasus-offline-copy/1';

const partSchema = z.object({
  // Part names become file names: nothing but a plain name is accepted.
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/).refine((n) => !n.includes('..')),
  sequence: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
});

const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  schema: z.string(),
  workstationId: z.string().min(1),
  workstationName: z.string(),
  departmentIds: z.array(z.string()),
  sequence: z.number().int().positive(),
  snapshotAt: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
  full: z.boolean(),
  base: z.number().int().nonnegative(),
  parts: z.array(partSchema),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestPart = z.infer<typeof partSchema>;

/**
 * Checks a manifest as received: the minisign signature over its exact bytes with the pinned key,
 * that the signed trusted comment names the same workstation and sequence, the format, and that
 * this Kasus knows the schema it was written in. Throws OfflineCopyError with a one-line reason.
 */
export function verifyManifest(text: string, signature: string, key: MinisignPublicKey): Manifest {
  let trustedComment: string;
  try {
    ({ trustedComment } = verifyMinisign(Buffer.from(text, 'utf8'), signature, key));
  } catch (error) {
    if (error instanceof MinisignError) throw new OfflineCopyError(`Refused: bad manifest signature (${error.message})`);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OfflineCopyError('Refused: the manifest is not JSON.');
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const format = (parsed as { format?: unknown } | null)?.format;
    if (format !== undefined && format !== MANIFEST_FORMAT) throw new OfflineCopyError(`Refused: unknown manifest format ${JSON.stringify(format)}; update Kasus on the workstation.`);
    throw new OfflineCopyError(`Refused: the manifest is malformed (${result.error.issues[0]?.path.join('.') || 'root'}).`);
  }
  const manifest = result.data;
  const comment = Object.fromEntries(trustedComment.split(' ').map((p) => [p.slice(0, p.indexOf(':')), p.slice(p.indexOf(':') + 1)]));
  if (comment.workstation !== manifest.workstationId || comment.sequence !== String(manifest.sequence)) {
    throw new OfflineCopyError('Refused: the signed comment does not match the manifest (workstation or sequence).');
  }
  if (!migrationNames().includes(manifest.schema)) {
    throw new OfflineCopyError(`Refused: the copy is in schema ${manifest.schema}, which this Kasus does not know; update Kasus on the workstation.`);
  }
  return manifest;
}
