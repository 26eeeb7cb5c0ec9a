/** Where a `kasus` command reads its environment and standard input from and writes its output to. */
export interface CliIo {
  /** The environment the configuration is read from (KASUS_*). */
  env: NodeJS.ProcessEnv;
  /** Standard input (`create-admin --password-stdin`). */
  stdin: AsyncIterable<Buffer | string>;
  write(text: string): void;
  writeError(text: string): void;
}

/** The real process: its environment, standard input, standard output and standard error. */
export const processIo: CliIo = {
  env: process.env,
  // A getter: touching process.stdin opens it, which no command but create-admin needs.
  get stdin() {
    return process.stdin;
  },
  write: (text) => void process.stdout.write(text),
  writeError: (text) => void process.stderr.write(text),
};

/**
 * Ends a command with this exit code once its message is printed. Thrown, not process.exit(): a
 * command run in-process (runCli, in tests) must not end the process it runs in.
 */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
