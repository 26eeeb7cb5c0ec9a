import { ADMIN_USERNAME } from './bootstrap/bootstrap.js';
import { DEMO_PASSWORD } from './bootstrap/demo-data.js';
import type { Config } from './config/config.js';

export interface WelcomeFacts {
  url: string;
  database: string;
  dataDir: string;
  /** Where background jobs run: in this process, or only in `kasus worker` processes. */
  jobs?: string;
  /** How the audit log's checkpoints are signed, when a key exists. */
  checkpoints: string | null;
  /** The administrator's password when it was generated at this start (shown once). */
  generatedAdminPassword: string | null;
  demoAccounts: readonly { username: string; may: string }[];
  requestLog: Config['requestLog'];
}

const REQUEST_LOG: Record<Config['requestLog'], string> = {
  off: 'Requests are not logged, errors are (KASUS_REQUEST_LOG=compact logs one line per request).',
  compact: 'One line per request below (KASUS_REQUEST_LOG=off for none); errors always.',
  json: 'Requests are logged as JSON (KASUS_REQUEST_LOG=json).',
};

/**
 * What `kasus serve` prints once it listens, as the last thing of the start: where to open Kasus,
 * who can log in and what each demo account may do.
 */
export function welcomeText(facts: WelcomeFacts): string {
  const lines = ['', `Kasus is ready: open ${facts.url}`, ''];
  lines.push(`  Database:        ${facts.database}`, `  Data directory:  ${facts.dataDir}`);
  if (facts.jobs) lines.push(`  Jobs:            ${facts.jobs}`);
  if (facts.checkpoints) lines.push(`  Audit log:       checkpoints ${facts.checkpoints}`);
  lines.push('');
  if (facts.generatedAdminPassword) {
    lines.push(`Administrator: user "${ADMIN_USERNAME}", password "${facts.generatedAdminPassword}"`,
      '  The password is shown only this once: change it after logging in, or set KASUS_ADMIN_PASSWORD before the first start.');
  } else {
    lines.push(`Administrator: user "${ADMIN_USERNAME}" (every right; password as set at the first start).`);
  }
  if (facts.demoAccounts.length > 0) {
    const width = Math.max(...facts.demoAccounts.map((a) => a.username.length));
    lines.push('', `Demo users, password "${DEMO_PASSWORD}":`);
    for (const account of facts.demoAccounts) lines.push(`  ${account.username.padEnd(width)}  ${account.may}`);
    lines.push('  Demo data is for trying Kasus out: KASUS_DEMO_DATA=false before the first start for real use.');
  }
  lines.push('', REQUEST_LOG[facts.requestLog], 'Stop with Ctrl+C.', '');
  return lines.join('\n');
}
