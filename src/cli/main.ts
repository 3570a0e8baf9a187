#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliContext, CliError, ExitCode } from './cli-context';
import { diffCommand } from './diff-command';
import { promoteCommand } from './promote-command';
import { setImageCommand } from './set-image-command';
import { synthCommand } from './synth-command';

const EXAMPLES = `
Examples:
  $ gitops-synth synth --check
  $ gitops-synth set-image api-service staging sha-4f2a9c1
  $ gitops-synth promote api-service --from staging --to production
  $ gitops-synth diff --base origin/main --format markdown

Exit codes: 0 success, 1 a finding (drift, or differences with diff --exit-code), 2 bad usage or bad input.
Unexpected errors print one line; add --verbose for the stack trace.`;

/** The `gitops-synth` program, writing through `ctx`. */
export function buildProgram(ctx: CliContext, setExit: (code: number) => void): Command {
  const program = new Command('gitops-synth')
    .description('Synthesize, check and update the Argo CD GitOps tree from TypeScript definitions.')
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr })
    .showHelpAfterError()
    .addHelpText('after', EXAMPLES);
  for (const command of [synthCommand(ctx, setExit), setImageCommand(ctx, setExit), promoteCommand(ctx, setExit), diffCommand(ctx, setExit)]) {
    // Commands built on their own do not inherit the program's settings: copy them.
    command.exitOverride().configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr }).showHelpAfterError();
    program.addCommand(command);
  }
  return program;
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code:
 * 0 success, 1 a finding, 2 bad usage or input. Nothing is printed to the process directly.
 */
export function runCli(argv: readonly string[], ctx: CliContext): number {
  let code: number = ExitCode.OK;
  const program = buildProgram(ctx, (c) => { code = c; });
  // --verbose may stand anywhere; it only decides whether unexpected errors show their stack.
  const verbose = argv.includes('--verbose');
  try {
    program.parse(argv.filter((a) => a !== '--verbose'), { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CliError) {
      ctx.stderr(e.message.endsWith('\n') ? e.message : e.message + '\n');
      return e.exitCode;
    }
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? ExitCode.OK : ExitCode.USAGE;
    }
    const error = e as Error;
    ctx.stderr(verbose ? `${error.stack ?? error.message}\n` : `gitops-synth: ${error.message} (run with --verbose for the stack trace)\n`);
    return ExitCode.USAGE;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
}
