import { SynthError } from '../../src';

/** The message of the SynthError `fn` throws; fails the test if it throws anything else or nothing. */
export function synthErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SynthError) return e.message;
    throw e;
  }
  throw new Error('expected a SynthError, but nothing was thrown');
}
