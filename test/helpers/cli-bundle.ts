import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The CLI bundled into one file with esbuild (only native addons and the lazily loaded AWS SDK left
 * outside), built once per run by test/helpers/global-setup.ts for every test that starts `kasus` as
 * a child process. Measured on this 2-core machine, `tsx src/server/cli.ts serve` took about 5.5 s
 * of CPU to answer its health check, the CLI bundled with its packages left external 2.6 s, and
 * this whole bundle 2.0 s (Node 20 has no compile cache). src/server/cli-serve.int.test.ts still
 * starts the source under tsx, as `npm start` does. The bundle lives three directories below the
 * project root, as src/server/http/app.ts does, so that paths made from import.meta.url (the web
 * build) and package lookups resolve alike.
 */
export async function bundleCli(name: string): Promise<{ entry: string; remove(): void }> {
  const dir = path.join(ROOT, 'node_modules/.cache/kasus-cli');
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, `cli-${name}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, 'src/server/cli.ts')],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'sharp', 'argon2', 'pg-native', '@aws-sdk/*'],
    // Packages written as CommonJS call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __kasusRequire } from 'node:module'; const require = __kasusRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return { entry, remove: () => rmSync(entry, { force: true }) };
}
