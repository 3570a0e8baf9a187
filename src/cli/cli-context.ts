import * as path from 'path';
import type { GitOpsRepo } from '../repo/gitops-repo';

/** Where a command runs and writes its output; the real process, or a test's capture. */
export interface CliContext {
  /** The directory relative paths (and the default definitions' root) resolve against. */
  readonly cwd: string;
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
}

/** Exit codes of every command. */
export const ExitCode = {
  /** Done, nothing to report. */
  OK: 0,
  /** A finding: the tree drifted from the definitions. */
  FINDING: 1,
  /** Bad usage or bad input (unknown service, invalid tag, failing checks, lock held). */
  USAGE: 2,
} as const;

/** An error that ends a command with a message on stderr and an exit code. */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode: number = ExitCode.USAGE) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * The definitions module used when `--definitions` is not given: this package's own
 * `src/apps` (compiled to `lib/src/apps/index.js`).
 */
export const DEFAULT_DEFINITIONS = path.resolve(__dirname, '..', 'apps');

/** What a definitions module exports. */
export interface DefinitionsModule {
  /** Builds the repository; `rootDir` is where the releases file and the output folder are. */
  defineRepo(options: { rootDir: string }): GitOpsRepo;
}

/**
 * Loads a definitions module and builds the repository model.
 *
 * @param module a path (relative to `ctx.cwd`) or package name of a CommonJS module exporting
 *   `defineRepo({ rootDir })`; default {@link DEFAULT_DEFINITIONS}
 */
export function loadRepo(ctx: CliContext, module?: string): GitOpsRepo {
  const target = module === undefined ? DEFAULT_DEFINITIONS : module.startsWith('.') || path.isAbsolute(module) ? path.resolve(ctx.cwd, module) : module;
  let loaded: Partial<DefinitionsModule>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(require.resolve(target, { paths: [ctx.cwd] })) as Partial<DefinitionsModule>;
  } catch (e) {
    throw new CliError(`gitops-synth: cannot load definitions module ${module ?? target}: ${(e as Error).message.split('\n')[0]} (fix: build it first with npx tsc --build, or pass --definitions <module>)`);
  }
  if (typeof loaded.defineRepo !== 'function') {
    throw new CliError(`gitops-synth: definitions module ${module ?? target} does not export defineRepo (fix: export function defineRepo({ rootDir }): GitOpsRepo)`);
  }
  return loaded.defineRepo({ rootDir: ctx.cwd });
}
