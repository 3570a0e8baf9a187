import * as crypto from 'crypto';

/** The prefix of every content hash: the algorithm, so that a later one can be told apart. */
const PREFIX = 'sha256:';

// `crypto.hash` (Node 20.12+) hashes a small string in one call, about twice as fast as a Hash object:
// it matters when every file of a 13,000-file tree is hashed on every synth.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/**
 * The content hash recorded for a file gitops-synth wrote: `sha256:` and the SHA-256 of its UTF-8 bytes
 * in lowercase hex. A file is removed only while its content still has the hash recorded for it.
 */
export function contentHash(content: string): string {
  return PREFIX + (oneShot ? oneShot('sha256', content, 'hex') : crypto.createHash('sha256').update(content).digest('hex'));
}

const HASH = /^sha256:[0-9a-f]{64}$/;

/** Whether `value` has the form of a {@link contentHash}. */
export function isContentHash(value: unknown): value is string {
  return typeof value === 'string' && value.length === 71 && HASH.test(value);
}
