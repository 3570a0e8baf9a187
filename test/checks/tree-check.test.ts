import * as path from 'path';
import * as fc from 'fast-check';
import { checkTree } from '../../src/checks/tree-check';
import { checkContext } from '../support/check-context';
import { smallRepo } from '../support/fixtures';

/** The rule as first written with path.posix, which the fast path must agree with. */
function reference(p: string): boolean {
  const normalized = path.posix.normalize(p);
  return !(path.posix.isAbsolute(p) || normalized.startsWith('..') || normalized !== p);
}

describe('checkTree', () => {
  test('accepts and rejects paths exactly as path.posix normalization does', () => {
    const { repo } = smallRepo();
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', '.', '/', '-', '_', ' ', '\\'), minLength: 1 }), (p) => {
      const problems = checkTree(checkContext(repo, [{ path: p, objects: [], source: 'x' }]));
      expect(problems.length === 0).toBe(reference(p));
    }), { numRuns: 5000 });
  });

  test('names the construct and the path that leaves the output folder', () => {
    const { repo } = smallRepo();
    expect(checkTree(checkContext(repo, [{ path: 'apps/../../etc/passwd', objects: [], source: 'web' }]))).toEqual([{
      subject: 'web', field: 'path', value: '"apps/../../etc/passwd"', message: 'is not a plain relative path inside the output folder', hint: 'use names without "/", ".." or leading "/"',
    }]);
  });
});
