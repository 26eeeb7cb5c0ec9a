#!/usr/bin/env node
// `npm start`: builds the server and the web app, saying what it does while it does it, then runs
// `kasus serve`, whose welcome (address, accounts) is the last thing printed once it listens.
import { spawn, spawnSync } from 'node:child_process';

const steps = [
  ['Compiling the server (TypeScript)', 'npm', ['run', '--silent', 'build:server']],
  ['Building the web app (vite)', 'npm', ['run', '--silent', 'build:web']],
];

console.log('Building Kasus: this takes about a minute the first time, a few seconds after that.');
for (const [i, [what, command, args]] of steps.entries()) {
  console.log(`[${i + 1}/${steps.length + 1}] ${what} …`);
  const started = Date.now(); // wall time: how long the step took
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${what} failed (exit code ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`      done in ${Math.round((Date.now() - started) / 1000)} s`);
}
console.log(`[${steps.length + 1}/${steps.length + 1}] Starting the server: migrating the database and, on the first start, loading demo data …`);

const server = spawn(process.execPath, ['dist/server/cli.js', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
