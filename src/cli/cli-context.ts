/** Where a command runs and writes its output; the real process, or a test's capture. */
export interface CliContext {
  /** The project folder: package.json, relative paths and the definitions' `rootDir`. */
  readonly cwd: string;
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /**
   * Loads the definitions module (an absolute path) and returns its exports.
   * @default - jiti: TypeScript or JavaScript, loaded as it is, without a compile step
   */
  readonly loadModule?: (file: string) => unknown;
}

/** Exit codes of every command. */
export const ExitCode = {
  /** Done, nothing to report. */
  OK: 0,
  /** A finding: the tree drifted from the definitions. */
  FINDING: 1,
  /** Bad usage or bad input (unknown service, invalid tag, failing checks, lock held). */
  USAGE: 2,
  /**
   * An internal error: a bug in gitops-synth rather than a problem of the input, kept apart from 2
   * so that CI can tell "fix your change" from "report this".
   */
  INTERNAL: 3,
} as const;

/** An error that ends a command with a message on stderr and an exit code. */
export class CliError extends Error {
  /**
   * @param cause the error behind the message, e.g. one thrown by the definitions; `--verbose` prints its stack
   */
  constructor(message: string, public readonly exitCode: number = ExitCode.USAGE, public readonly cause?: unknown) {
    super(message);
    this.name = 'CliError';
  }
}
