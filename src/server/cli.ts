#!/usr/bin/env node
// The `kasus` command. The commands live in cli-program.ts, where tests can run them in-process (runCli).
import { processIo } from './cli-io.js';
import { execute } from './cli-program.js';

void execute(process.argv.slice(2), processIo).then((code) => {
  // A refusal ends the process at once, as before (a server's database pool would keep it alive);
  // commands that set process.exitCode themselves (import, backup) end normally with it.
  if (code !== 0) process.exit(code);
});
