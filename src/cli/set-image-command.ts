import * as fs from 'fs';
import { Command } from 'commander';
import { CliContext, CliError, ExitCode } from './cli-context';
import { display, outdirOf, shownWrites, terraformOutdirOf, withLock, withStandardOptions, WriteOptions } from './common-options';
import { loadRepo } from './definitions';
import { ImageVersion } from '../context/image-version';
import { renderReleases } from '../context/releases';
import { formatProblems, SynthError } from '../core/problem';
import { shownValue } from '../core/shown-value';
import { atomicWrite } from '../output/atomic-write';
import { readIfExists } from '../output/read-files';
import { GitOpsRepo } from '../repo/gitops-repo';
import { formatPending } from '../repo/pending-overlays';
import { synth, SynthResult } from '../synth/synthesize';

const EXAMPLES = `  $ gitops-synth set-image api-service staging sha-4f2a9c1
  $ gitops-synth set-image api-service production sha256:<64 hex characters>
  $ gitops-synth set-image api-service staging "sha-$(git rev-parse --short HEAD)" && git commit -am "api-service staging: deploy" && git push`;

/** `gitops-synth set-image <service> <env> <tag-or-digest>`. */
export function setImageCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return withStandardOptions(new Command('set-image')
    .description('set the image tag or digest of a service in one environment: updates the releases file and re-synthesizes (only that overlay changes)')
    .argument('<service>', 'service name, as defined')
    .argument('<env>', 'environment the service has an overlay for')
    .argument('<tag-or-digest>', 'an immutable tag (e.g. sha-4f2a9c1; not latest) or a sha256: digest'), { writes: true, examples: EXAMPLES })
    .action((service: string, env: string, version: string, options: WriteOptions) => setExit(updateImage(ctx, { service, env, version }, options)));
}

/** One image update: what to set, and how to describe it. */
export interface ImageUpdate {
  readonly service: string;
  readonly env: string;
  readonly version: string;
  /** Appended to the summary line, e.g. `(promoted from staging)`. */
  readonly note?: string;
  /** Command name for messages and the lock file. */
  readonly command?: string;
}

/**
 * Validates and applies an image update: the releases file is rewritten (sorted keys, atomic), then
 * the tree is re-synthesized under the lock. When the synth fails the releases file is restored,
 * so nothing is left changed. Returns the exit code.
 */
export function updateImage(ctx: CliContext, update: ImageUpdate, options: WriteOptions): number {
  const command = update.command ?? 'set-image';
  const repo = loadRepo(ctx, options.definitions);
  const version = validate(repo, update, command);
  if (repo.preserveImages) {
    throw new CliError(`gitops-synth ${command}: the definitions keep the image versions found in the overlays (preserveImages: true), so the releases file does not decide what is deployed (fix: let the tool that writes the overlays, e.g. Argo CD Image Updater or Kargo, update the image, or turn preserveImages off)`);
  }
  const releasesFile = repo.releases.file;
  if (releasesFile === undefined) {
    throw new CliError(`gitops-synth ${command}: the definitions do not read their releases from a file (fix: pass releases: Releases.fromFile('<path>') to GitOpsRepo)`);
  }
  const outdir = outdirOf(ctx, repo, options);
  return withLock(outdir, options, command, () => {
    // Read again under the lock when another command changed the releases meanwhile, so that its updates are kept.
    const current = repo.releases.isCurrent() ? repo : loadRepo(ctx, options.definitions);
    if (current.releases.loadProblems.length > 0) throw new CliError(formatProblems(current.releases.loadProblems));
    const data = current.releases.toData();
    const previous = data[update.service]?.[update.env];
    data[update.service] = { ...data[update.service], [update.env]: version.value };
    const before = readIfExists(releasesFile);
    const after = renderReleases(data);
    if (before !== after) atomicWrite(releasesFile, after);
    let result: SynthResult;
    try {
      // Built from the releases just written, unless they are unchanged.
      const fresh = before === after ? current : loadRepo(ctx, options.definitions);
      result = synth(fresh, { outdir, terraformOutdir: terraformOutdirOf(ctx, fresh, options) });
    } catch (e) {
      if (before !== after) restore(releasesFile, before);
      if (e instanceof SynthError) throw new CliError(e.message);
      throw e;
    }
    const lines = [previous === version.value
      ? `${update.service} ${update.env}: already ${version.value}${update.note ? ` ${update.note}` : ''}`
      : `${update.service} ${update.env}: ${previous ?? '(none)'} → ${version.value}${update.note ? ` ${update.note}` : ''}`];
    if (before !== after) lines.push(`updated ${display(ctx, releasesFile)}`);
    const writes = shownWrites(ctx, result).lines;
    lines.push(...writes);
    if (before === after && writes.length === 0) lines.push('nothing changed');
    lines.push(...result.pending.map(formatPending));
    ctx.stdout(lines.join('\n') + '\n');
    return ExitCode.OK;
  });
}

function validate(repo: GitOpsRepo, update: ImageUpdate, command: string): ImageVersion {
  const parsed = ImageVersion.parse(update.version);
  if (typeof parsed === 'string') {
    throw new CliError(`gitops-synth ${command}: ${shownValue(update.version)} ${parsed} (fix: pass an immutable tag such as the git SHA, e.g. sha-4f2a9c1, or a sha256: digest)`);
  }
  if (parsed.isMutable) {
    throw new CliError(`gitops-synth ${command}: tag ${shownValue(update.version)} is mutable (it is moved to new builds), so it does not pin what runs (fix: pass an immutable tag such as the git SHA, e.g. sha-4f2a9c1, or a sha256: digest)`);
  }
  const service = repo.services.find((s) => s.name === update.service);
  if (!service) {
    throw new CliError(`gitops-synth ${command}: service ${shownValue(update.service)} is not defined (defined: ${repo.services.map((s) => s.name).join(', ') || 'none'})`);
  }
  if (!service.overlays.some((o) => o.environment.name === update.env)) {
    throw new CliError(`gitops-synth ${command}: service ${shownValue(update.service)} has no overlay for environment ${shownValue(update.env)} (overlays: ${service.overlays.map((o) => o.environment.name).join(', ') || 'none'})`);
  }
  return parsed;
}

function restore(file: string, content: string | undefined): void {
  if (content === undefined) fs.rmSync(file, { force: true });
  else atomicWrite(file, content);
}
