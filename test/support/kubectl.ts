import { execFileSync } from 'child_process';
import * as fs from 'fs';

/** kubectl with its built-in kustomize (KUBECTL overrides the path). */
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** Whether kubectl is available; under CI it must be. */
export const HAS_KUBECTL = fs.existsSync(KUBECTL);

if (!HAS_KUBECTL) {
  if (process.env.CI) throw new Error(`kubectl not found at ${KUBECTL}: kustomize build tests cannot run`);
  // eslint-disable-next-line no-console
  console.warn(`kustomize build tests skipped: no kubectl at ${KUBECTL}`);
}

/** `describe` that skips, with the warning above, where kubectl is absent. */
export const describeWithKubectl = HAS_KUBECTL ? describe : describe.skip;

/** Runs `kubectl kustomize DIR` and returns the rendered YAML. */
export function kustomizeBuild(dir: string): string {
  return execFileSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
