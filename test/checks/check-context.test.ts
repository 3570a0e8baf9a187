import { ManifestFile } from '../../src';
import { SynthCheckContext } from '../../src/checks/check-context';
import { ModelIndex } from '../../src/repo/model-index';
import { smallRepo } from '../support/fixtures';

// The checks of one synth share a context whose rendered objects are picked once, on first ask, and
// whose shape is the same on every synth.

describe('SynthCheckContext', () => {
  test('picks the rendered objects when first asked, once', () => {
    const { repo } = smallRepo();
    const index = ModelIndex.of(repo);
    let reads = 0;
    const file = repo.renderFiles(index).find((f) => f.objects.some((o) => o.kind === 'Application'))!;
    const counted: ManifestFile = { path: file.path, source: file.source, get objects() { reads++; return file.objects; } };
    const ctx = new SynthCheckContext(repo, index, [counted]);
    expect(reads).toBe(0);
    const first = ctx.rendered;
    expect(first.applications.map((a) => a.obj.kind)).toEqual(['Application']);
    expect(ctx.rendered).toBe(first);
    expect(reads).toBe(1);
  });

  test('two contexts of two synths have the same shape', () => {
    const { repo } = smallRepo();
    const index = ModelIndex.of(repo);
    const a = new SynthCheckContext(repo, index, [], undefined);
    const b = new SynthCheckContext(repo, index, repo.renderFiles(index));
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    expect(Object.keys(a)).toEqual(Object.keys(b));
  });
});
