import * as fs from 'fs';
import * as path from 'path';
import { createJiti } from 'jiti';
import { CliContext, CliError, ExitCode } from './cli-context';
import type { DefineRepo } from '../repo/define-repo';
import { GitOpsRepo } from '../repo/gitops-repo';

/** The package.json field that configures the command. */
export const CONFIG_FIELD = 'gitops-synth';

/** The `gitops-synth` field of a project's package.json. */
export interface ProjectConfig {
  /**
   * The definitions entry, relative to the project folder: a TypeScript or JavaScript module that
   * exports `defineRepo` (see `DefineRepo`). TypeScript is loaded as it is, without a compile step.
   */
  readonly definitions: string;
}

const CONFIG_KEYS: ReadonlySet<string> = new Set<keyof ProjectConfig>(['definitions']);

const HOW_TO_CONFIGURE = `add "${CONFIG_FIELD}": { "definitions": "src/gitops.ts" } to package.json, pass --definitions <file>, or start a project with gitops-synth init`;

/**
 * The definitions entry the command uses, absolute: `--definitions` when given, else the
 * `gitops-synth.definitions` field of package.json in `ctx.cwd`. Relative paths resolve against `ctx.cwd`;
 * nothing else is searched and nothing bundled is used instead.
 */
export function definitionsEntry(ctx: CliContext, override?: string): { readonly file: string; readonly shown: string } {
  if (override !== undefined) return existing(ctx, override, `--definitions ${override}`);
  const config = readProjectConfig(ctx.cwd);
  return existing(ctx, config.definitions, `package.json "${CONFIG_FIELD}".definitions`);
}

/** Reads and checks the `gitops-synth` field of `dir`/package.json; a missing or malformed one is a CliError with the fix. */
export function readProjectConfig(dir: string): ProjectConfig {
  const file = path.join(dir, 'package.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`gitops-synth: no definitions configured: ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) (fix: run the command in the project folder, or ${HOW_TO_CONFIGURE})`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    throw new CliError(`gitops-synth: ${file} is not valid JSON: ${(e as Error).message} (fix: correct the JSON syntax)`);
  }
  const config = isObject(manifest) ? manifest[CONFIG_FIELD] : undefined;
  if (config === undefined) {
    throw new CliError(`gitops-synth: no definitions configured: package.json has no "${CONFIG_FIELD}" field (fix: ${HOW_TO_CONFIGURE})`);
  }
  const problems: string[] = [];
  if (!isObject(config)) {
    problems.push(`"${CONFIG_FIELD}" is ${JSON.stringify(config)}, not an object`);
  } else {
    for (const key of Object.keys(config).sort()) {
      if (!CONFIG_KEYS.has(key)) problems.push(`"${CONFIG_FIELD}".${key} is not a setting (settings: ${[...CONFIG_KEYS].join(', ')})`);
    }
    const definitions = config.definitions;
    if (typeof definitions !== 'string' || definitions.trim() === '') {
      problems.push(`"${CONFIG_FIELD}".definitions is ${JSON.stringify(definitions) ?? 'missing'}, not the path of the definitions module`);
    }
  }
  if (problems.length > 0) {
    throw new CliError(`gitops-synth: package.json: ${problems.join('; ')} (fix: write "${CONFIG_FIELD}": { "definitions": "src/gitops.ts" })`);
  }
  return { definitions: (config as { definitions: string }).definitions };
}

/**
 * Loads the definitions entry and builds the repository model with `defineRepo({ rootDir: ctx.cwd })`.
 * Every failure (no configuration, a missing file, a module that does not load, a throwing
 * `defineRepo`) is a CliError that names the entry and the fix.
 *
 * @param override the `--definitions` option, if given
 */
export function loadRepo(ctx: CliContext, override?: string): GitOpsRepo {
  const entry = definitionsEntry(ctx, override);
  let loaded: unknown;
  try {
    loaded = (ctx.loadModule ?? loadWithJiti)(entry.file);
  } catch (e) {
    throw new CliError(`gitops-synth: cannot load the definitions ${entry.shown}: ${(e as Error).message} (fix: correct the module; npm test type-checks it)`, ExitCode.USAGE, e);
  }
  const defineRepo = defineRepoOf(loaded);
  if (!defineRepo) {
    throw new CliError(`gitops-synth: the definitions ${entry.shown} export no defineRepo function (fix: export const defineRepo: DefineRepo = ({ rootDir }) => { …; return repo; })`);
  }
  let repo: unknown;
  try {
    repo = defineRepo({ rootDir: ctx.cwd });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`gitops-synth: the definitions ${entry.shown} failed${thrownAt(ctx, e)}: ${(e as Error).message} (run with --verbose for the stack trace)`, ExitCode.USAGE, e);
  }
  if (!(repo instanceof GitOpsRepo)) {
    const what = repo !== null && typeof repo === 'object' && repo.constructor.name === GitOpsRepo.name
      ? 'a GitOpsRepo of another copy of gitops-synth'
      : describe(repo);
    throw new CliError(`gitops-synth: defineRepo in ${entry.shown} returned ${what}, not a GitOpsRepo of this gitops-synth (fix: return the repository, and run the project's own gitops-synth: npx gitops-synth)`);
  }
  return repo;
}

/** The entry as an absolute path; a missing file is a CliError naming where the path came from. */
function existing(ctx: CliContext, file: string, source: string): { file: string; shown: string } {
  const absolute = path.resolve(ctx.cwd, file);
  if (!fs.existsSync(absolute)) {
    throw new CliError(`gitops-synth: the definitions ${file} (${source}) do not exist in ${ctx.cwd} (fix: point ${source.startsWith('--') ? '--definitions' : `package.json "${CONFIG_FIELD}".definitions`} at the module that exports defineRepo)`);
  }
  return { file: absolute, shown: file };
}

/**
 * Where the project's own code threw `error`, e.g. ` at src/gitops.ts:12:9`: the first frame of its
 * stack in the project folder and outside node_modules; empty when there is none.
 */
function thrownAt(ctx: CliContext, error: unknown): string {
  // Not `instanceof Error`: the definitions may run in another realm (a test runner's sandbox).
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== 'string') return '';
  for (const match of stack.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^()\s]*?):(\d+):(\d+)\)?$/gm)) {
    const rel = path.relative(ctx.cwd, match[1]);
    if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).includes('node_modules')) continue;
    return ` at ${rel.split(path.sep).join('/')}:${match[2]}:${match[3]}`;
  }
  return '';
}

function defineRepoOf(loaded: unknown): DefineRepo | undefined {
  if (!isObject(loaded) && typeof loaded !== 'function') return undefined;
  const named = (loaded as { defineRepo?: unknown }).defineRepo;
  if (typeof named === 'function') return named as DefineRepo;
  const fallback = (loaded as { default?: unknown }).default;
  if (typeof fallback === 'function') return fallback as DefineRepo;
  return undefined;
}

let jiti: ReturnType<typeof createJiti> | undefined;

/**
 * Loads TypeScript or JavaScript through jiti, sharing Node's module cache so that the definitions'
 * `import … from 'gitops-synth'` is the very module the command runs. No transform cache is written:
 * commands that only read (`--check`, `diff`) create nothing on disk.
 */
function loadWithJiti(file: string): unknown {
  jiti ??= createJiti(__filename, { fsCache: false, moduleCache: true, interopDefault: false });
  return jiti(file);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no prototype'})`;
  return `a ${typeof value}`;
}
