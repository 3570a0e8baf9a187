#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliContext, CliError, ExitCode } from './cli-context';
import { diffCommand } from './diff-command';
import { initCommand } from './init-command';
import { packageInfo } from './package-info';
import { promoteCommand } from './promote-command';
import { renderCommand } from './render-command';
import { setImageCommand } from './set-image-command';
import { synthCommand } from './synth-command';
import { workflowCommand } from './workflow-command';
import { SynthError } from '../core/problem';

const EXAMPLES = `
Examples:
  $ gitops-synth init my-gitops --repo-url https://github.com/acme/gitops.git
  $ gitops-synth synth --check
  $ gitops-synth set-image api-service staging sha-4f2a9c1
  $ gitops-synth promote api-service --from staging --to production
  $ gitops-synth diff --base origin/main --format markdown
  $ gitops-synth render api-service production
  $ gitops-synth workflow api-service > ../api-service/.github/workflows/build.yml

Exit codes: 0 success, 1 a finding (drift, or differences with diff --exit-code), 2 bad usage or bad input,
3 an internal error (a bug in gitops-synth: it prints one line; add --verbose for the stack trace).`;

/** The `gitops-synth` program, writing through `ctx`. */
export function buildProgram(ctx: CliContext, setExit: (code: number) => void): Command {
  const program = new Command('gitops-synth')
    .description('Synthesize, check and update the Argo CD GitOps tree from TypeScript definitions.')
    .version(packageInfo().version, '-V, --version', 'print the version of gitops-synth')
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr })
    .showHelpAfterError()
    .addHelpText('after', EXAMPLES);
  const builders = [initCommand, synthCommand, setImageCommand, promoteCommand, diffCommand, renderCommand, workflowCommand];
  const commands = builders.map((build) => build(ctx, setExit));
  for (const command of commands) {
    // Commands built on their own do not inherit the program's settings: copy them.
    command.exitOverride().configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr }).showHelpAfterError();
    program.addCommand(command);
  }
  return program;
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code:
 * 0 success, 1 a finding, 2 bad usage or input, 3 an internal error. Nothing is printed to the
 * process directly.
 */
export function runCli(argv: readonly string[], ctx: CliContext): number {
  let code: number = ExitCode.OK;
  // --verbose may stand anywhere; it only decides whether unexpected errors show their stack.
  const verbose = argv.includes('--verbose');
  try {
    // Built inside the try: a failure to build it (e.g. no package.json for --version) is an internal error too.
    const program = buildProgram(ctx, (c) => { code = c; });
    const args = argv.filter((a) => a !== '--verbose');
    // `help <name>` of a command that does not exist says so, as `gitops-synth <name>` does.
    if (args[0] === 'help' && args.length === 2 && !program.commands.some((c) => c.name() === args[1])) args.shift();
    program.parse(args, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CliError) {
      ctx.stderr(e.message.endsWith('\n') ? e.message : e.message + '\n');
      // An error of the user's code (the definitions) behind the message: --verbose shows where it was thrown.
      const stack = (e.cause as { stack?: unknown } | undefined)?.stack;
      if (verbose && typeof stack === 'string') ctx.stderr(`${stack}\n`);
      return e.exitCode;
    }
    if (e instanceof SynthError) {
      ctx.stderr(e.message.endsWith('\n') ? e.message : e.message + '\n');
      return ExitCode.USAGE;
    }
    if (e instanceof CommanderError) {
      // Help and the version (--help, help, help <command>, --version) end with exit code 0; every usage error with 1.
      return e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const error = e instanceof Error ? e : new Error(String(e));
    const message = error.message.split('\n')[0];
    ctx.stderr(verbose
      ? `gitops-synth: internal error: ${error.stack ?? message}\n`
      : `gitops-synth: internal error: ${message} (a bug in gitops-synth: run with --verbose for the stack trace and report it)\n`);
    return ExitCode.INTERNAL;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
}
