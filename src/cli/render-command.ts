import { Command } from 'commander';
import { CliContext, ExitCode } from './cli-context';
import { CommonOptions, failOnProblems, outdirOf, withStandardOptions } from './common-options';
import { loadRepo } from './definitions';
import { readFiles } from '../output/read-files';
import { preservedImagePaths } from '../repo/preserve-images';
import { formatRendered, renderEnvironment } from '../synth/render';

const EXAMPLES = `  $ gitops-synth render api-service production            every object api-service runs in production, as YAML
  $ gitops-synth render api-service staging > staging.yaml  … saved, e.g. to compare with kubectl kustomize`;

/** `gitops-synth render <service> <env>`. */
export function renderCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return withStandardOptions(new Command('render')
    .description('print every object of a service in one environment, as the cluster receives it (what kubectl kustomize builds from its overlay), without running kustomize')
    .argument('<service>', 'the service')
    .argument('<env>', 'the environment'), { writes: false, examples: EXAMPLES })
    .action((service: string, env: string, options: CommonOptions) => setExit(runRender(ctx, service, env, options)));
}

/** Runs `render`; returns the exit code. */
export function runRender(ctx: CliContext, service: string, env: string, options: CommonOptions): number {
  const repo = loadRepo(ctx, options.definitions);
  // Only preserve mode reads the tree: it takes the image of the existing overlay. The files that show
  // a pending overlay is deployed matter to a synth (which must not undeploy it), not to a render.
  const preserved = preservedImagePaths(repo);
  const existing = preserved.length > 0 ? readFiles(outdirOf(ctx, repo, options), preserved) : undefined;
  const objects = failOnProblems(() => renderEnvironment(repo, service, env, { existing }));
  ctx.stdout(formatRendered(objects));
  return ExitCode.OK;
}
