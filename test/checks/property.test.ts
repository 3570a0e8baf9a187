import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { dump, loadAll } from 'js-yaml';
import { GitOpsRepo, Releases, SchemaValidator, SyncPolicy, synth, synthesize } from '../../src';
import { describeWithKubectl, HAS_KUBECTL, kustomizeBuild } from '../support/kubectl';
import { referenceValidator } from '../support/shared';
import { tempDir } from '../support/tmp';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const quantity = (unit: string) => fc.integer({ min: 1, max: 4096 }).map((n) => `${n}${unit}`);
/** Strings Go's YAML (kustomize, Argo CD) or YAML 1.1 would read as a number, boolean, null or date if written plain. */
const numberLike = fc.oneof(
  fc.tuple(fc.constantFrom('0x', '0X', '0b', '0B', '0o', '0O', '0', ''), fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF_'), minLength: 1, maxLength: 6 }))
    .map(([prefix, digits]) => prefix + digits),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${y}-${m}-${d}`),
  fc.constantFrom('y', 'N', 'yes', 'On', 'OFF', 'True', 'NULL', 'e5', '1e3', '1.5', '1_000', '.inf', '1:20', '~'),
);
const tag = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,15}$/), numberLike.filter((t) => /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(t)))
  .filter((t) => !['latest', 'main', 'master', 'stable', 'edge', 'dev'].includes(t.toLowerCase()));

const serviceDef = fc.record({
  name,
  port: fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }),
  replicas: fc.integer({ min: 2, max: 10 }),
  cpu: quantity('m'),
  memory: quantity('Mi'),
  env: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/), fc.oneof(fc.string({ maxLength: 20 }), numberLike), { maxKeys: 3 }),
  stagingTag: tag,
  productionTag: fc.oneof(tag, fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`)),
});

const definitions = fc.record({
  services: fc.uniqueArray(serviceDef, { minLength: 1, maxLength: 4, selector: (s) => s.name }),
  pathInRepo: fc.constantFrom('', 'dist'),
});

type Definitions = typeof definitions extends fc.Arbitrary<infer T> ? T : never;

function build(def: Definitions): GitOpsRepo {
  const releases = Object.fromEntries(def.services.map((s) => [s.name, { staging: s.stagingTag, production: s.productionTag }]));
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/r.git', pathInRepo: def.pathInRepo, releases: Releases.fromData(releases) });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
  const production = repo.addEnvironment('production');
  for (const s of def.services) {
    const svc = repo.addService(s.name, { image: `registry.example.com/${s.name}`, port: s.port, env: s.env });
    svc.addOverlay(staging, { replicas: 1 });
    svc.addOverlay(production, { replicas: s.replicas, resources: { cpu: s.cpu, memory: s.memory } });
  }
  return repo;
}

describe('random valid definitions', () => {
  test('synthesize to the same bytes twice', () => {
    fc.assert(fc.property(definitions, (def) => {
      expect(synthesize(build(def)).tree.files).toEqual(synthesize(build(def)).tree.files);
    }), { numRuns: 60 });
  });

  test('emit only objects valid against the packaged schemas', () => {
    const validator = SchemaValidator.fromPackages();
    fc.assert(fc.property(definitions, (def) => {
      expect(validator.validateFiles(build(def).renderFiles())).toEqual([]);
    }), { numRuns: 40 });
  });

  test('emit only objects valid against the reference schemas (../shared where present, else the packaged ones)', () => {
    const validator = referenceValidator();
    fc.assert(fc.property(definitions, (def) => {
      expect(validator.validateFiles(build(def).renderFiles())).toEqual([]);
    }), { numRuns: 40 });
  });

  describeWithKubectl('build with kubectl kustomize', () => {
    test('every overlay renders its Deployment with the released image, replicas and env values', () => {
      fc.assert(fc.property(definitions, (def) => {
        const out = tempDir();
        synth(build(def), { outdir: out });
        // One kubectl run per case: a kustomization listing every overlay builds each one as its own
        // kustomization (the overlays set their namespace, so their objects stay apart).
        const overlays = def.services.flatMap((s) => ['staging', 'production'].map((env) => path.join(out, `apps/${s.name}/overlays/${env}`)));
        const all = tempDir();
        fs.writeFileSync(path.join(all, 'kustomization.yaml'), dump({ resources: overlays.map((dir) => path.relative(all, dir)) }));
        const objects = loadAll(kustomizeBuild(all)) as any[];
        for (const s of def.services) {
          for (const [env, version, replicas] of [['staging', s.stagingTag, 1], ['production', s.productionTag, s.replicas]] as const) {
            const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === s.name && o.metadata.namespace === env);
            const sep = version.startsWith('sha256:') ? '@' : ':';
            expect(deployment.spec.template.spec.containers[0].image).toBe(`registry.example.com/${s.name}${sep}${version}`);
            expect(deployment.spec.replicas).toBe(replicas);
            // Values as the cluster reads them: `0X1F` or `2020-1-2` written plain would come back changed.
            const vars = (deployment.spec.template.spec.containers[0].env ?? []) as Array<{ name: string; value?: string }>;
            for (const [key, value] of Object.entries(s.env)) expect(vars.find((v) => v.name === key)?.value ?? '').toBe(value);
          }
        }
      }), { numRuns: HAS_KUBECTL ? 8 : 1 });
    });
  });
});
