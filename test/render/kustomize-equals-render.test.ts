import * as path from 'path';
import * as fc from 'fast-check';
import {
  EnvValue, GitOpsRepo, IngressController, Manifest, Releases, SecretRef, SyncPolicy,
} from '../../src';
import { defineRepo } from '../../src/apps';
import { describeWithKubectl, HAS_KUBECTL } from '../support/kubectl';
import { kustomizeBuildBatched, objectId, OverlayCase, overlayCases, UNOWNED, writeRenderedTree } from '../support/kustomize-render';
import { tempDir } from '../support/tmp';

const ROOT = path.resolve(__dirname, '../..');

/**
 * What differs between kustomize's objects and the model's render, overlay by overlay: objects only one
 * side has, objects that differ (by id), and a different order. Empty when they are equal.
 */
function differences(cases: readonly OverlayCase[]): string[] {
  const built = kustomizeBuildBatched(cases);
  const out: string[] = [];
  for (const o of built.get(UNOWNED) ?? []) out.push(`kustomize builds ${objectId(o)}, which the model renders for no overlay`);
  for (const c of cases) {
    const actual = built.get(c) ?? [];
    const byId = new Map(actual.map((o) => [objectId(o), o]));
    for (const e of c.expected) {
      const a = byId.get(objectId(e));
      if (!a) out.push(`${c.title}: the model renders ${objectId(e)}, kustomize does not`);
      else if (!isDeepStrictEqual(a, e)) out.push(`${c.title}: ${objectId(e)} differs:\n  kustomize ${JSON.stringify(a)}\n  render    ${JSON.stringify(e)}`);
    }
    const order = (list: Manifest[]) => list.map(objectId).join(', ');
    if (actual.length === c.expected.length && order(actual) !== order(c.expected)) {
      out.push(`${c.title}: kustomize orders ${order(actual)}; the render ${order(c.expected)}`);
    }
  }
  return out;
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('util') as typeof import('util')).isDeepStrictEqual(a, b);
}

describeWithKubectl('kubectl kustomize of every overlay equals the model\'s render, object by object', () => {
  test('the repository\'s own tree', () => {
    const out = tempDir();
    const repo = defineRepo({ rootDir: ROOT });
    writeRenderedTree(repo, out);
    const cases = overlayCases(repo, out);
    expect(cases.map((c) => c.title)).toEqual(['api-service / staging', 'api-service / production']);
    expect(differences(cases)).toEqual([]);
  });

  test('random definitions: env vars overridden every way, resources, Ingresses, ExternalSecrets, digests, shared namespaces', () => {
    fc.assert(fc.property(definitions, (def) => {
      const out = tempDir();
      const repo = build(def);
      writeRenderedTree(repo, out);
      const cases = overlayCases(repo, out);
      expect(cases.length).toBe(def.services.length * 2);
      expect(differences(cases)).toEqual([]);
    }), { numRuns: HAS_KUBECTL ? 12 : 1 });
  });
});

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}$/);
const quantity = (unit: string) => fc.integer({ min: 1, max: 4096 }).map((n) => `${n}${unit}`);
const resources = fc.record({
  cpu: quantity('m'),
  memory: quantity('Mi'),
  cpuLimit: fc.option(quantity('m'), { nil: undefined }),
  memoryLimit: fc.option(quantity('Mi'), { nil: undefined }),
}, { requiredKeys: ['cpu', 'memory'] });

/** An env value of every kind the model offers, as data (built per repository). */
const envSpec = fc.oneof(
  fc.record({ kind: fc.constant('value' as const), value: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('0755', 'on', '1e3', '~', '')) }),
  fc.record({ kind: fc.constant('secret' as const), key: name, property: fc.option(name, { nil: undefined }) }),
  fc.record({ kind: fc.constant('secretKey' as const), secret: name, key: name }),
  fc.record({ kind: fc.constant('field' as const), path: fc.constantFrom('metadata.namespace', 'status.podIP') }),
);
type EnvSpec = typeof envSpec extends fc.Arbitrary<infer T> ? T : never;

function envValue(spec: EnvSpec): EnvValue | string {
  switch (spec.kind) {
    case 'value': return spec.value;
    case 'secret': return EnvValue.fromSecret(SecretRef.fromAwsSecretsManager(`app/${spec.key}`, spec.property));
    case 'secretKey': return EnvValue.fromSecretKey(spec.secret, spec.key);
    case 'field': return EnvValue.fromFieldRef(spec.path);
  }
}

const overlaySpec = fc.record({
  replicas: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
  resources: fc.option(resources, { nil: undefined }),
  env: fc.dictionary(envName, envSpec, { maxKeys: 3 }),
  ingress: fc.boolean(),
  extraSecret: fc.boolean(),
});

const serviceSpec = fc.record({
  name,
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  replicas: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
  resources: fc.option(resources, { nil: undefined }),
  env: fc.dictionary(envName, envSpec, { maxKeys: 3 }),
  baseIngress: fc.boolean(),
  staging: overlaySpec,
  production: overlaySpec,
  stagingTag: fc.stringMatching(/^v[0-9]{1,3}\.[0-9]{1,3}$/),
  productionTag: fc.oneof(fc.stringMatching(/^v[0-9]{1,3}$/), fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`)),
});

const definitions = fc.record({
  services: fc.uniqueArray(serviceSpec, { minLength: 1, maxLength: 3, selector: (s) => s.name }),
  // Both environments in one namespace: kustomize builds them apart, in separate runs.
  sharedNamespace: fc.boolean(),
});

type Definitions = typeof definitions extends fc.Arbitrary<infer T> ? T : never;

function build(def: Definitions): GitOpsRepo {
  const releases = Object.fromEntries(def.services.map((s) => [s.name, { staging: s.stagingTag, production: s.productionTag }]));
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/r.git', releases: Releases.fromData(releases) });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated(), namespace: def.sharedNamespace ? 'apps' : undefined });
  const production = repo.addEnvironment('production', { namespace: def.sharedNamespace ? 'apps' : undefined });
  const controller = IngressController.nginx();
  for (const s of def.services) {
    const env = Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, envValue(v)]));
    const svc = repo.addService(s.name, { image: `registry.example.com/team/${s.name}`, port: s.port, replicas: s.replicas, resources: s.resources, env });
    if (s.baseIngress && s.port !== undefined) svc.addIngress('ingress', { host: `${s.name}.example.com`, controller });
    for (const [environment, o] of [[staging, s.staging], [production, s.production]] as const) {
      const overlay = svc.addOverlay(environment, {
        replicas: o.replicas,
        resources: o.resources,
        env: Object.fromEntries(Object.entries(o.env).map(([k, v]) => [k, envValue(v)])),
      });
      if (o.ingress && s.port !== undefined) overlay.addIngress('public', { host: `${s.name}.${environment.name}.example.com`, controller });
      if (o.extraSecret) overlay.addExternalSecret('tls', { extract: [SecretRef.fromAwsSecretsManager(`${environment.name}/${s.name}/tls`)] });
    }
  }
  return repo;
}
