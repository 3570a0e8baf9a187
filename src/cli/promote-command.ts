import { Command } from 'commander';
import { CliContext, CliError } from './cli-context';
import { withStandardOptions, WriteOptions } from './common-options';
import { loadRepo } from './definitions';
import { updateImage } from './set-image-command';

interface PromoteOptions extends WriteOptions {
  readonly from: string;
  readonly to: string;
}

const EXAMPLES = `  $ gitops-synth promote api-service --from staging --to production
  $ gitops-synth promote api-service --from staging --to production && git commit -am "api-service: promote to production"`;

/** `gitops-synth promote <service> --from <env> --to <env>`. */
export function promoteCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return withStandardOptions(new Command('promote')
    .description('copy the image tag or digest of a service from one environment to another (like set-image)')
    .argument('<service>', 'service name, as defined')
    .requiredOption('--from <env>', 'environment to copy the image version from')
    .requiredOption('--to <env>', 'environment to deploy it to'), { writes: true, examples: EXAMPLES })
    .action((service: string, options: PromoteOptions) => setExit(runPromote(ctx, service, options)));
}

/** Runs `promote`; returns the exit code. */
export function runPromote(ctx: CliContext, service: string, options: PromoteOptions): number {
  const repo = loadRepo(ctx, options.definitions);
  if (options.from === options.to) {
    throw new CliError(`gitops-synth promote: --from and --to are both ${JSON.stringify(options.from)} (fix: name two different environments)`);
  }
  const version = repo.releases.versionOf(service, options.from);
  if (!version) {
    const known = repo.services.some((s) => s.name === service);
    throw new CliError(known
      ? `gitops-synth promote: service ${JSON.stringify(service)} has no image version in environment ${JSON.stringify(options.from)} (fix: set one first with gitops-synth set-image ${service} ${options.from} <tag>)`
      : `gitops-synth promote: service ${JSON.stringify(service)} is not defined (defined: ${repo.services.map((s) => s.name).join(', ') || 'none'})`);
  }
  return updateImage(ctx, { service, env: options.to, version: version.value, note: `(promoted from ${options.from})`, command: 'promote' }, options);
}
