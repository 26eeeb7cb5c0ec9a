import { z } from 'zod';
import { jsonOrFile } from './json-or-file.js';

/** Where one department's images go (issue 15, I3): a DICOMweb service that takes STOW-RS. */
export interface PacsTarget {
  /** The DICOMweb base URL (STOW-RS posts to `${url}/studies`), without a trailing slash. */
  url: string;
  /** HTTP basic authentication, when the PACS asks for it. */
  username?: string | undefined;
  password?: string | undefined;
  /** How long one send (one instance) may take before it counts as failed and is retried. */
  timeoutMs: number;
}

/** Department HSA id (its short name) → its PACS. A department not named has none. */
export type PacsTargets = Record<string, PacsTarget>;

const url = z
  .string()
  .regex(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/, 'url must be an http or https address without query or credentials (give username and password apart), such as https://pacs.sjukhuset.se/dicom-web')
  .transform((u) => u.replace(/\/+$/, ''));

const target = z
  .preprocess(
    // A bare URL is short for { url }.
    (value) => (typeof value === 'string' ? { url: value } : value),
    z.strictObject({
      url,
      username: z.string().min(1).max(200).optional(),
      password: z.string().min(1).max(500).optional(),
      timeoutSeconds: z.number().int().min(1).max(3600).optional(),
    }),
  )
  .superRefine((t, ctx) => {
    if ((t.username === undefined) !== (t.password === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'username and password go together (HTTP basic authentication)' });
    }
  })
  .transform(
    (t): PacsTarget => ({
      url: t.url,
      ...(t.username !== undefined ? { username: t.username, password: t.password } : {}),
      timeoutMs: (t.timeoutSeconds ?? 300) * 1000,
    }),
  );

/**
 * KASUS_PACS: a JSON object from department HSA id to its PACS — a DICOMweb base URL, or
 * `{ url, username?, password?, timeoutSeconds? }` — or the path of a file holding that JSON (keep
 * passwords out of the environment). Unset: no department sends to a PACS.
 */
export const pacsTargets = jsonOrFile('{', 'a JSON object { "<department HSA id>": "<DICOMweb URL>" | { url, username?, password?, timeoutSeconds? } }')
  .pipe(z.record(z.string().min(1).max(64), target));
