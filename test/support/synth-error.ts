import { GitOpsRepo, synthesize, SynthError } from '../../src';

/** The message of the SynthError that synthesizing `repo` throws; fails when it throws nothing or something else. */
export function synthErrorOf(repo: GitOpsRepo): string {
  try {
    synthesize(repo);
  } catch (e) {
    if (e instanceof SynthError) return e.message;
    throw e;
  }
  throw new Error('synthesize did not fail');
}
