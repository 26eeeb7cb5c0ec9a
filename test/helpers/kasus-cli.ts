import { inject } from 'vitest';

/**
 * The run's bundled CLI (test/helpers/cli-bundle.ts, built once by the global setup):
 * `spawn(process.execPath, [kasusCli(), 'serve', …])` starts `kasus serve`.
 */
export function kasusCli(): string {
  return inject('kasusCli');
}
