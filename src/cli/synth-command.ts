import { Command } from 'commander';
import { CheckedOutput, checkReportJson, formatCheckReport } from './check-report';
import { CliContext, CliError, ExitCode } from './cli-context';
import { display, existingFiles, failOnProblems, outdirOf, schemasOf, shownWrites, terraformOutdirOf, withLock, withStandardOptions, WriteOptions } from './common-options';
import { loadRepo } from './definitions';
import { SynthError } from '../core/problem';
import { detectDrift } from '../output/tree-drift';
import { formatPending } from '../repo/pending-overlays';
import { summarize, synth, synthesize } from '../synth/synthesize';

interface SynthCommandOptions extends WriteOptions {
  readonly check?: boolean;
  readonly json?: boolean;
  /** A folder of schema files, or `true` (the option without a value) for the packaged schemas. */
  readonly schemas?: string | true;
}

const EXAMPLES = `  $ gitops-synth synth                          write the tree into dist/
  $ gitops-synth synth --check                  CI gate: exit 1 when dist/ or cdktf.out/ differs from the definitions
  $ gitops-synth synth --check --json           the same, as JSON for CI
  $ gitops-synth synth --out ../gitops-repo     write into a checkout of a separate GitOps repository
  $ gitops-synth synth --schemas                also validate every object against the packaged schemas
  $ gitops-synth synth --schemas ./schemas      … or against the cluster's own schema files`;

/** `gitops-synth synth [--check [--json]] [--out DIR]`. */
export function synthCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return withStandardOptions(new Command('synth')
    .description('synthesize the GitOps tree from the definitions (or, with --check, verify the committed tree matches them)')
    .option('--check', 'write nothing; exit 1 listing each file that is stale, missing, hand-edited or unexpected')
    .option('--json', 'with --check: print the outcome as JSON (schema version 1, see the README)')
    .option('--schemas [dir]', 'validate every object before writing: against the schemas packaged with gitops-synth (Kubernetes, Argo CD, External Secrets, cert-manager), or the Kubernetes definitions (*.json) and CRDs (*.yaml) under DIR'),
  { writes: true, examples: EXAMPLES })
    .action((options: SynthCommandOptions) => setExit(runSynth(ctx, options)));
}

/** Runs `synth`; returns the exit code. */
export function runSynth(ctx: CliContext, options: SynthCommandOptions): number {
  if (options.json && !options.check) {
    throw new CliError('gitops-synth synth: --json reports the outcome of --check only (fix: add --check, or leave out --json)');
  }
  const repo = loadRepo(ctx, options.definitions);
  const outdir = outdirOf(ctx, repo, options);
  const schemas = schemasOf(ctx, options.schemas);
  if (options.check) {
    const terraformOutdir = terraformOutdirOf(ctx, repo, options);
    const { tree, terraform } = failOnProblems(() => synthesize(repo, { existing: existingFiles(repo, outdir), schemas, outdir, terraformOutdir }));
    const outputs = [
      { dir: tree.outdir, type: 'tree' as const, files: tree.files },
      ...(terraform ? [{ dir: terraform.outdir, type: 'terraform' as const, files: terraform.files }] : []),
    ];
    const checked: CheckedOutput[] = outputs.map((output) => {
      try {
        return { dir: display(ctx, output.dir), type: output.type, generated: output.files.length, drifts: detectDrift(output.dir, output.files) };
      } catch (e) {
        if (e instanceof SynthError) throw new CliError(e.message);
        throw e;
      }
    });
    // Findings go to stdout, like diff's: stderr is for errors, and CI may capture the report.
    ctx.stdout(options.json ? checkReportJson(checked) : formatCheckReport(checked));
    return checked.every((o) => o.drifts.length === 0) ? ExitCode.OK : ExitCode.FINDING;
  }
  return withLock(outdir, options, 'synth', () => {
    // A concurrent set-image may have changed the releases since they were read: then build them again, under the lock.
    const fresh = repo.releases.isCurrent() ? repo : loadRepo(ctx, options.definitions);
    const result = failOnProblems(() => synth(fresh, { outdir, terraformOutdir: terraformOutdirOf(ctx, fresh, options), schemas }));
    const writes = shownWrites(ctx, result);
    ctx.stdout(writes.lines.map((line) => line + '\n').join('')
      + summarize(writes.shown) + (schemas ? ` (schema-valid against ${options.schemas === true ? 'the packaged schemas' : options.schemas})` : '') + '\n'
      + result.pending.map((p) => formatPending(p) + '\n').join(''));
    return ExitCode.OK;
  });
}
