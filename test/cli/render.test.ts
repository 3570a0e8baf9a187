import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { renderEnvironment } from '../../src';
import { defineRepo } from '../../src/apps';
import { cli, PROJECT_DIR, repoCopy } from '../support/cli-repo';
import { describeWithKubectl, kustomizeBuild } from '../support/kubectl';
import { writeRenderedTree } from '../support/kustomize-render';
import { tempDir } from '../support/tmp';

describe('gitops-synth render', () => {
  const dir = repoCopy();

  test('prints every object of the service in the environment as YAML, and exits 0', () => {
    const run = cli(dir, 'render', 'api-service', 'production');
    expect(run).toEqual({ code: 0, stdout: expect.any(String), stderr: '' });
    const objects = loadAll(run.stdout) as Array<{ kind: string; metadata: { name: string; namespace: string } }>;
    const ids = objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
    // Kustomize's order: ServiceAccount, Service and Deployment first; then the other kinds.
    expect(ids.slice(0, 3)).toEqual(['ServiceAccount production/api-service', 'Service production/api-service', 'Deployment production/api-service']);
    expect(ids).toEqual(expect.arrayContaining(['ExternalSecret production/api-service-production-secrets', 'Ingress production/api-service']));
    expect(JSON.parse(JSON.stringify(objects))).toEqual(JSON.parse(JSON.stringify(renderEnvironment(defineRepo({ rootDir: PROJECT_DIR }), 'api-service', 'production'))));
  });

  test('writes nothing', () => {
    const before = fs.readdirSync(path.join(dir, 'dist'), { recursive: true });
    cli(dir, 'render', 'api-service', 'staging');
    expect(fs.readdirSync(path.join(dir, 'dist'), { recursive: true })).toEqual(before);
  });

  test.each([
    [['render', 'billing', 'staging'], 'render:\n  ✖ service = "billing": is not a service of the definitions (fix: name one of: api-service)'],
    [['render', 'api-service', 'qa'], 'render:\n  ✖ environment = "qa": is not an environment service api-service is deployed to (fix: name one of: staging, production, or add it with api-service.addOverlay(qa, …))'],
  ])('%j names what does not exist and the choices, and exits 2', (argv, message) => {
    const run = cli(dir, ...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`gitops-synth render: nothing to render\n${message}\n`);
  });

  test('--help shows the example and exits 0', () => {
    const run = cli(dir, 'render', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: gitops-synth render [options] <service> <env>');
    expect(run.stdout).toContain('\nExamples:\n  $ gitops-synth render api-service production');
  });
});

describeWithKubectl('gitops-synth render equals kubectl kustomize of the overlay', () => {
  test.each(['staging', 'production'])('api-service %s', (env) => {
    const out = tempDir();
    writeRenderedTree(defineRepo({ rootDir: PROJECT_DIR }), out);
    const run = cli(repoCopy(), 'render', 'api-service', env);
    expect(loadAll(run.stdout)).toEqual(loadAll(kustomizeBuild(path.join(out, `apps/api-service/overlays/${env}`))));
  });
});
