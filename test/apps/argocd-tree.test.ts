import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { dump } from 'js-yaml';
import { synth, synthesize } from '../../src';
import { defineRepo } from '../../src/apps';
import { describeWithSchemas, referenceValidator } from '../support/shared';
import { tempDir } from '../support/tmp';

const ROOT = path.resolve(__dirname, '../..');
const KUBECTL = '/usr/bin/kubectl';

/** The parts of this repository's tree that the Argo CD layer and the add-ons add. */
const ARGO_LAYER = /^(argocd\/|infrastructure\/|apps\/[^/]+\/overlays\/[^/]+\/ingress\.yaml$)/;

describe('this repository\'s Argo CD layer', () => {
  const files = synthesize(defineRepo({ rootDir: ROOT })).tree.files;

  test('matches its snapshot', () => {
    expect(Object.fromEntries(files.filter((f) => ARGO_LAYER.test(f.path)).map((f) => [f.path, f.content]))).toMatchSnapshot();
  });

  test('holds the AppProjects, the root app, the add-ons\' Applications and their objects', () => {
    expect(files.map((f) => f.path).filter((p) => ARGO_LAYER.test(p))).toEqual([
      'apps/api-service/overlays/production/ingress.yaml',
      'apps/api-service/overlays/staging/ingress.yaml',
      'argocd/applications/api-service-production.yaml',
      'argocd/applications/api-service-staging.yaml',
      'argocd/applications/cert-manager.yaml',
      'argocd/applications/external-dns.yaml',
      'argocd/applications/external-secrets.yaml',
      'argocd/applications/ingress-nginx.yaml',
      'argocd/kustomization.yaml',
      'argocd/projects/infrastructure.yaml',
      'argocd/projects/production.yaml',
      'argocd/projects/staging.yaml',
      'argocd/root.yaml',
      'infrastructure/cert-manager/cluster-issuers.yaml',
      'infrastructure/cert-manager/kustomization.yaml',
      'infrastructure/cert-manager/namespace.yaml',
      'infrastructure/external-dns/kustomization.yaml',
      'infrastructure/external-dns/namespace.yaml',
      'infrastructure/external-secrets/cluster-secret-store.yaml',
      'infrastructure/external-secrets/kustomization.yaml',
      'infrastructure/external-secrets/namespace.yaml',
      'infrastructure/external-secrets/service-account.yaml',
      'infrastructure/ingress-nginx/kustomization.yaml',
      'infrastructure/ingress-nginx/namespace.yaml',
    ]);
  });

  test('no production Application syncs automatically; every staging one prunes and self-heals', () => {
    const apps = defineRepo({ rootDir: ROOT }).renderFiles().flatMap((f) => f.objects).filter((o) => o.kind === 'Application') as Array<Record<string, any>>;
    const byEnv = (env: string) => apps.filter((a) => a.metadata.labels?.['gitops-synth/environment'] === env);
    expect(byEnv('production').map((a) => a.spec.syncPolicy.automated)).toEqual([undefined]);
    expect(byEnv('staging').map((a) => a.spec.syncPolicy.automated)).toEqual([{ prune: true, selfHeal: true }]);
  });

  test('dist/ is what the definitions synthesize', () => {
    for (const f of files) expect({ path: f.path, content: fs.readFileSync(path.join(ROOT, 'dist', f.path), 'utf8') }).toEqual({ path: f.path, content: f.content });
  });
});

describeWithSchemas('this repository\'s tree against the schemas', () => {
  test('every Argo CD, cert-manager and Kubernetes object validates', () => {
    expect(referenceValidator().validateFiles(defineRepo({ rootDir: ROOT }).renderFiles())).toEqual([]);
  });
});

const describeWithKubectl = fs.existsSync(KUBECTL) ? describe : describe.skip;

describeWithKubectl('kubectl kustomize', () => {
  const outdir = path.join(tempDir(), 'dist');
  synth(defineRepo({ rootDir: ROOT }), { outdir, terraformOutdir: path.join(path.dirname(outdir), 'cdktf.out') });
  const folders = synthesize(defineRepo({ rootDir: ROOT })).tree.files
    .map((f) => f.path)
    .filter((p) => p.endsWith('/kustomization.yaml') && !p.includes('/base/'))
    .map((p) => path.posix.dirname(p));

  test('covers the app-of-apps folder, every add-on folder and every overlay', () => {
    expect(folders).toEqual([
      'apps/api-service/overlays/production', 'apps/api-service/overlays/staging', 'argocd',
      'infrastructure/cert-manager', 'infrastructure/external-dns', 'infrastructure/external-secrets', 'infrastructure/ingress-nginx',
    ]);
  });

  test.each(folders)('%s builds', (folder) => {
    const out = execFileSync(KUBECTL, ['kustomize', path.join(outdir, folder)], { encoding: 'utf8' });
    expect(out.length).toBeGreaterThan(0);
  });

  test('the app-of-apps folder builds to every AppProject and Application the root applies', () => {
    const out = execFileSync(KUBECTL, ['kustomize', path.join(outdir, 'argocd')], { encoding: 'utf8' });
    const kinds = [...out.matchAll(/^kind: (\w+)\n(?:.*\n)*?  name: (.+)$/gm)].map((m) => `${m[1]}/${m[2]}`).sort();
    expect(kinds).toEqual([
      'AppProject/infrastructure', 'AppProject/production', 'AppProject/staging',
      'Application/api-service-production', 'Application/api-service-staging', 'Application/cert-manager', 'Application/external-dns',
      'Application/external-secrets', 'Application/ingress-nginx',
    ]);
  });

  test('the overlays carry their Ingress with the per-environment host', () => {
    const hosts = ['staging', 'production'].map((env) => {
      const out = execFileSync(KUBECTL, ['kustomize', path.join(outdir, `apps/api-service/overlays/${env}`)], { encoding: 'utf8' });
      return /host: (.+)/.exec(out)?.[1];
    });
    expect(hosts).toEqual(['api.staging.example.com', 'api.example.com']);
  });

  test('a broken folder fails the build (the test above can fail)', () => {
    const broken = tempDir();
    fs.writeFileSync(path.join(broken, 'kustomization.yaml'), dump({ resources: ['missing.yaml'] }));
    expect(() => execFileSync(KUBECTL, ['kustomize', broken], { encoding: 'utf8', stdio: 'pipe' })).toThrow();
  });
});
