import { Command } from 'commander';
import { CliContext, CliError, ExitCode, loadRepo } from './cli-context';
import { display, outdirOf, schemasOf, synthesizeAllOrFail, synthOrFail, withLock, withStandardOptions, WriteOptions } from './common-options';
import { SynthError } from '../synth/problem';
import { summarize, synthesizeTerraform } from '../synth/synthesize';
import { Drift, detectDrift } from '../synth/tree-drift';

interface SynthCommandOptions extends WriteOptions {
  readonly check?: boolean;
  readonly schemas?: string;
}

const EXAMPLES = `  $ gitops-synth synth                          write the tree into dist/
  $ gitops-synth synth --check                  CI gate: exit 1 when dist/ differs from the definitions
  $ gitops-synth synth --out ../gitops-repo     write into a checkout of a separate GitOps repository
  $ gitops-synth synth --schemas ./schemas      also validate every object against the cluster's schemas`;

/** `gitops-synth synth [--check] [--out DIR]`. */
export function synthCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return withStandardOptions(new Command('synth')
    .description('synthesize the GitOps tree from the definitions (or, with --check, verify the committed tree matches them)')
    .option('--check', 'write nothing; exit 1 listing each file that is stale, missing, hand-edited or unexpected')
    .option('--schemas <dir>', 'validate every object against the Kubernetes definitions (*.json) and CRDs (*.yaml) under DIR before writing'),
  { writes: true, examples: EXAMPLES })
    .action((options: SynthCommandOptions) => setExit(runSynth(ctx, options)));
}

/** Runs `synth`; returns the exit code. */
export function runSynth(ctx: CliContext, options: SynthCommandOptions): number {
  const repo = loadRepo(ctx, options.definitions);
  const outdir = outdirOf(ctx, repo, options);
  const shown = display(ctx, outdir);
  const schemas = schemasOf(ctx, options.schemas);
  if (options.check) {
    const synthesized = synthesizeAllOrFail(repo, outdir, schemas);
    const files = synthesized.files;
    const terraform = synthesized.terraform && synthesizeTerraform(repo, outdir, synthesized.terraform);
    const outputs = [{ dir: outdir, files }, ...(terraform ? [{ dir: terraform.outdir, files: terraform.files }] : [])];
    const reports: string[] = [];
    for (const output of outputs) {
      let drifts: Drift[];
      try {
        drifts = detectDrift(output.dir, output.files);
      } catch (e) {
        if (e instanceof SynthError) throw new CliError(e.message);
        throw e;
      }
      if (drifts.length > 0) reports.push(formatDrift(display(ctx, output.dir), drifts));
    }
    if (reports.length === 0) {
      ctx.stdout(`gitops-synth: ${shown} is up to date (${files.length} files)\n`);
      return ExitCode.OK;
    }
    ctx.stderr(reports.join(''));
    return ExitCode.FINDING;
  }
  return withLock(outdir, options, 'synth', () => {
    // Rebuilt under the lock: a concurrent set-image may have changed the releases meanwhile.
    const fresh = loadRepo(ctx, options.definitions);
    const result = synthOrFail(fresh, outdir, schemas);
    const terraform = result.terraform && { ...result.terraform, outdir: display(ctx, result.terraform.outdir) };
    ctx.stdout(summarize({ ...result, outdir: shown, terraform }) + (schemas ? ` (schema-valid against ${options.schemas})` : '') + '\n');
    return ExitCode.OK;
  });
}

const FIXES: Record<Drift['kind'], string> = {
  'stale': 'run gitops-synth synth and commit the result',
  'missing': 'run gitops-synth synth and commit the result',
  'hand-edited': 'make the change in the definitions instead, then run gitops-synth synth',
  'unexpected': 'remove the file, or generate it from the definitions',
};

/** The drift report: one line per file, then one fix per kind found. */
export function formatDrift(outdir: string, drifts: readonly Drift[]): string {
  const width = Math.max(...drifts.map((d) => d.kind.length));
  const lines = [`gitops-synth: ${outdir} differs from the definitions (${drifts.length} file${drifts.length === 1 ? '' : 's'}):`];
  for (const d of drifts) lines.push(`  ${d.kind.padEnd(width)}  ${outdir}/${d.path}`);
  for (const kind of [...new Set(drifts.map((d) => d.kind))].sort()) lines.push(`fix (${kind}): ${FIXES[kind]}`);
  return lines.join('\n') + '\n';
}
