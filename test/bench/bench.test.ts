import { synthesize } from '../../src';
import { renderTerraform } from '../../src/aws/aws-stack';
import { benchReleases, benchServiceName, defineBenchRepo } from '../../src/bench/bench-repo';
import { runMemory, runTiming } from '../../src/bench/bench-run';
import { interleave, median } from '../../src/bench/timing';

describe('benchmark definitions', () => {
  test('generate services × 3 environments that pass every check', () => {
    const paths = synthesize(defineBenchRepo(2)).tree.files.map((f) => f.path);
    expect(paths.filter((p) => p.startsWith('apps/svc-00000/'))).toEqual([
      'apps/svc-00000/base/deployment.yaml', 'apps/svc-00000/base/kustomization.yaml', 'apps/svc-00000/base/service-account.yaml', 'apps/svc-00000/base/service.yaml',
      'apps/svc-00000/overlays/dev/external-secret.yaml', 'apps/svc-00000/overlays/dev/kustomization.yaml',
      'apps/svc-00000/overlays/production/external-secret.yaml', 'apps/svc-00000/overlays/production/horizontal-pod-autoscaler.yaml',
      'apps/svc-00000/overlays/production/kustomization.yaml', 'apps/svc-00000/overlays/production/network-policy.yaml',
      'apps/svc-00000/overlays/production/pod-disruption-budget.yaml',
      'apps/svc-00000/overlays/staging/external-secret.yaml', 'apps/svc-00000/overlays/staging/kustomization.yaml',
    ]);
    expect(paths.filter((p) => p.startsWith('argocd/applications/'))).toEqual([
      'argocd/applications/external-secrets.yaml',
      'argocd/applications/svc-00000-dev.yaml', 'argocd/applications/svc-00000-production.yaml', 'argocd/applications/svc-00000-staging.yaml',
      'argocd/applications/svc-00001-dev.yaml', 'argocd/applications/svc-00001-production.yaml', 'argocd/applications/svc-00001-staging.yaml',
    ]);
    expect(paths).toContain('infrastructure/external-secrets/cluster-secret-store.yaml');
    // The AWS stack: an ECR repository per service, a Secrets Manager secret per service and environment.
    const { inventory } = renderTerraform(defineBenchRepo(2))!;
    expect(inventory.locals.ecr_repositories).toHaveLength(2);
    expect(Object.keys(inventory.locals.secrets)).toHaveLength(6);
    expect(Object.keys(benchReleases(3))).toEqual([benchServiceName(0), benchServiceName(1), benchServiceName(2)]);
  });
});

describe('benchmark run', () => {
  test('re-synthesizes nothing when nothing changed, and for one tag only the overlay and its line of the index', () => {
    const result = runTiming(3, 1);
    expect(result).toMatchObject({ services: 3, envs: 3, runs: 1, files: 59, noopWrites: 0, oneTagWrites: 2, providerRootLoaded: false });
    const figures = [result.synthMs, result.floorMs, result.cdk8sMs, result.noopMs, result.steady.synthMs, result.steady.floorMs];
    for (const ms of figures) expect(ms).toBeGreaterThan(0);
  });

  test('reports the peak memory of the process', () => {
    expect(runMemory(2).peakRssMib).toBeGreaterThan(10);
  });

  test('rotates the order of the variants run by run and takes medians', () => {
    expect([0, 1, 2, 3].map((run) => interleave(['a', 'b', 'c'], run).join(''))).toEqual(['abc', 'bca', 'cab', 'abc']);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no values');
  });
});
