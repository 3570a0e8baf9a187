import { TreeLayout } from '../../src';
import { defineBenchRepo } from '../../src/bench/bench-repo';
import { compareLayouts, repoServerWork } from '../../src/bench/layout-comparison';

describe('benchmark of the two layouts', () => {
  test('counts the kustomize builds of a full sync: one per overlay, add-on and the root; the rendered layout only the add-ons\' and the root\'s', () => {
    // 3 services × 3 environments, one add-on (External Secrets Operator), the root app-of-apps.
    expect(repoServerWork(defineBenchRepo(3, { aws: false }).renderFiles())).toMatchObject({ kustomizeBuilds: 9 + 1 + 1, directories: 0 });
    const rendered = defineBenchRepo(3, { aws: false, layout: TreeLayout.rendered() });
    expect(repoServerWork(rendered.renderFiles())).toMatchObject({ kustomizeBuilds: 1 + 1, directories: 9 });
  });

  test('measures both layouts\' synth on a small repository', () => {
    const result = compareLayouts(3, 1);
    expect(result).toMatchObject({ services: 3, kustomizeBuildsKustomize: 11, kustomizeBuildsRendered: 2, directorySourcesRendered: 9 });
    expect(result.kustomizeSynthMs).toBeGreaterThan(0);
    expect(result.renderedSynthMs).toBeGreaterThan(0);
    expect(result.renderedFiles).toBeLessThan(result.kustomizeFiles);
  });
});
