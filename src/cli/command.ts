/** Where a command writes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** A subcommand of the CLI. */
export interface Command {
  /** One line for the command list. */
  readonly summary: string;
  /** Its usage, shown by `--help` and after a usage error. */
  readonly usage: string;
  /** Runs the command; the exit code is 0 when all is well, 1 when a check fails (a server resolves when it has drained). */
  run(args: readonly string[], io: Io): number | Promise<number>;
}

/** Bad input (arguments, files, requests): one line on stderr and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes: 0 all is well, 1 a check failed, 2 bad input, 3 a bug. */
export const EXIT = { OK: 0, MISMATCH: 1, BAD_INPUT: 2, INTERNAL: 3 } as const;
