import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { synth } from '../../src';
import { defineRepo } from '../../src/apps';
import { describeWithKubectl, kustomizeBuild } from '../support/kubectl';
import { tempDir } from '../support/tmp';

const ROOT = path.resolve(__dirname, '../..');

describeWithKubectl('kubectl kustomize builds every folder of the tree', () => {
  const out = path.join(tempDir(), 'dist');
  const repo = defineRepo({ rootDir: ROOT });
  const result = synth(repo, { outdir: out, terraformOutdir: path.join(path.dirname(out), 'cdktf.out') });
  const folders = result.written
    .filter((p) => p.endsWith('/kustomization.yaml'))
    .map((p) => path.dirname(p))
    .filter((d) => !d.endsWith('/base'));
  // The tree does not change between tests: each folder is built once.
  const built = new Map<string, any[]>();
  const build = (folder: string): any[] => {
    if (!built.has(folder)) built.set(folder, loadAll(kustomizeBuild(path.join(out, folder))) as any[]);
    return built.get(folder)!;
  };

  test.each(folders)('%s', (folder) => {
    const objects = build(folder);
    expect(objects.length).toBeGreaterThan(0);
  });

  test.each([
    ['staging', 'sha-4f2a9c1'],
    ['production', 'sha-1b7e3d0'],
  ])('%s renders the image from the releases data and its replicas', (env) => {
    const releases = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/apps/releases.json'), 'utf8'));
    const overlay = repo.services.find((s) => s.name === 'api-service')!.overlays.find((o) => o.environment.name === env)!;
    const objects = build(`apps/api-service/overlays/${env}`);
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.metadata.namespace).toBe(env);
    expect(deployment.spec.template.spec.containers[0].image).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/api-service:${releases['api-service'][env]}`);
    expect(deployment.spec.replicas).toBe(overlay.replicas);
  });

  test('staging and production differ in tag and replicas', () => {
    const render = (env: string) => build(`apps/api-service/overlays/${env}`).find((o) => o.kind === 'Deployment');
    const staging = render('staging');
    const production = render('production');
    expect(staging.spec.template.spec.containers[0].image).not.toBe(production.spec.template.spec.containers[0].image);
    expect([staging.spec.replicas, production.spec.replicas]).toEqual([2, 4]);
  });
});
