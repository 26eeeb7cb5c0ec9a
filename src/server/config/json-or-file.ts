import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * A setting given as JSON in the variable itself, or as the path of a file holding that JSON (so
 * secrets need not sit in the environment). The text is taken as JSON when it starts with `opening`
 * ("[" for a list, "{" for an object); otherwise it names a file. `shape` describes the expected
 * JSON in the error message.
 */
export function jsonOrFile(opening: '[' | '{', shape: string) {
  return z.string().transform((text, ctx) => {
    let json = text.trim();
    if (!json.startsWith(opening)) {
      try {
        json = readFileSync(json, 'utf8');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `cannot read ${text}: ${(error as Error).message}` });
        return z.NEVER;
      }
    }
    try {
      return JSON.parse(json) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be ${shape} or the path of a file holding one` });
      return z.NEVER;
    }
  });
}
