import { Command } from 'commander';
import { CliContext, CliError, ExitCode } from './cli-context';
import { addCommonOptions, CommonOptions } from './common-options';
import { loadRepo } from './definitions';
import { buildWorkflow } from '../build/build-workflow';

const EXAMPLES = '  $ gitops-synth workflow api-service > ../api-service/.github/workflows/build.yml';

/** `gitops-synth workflow <service>`: prints the service's build workflow, for its own repository. */
export function workflowCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('workflow')
    .description('print the GitHub Actions build workflow of a service (build, Trivy scan, push to ECR with OIDC, deploy-image of this repository), to copy into the service\'s repository')
    .argument('<service>', 'service name, as defined, with a source'))
    .addHelpText('after', `\nExamples:\n${EXAMPLES}`)
    .action((service: string, options: CommonOptions) => {
      const repo = loadRepo(ctx, options.definitions);
      let text: string;
      try {
        text = buildWorkflow(repo, service);
      } catch (e) {
        throw new CliError(`gitops-synth workflow: ${(e as Error).message}`);
      }
      ctx.stdout(text);
      setExit(ExitCode.OK);
    });
}
