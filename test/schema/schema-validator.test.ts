import * as path from 'path';
import { loadAll } from 'js-yaml';
import { SchemaValidator, synth } from '../../src';
import { defineRepo } from '../../src/apps';
import { describeWithKubectl, kustomizeBuild } from '../support/kubectl';
import { describeWithSchemas, referenceValidator } from '../support/shared';
import { tempDir } from '../support/tmp';

const ROOT = path.resolve(__dirname, '../..');

describe('schema validation against the packaged schemas (no schema files needed)', () => {
  const validator = SchemaValidator.fromPackages();
  const files = defineRepo({ rootDir: ROOT }).renderFiles();
  const copyOf = (suffix: string) => JSON.parse(JSON.stringify(files.find((f) => f.path.endsWith(suffix) || f.path.startsWith(suffix))!.objects[0]));

  test('every emitted object is valid, and every kind has a schema', () => {
    expect(validator.validateFiles(files)).toEqual([]);
    const kinds = [...new Set(files.flatMap((f) => f.objects.map((o) => `${o.apiVersion}/${o.kind}`)))]
      .filter((k) => !k.startsWith('kustomize.config.k8s.io/'));
    expect(kinds.length).toBeGreaterThan(8);
    for (const kind of kinds) expect(validator.knownKinds).toContain(kind);
  });

  test('reports wrong types and unknown fields, at any depth and in metadata', () => {
    const deployment = copyOf('base/deployment.yaml');
    deployment.spec.replicas = 'two';
    deployment.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    expect(validator.validate(deployment)).toEqual([
      { pointer: '/spec/replicas', message: 'must be integer' },
      { pointer: '/spec/template/spec/containers/0/imagePullPolicyy', message: 'is not allowed here (unknown field)' },
    ]);
    const app = copyOf('argocd/applications/');
    app.metadata.nmae = 'typo';
    app.spec.syncPolicy.automatic = true;
    expect(validator.validate(app)).toEqual([
      { pointer: '/metadata/nmae', message: 'is not allowed here (unknown field)' },
      { pointer: '/spec/syncPolicy/automatic', message: 'is not allowed here (unknown field)' },
    ]);
    const secret = copyOf('external-secret.yaml');
    secret.spec.refreshInterval = 60;
    secret.spec.data[0].remoteRef.keyy = 'x';
    expect(validator.validate(secret)).toEqual([
      { pointer: '/spec/refreshInterval', message: 'must be string' },
      { pointer: '/spec/data/0/remoteRef/keyy', message: 'is not allowed here (unknown field)' },
    ]);
    const issuer = JSON.parse(JSON.stringify(files.flatMap((f) => f.objects).find((o) => o.kind === 'ClusterIssuer')));
    issuer.spec.acmee = {};
    expect(validator.validate(issuer))
      .toEqual([{ pointer: '/spec/acmee', message: 'is not allowed here (unknown field)' }]);
  });

  test('maps and free-form fields stay open: labels, annotations, Helm values', () => {
    const deployment = copyOf('base/deployment.yaml');
    deployment.metadata.labels = { 'any/label': 'x' };
    deployment.metadata.annotations = { 'any.annotation/x': 'y' };
    expect(validator.validate(deployment)).toEqual([]);
    const addOn = files.flatMap((f) => f.objects).find((o) => o.kind === 'Application' && JSON.stringify(o).includes('"helm"'));
    expect(addOn).toBeDefined();
    const helm = JSON.parse(JSON.stringify(addOn));
    const source = helm.spec.source ?? helm.spec.sources[0];
    source.helm.valuesObject = { anything: { nested: [1, 'two'] } };
    expect(validator.validate(helm)).toEqual([]);
  });

  test('frozen objects are validated without being changed', () => {
    const deployment = copyOf('base/deployment.yaml');
    deployment.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    const frozen = deepFreeze(deployment);
    expect(validator.validate(frozen)).toEqual([{ pointer: '/spec/template/spec/containers/0/imagePullPolicyy', message: 'is not allowed here (unknown field)' }]);
  });

  test('unknown kinds, and API versions the targeted servers no longer serve, are errors', () => {
    expect(validator.validate({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret' })).toEqual([
      { pointer: '', message: 'no schema for external-secrets.io/v1beta1/ExternalSecret: not served by External Secrets Operator since v0.17 (use external-secrets.io/v1)' },
    ]);
    expect(validator.validate({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Applicaton' })).toEqual([
      { pointer: '', message: 'no schema for argoproj.io/v1alpha1/Applicaton in @kubernetes-models/argo-cd (Argo CD (argoproj.io))' },
    ]);
    expect(validator.validate({ apiVersion: '../../x/v1', kind: 'Deployment' })[0].message).toMatch(/^no schema for \.\.\/\.\.\/x\/v1\/Deployment/);
    expect(validator.knows({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe(true);
    expect(validator.knownKinds).not.toContain('external-secrets.io/v1beta1/ExternalSecret');
  });

  test('the Gateway API kinds come from @kubernetes-models/gateway-api: HTTPRoute, Gateway and GatewayClass, strictly', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'api' },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'envoy-gateway-system' }],
        hostnames: ['api.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 'api', port: 8080 }] }],
      },
    };
    expect(validator.validate(route)).toEqual([]);
    expect(validator.validate({ ...route, spec: { ...route.spec, hostname: 'api.example.com' } })).toEqual([{ pointer: '/spec/hostname', message: 'is not allowed here (unknown field)' }]);
    for (const kind of ['HTTPRoute', 'Gateway', 'GatewayClass']) expect(validator.knownKinds).toContain(`gateway.networking.k8s.io/v1/${kind}`);
    expect(validator.validate({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HttpRoute' })).toEqual([
      { pointer: '', message: 'no schema for gateway.networking.k8s.io/v1/HttpRoute in @kubernetes-models/gateway-api (the Gateway API (gateway.networking.k8s.io))' },
    ]);
  });

  test('a bad definition is refused by synth before anything is written, with the packaged schemas', () => {
    const out = path.join(tempDir(), 'dist');
    const repo = defineRepo({ rootDir: ROOT });
    const original = repo.renderFiles.bind(repo);
    repo.renderFiles = (...args: Parameters<typeof repo.renderFiles>) => original(...args).map((f) => (f.path.endsWith('base/service.yaml')
      ? { ...f, objects: f.objects.map((o) => ({ ...o, spec: { ...(o as unknown as { spec: object }).spec, clusterIPP: 'None' } })) }
      : f));
    expect(() => synth(repo, { outdir: out, terraformOutdir: path.join(path.dirname(out), 'cdktf.out'), schemas: validator }))
      .toThrow(/base\/service\.yaml Service\/api-service\/spec\/clusterIPP: is not allowed here \(unknown field\)/);
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describeWithSchemas('schema validation against the reference schemas', () => {
  const repo = defineRepo({ rootDir: ROOT });
  const files = repo.renderFiles();

  test('every emitted object is valid, unknown fields rejected', () => {
    expect(referenceValidator().validateFiles(files)).toEqual([]);
    const kinds = new Set(files.flatMap((f) => f.objects.map((o) => `${o.apiVersion}/${o.kind}`)));
    for (const kind of kinds) {
      if (!kind.startsWith('kustomize.config.k8s.io/')) expect(referenceValidator().knownKinds).toContain(kind);
    }
  });

  describeWithKubectl('objects as kustomize renders them', () => {
    test('every overlay output is valid', () => {
      const out = path.join(tempDir(), 'dist');
      const written = synth(defineRepo({ rootDir: ROOT }), { outdir: out, terraformOutdir: path.join(path.dirname(out), 'cdktf.out') }).written;
      const overlays = written.filter((p) => p.includes('/overlays/') && p.endsWith('/kustomization.yaml')).map((p) => path.dirname(p));
      expect(overlays.length).toBeGreaterThan(0);
      for (const overlay of overlays) {
        for (const obj of loadAll(kustomizeBuild(path.join(out, overlay))) as any[]) {
          expect({ overlay, kind: obj.kind, errors: referenceValidator().validate(obj) }).toEqual({ overlay, kind: obj.kind, errors: [] });
        }
      }
    });
  });

  test('reports unknown fields, wrong types and unknown kinds', () => {
    const deployment = JSON.parse(JSON.stringify(files.find((f) => f.path.endsWith('base/deployment.yaml'))!.objects[0]));
    deployment.spec.replicas = 'two';
    deployment.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    expect(referenceValidator().validate(deployment)).toEqual([
      { pointer: '/spec/replicas', message: 'must be integer' },
      { pointer: '/spec/template/spec/containers/0/imagePullPolicyy', message: 'is not allowed here (unknown field)' },
    ]);
    const app = JSON.parse(JSON.stringify(files.find((f) => f.path.startsWith('argocd/applications/'))!.objects[0]));
    app.metadata.nmae = 'typo';
    app.spec.syncPolicy.automatic = true;
    expect(referenceValidator().validate(app)).toEqual([
      { pointer: '/metadata/nmae', message: 'is not allowed here (unknown field)' },
      { pointer: '/spec/syncPolicy/automatic', message: 'is not allowed here (unknown field)' },
    ]);
    expect(referenceValidator().validate({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret' })[0].message).toMatch(/^no schema for external-secrets.io\/v1beta1\/ExternalSecret/);
  });

  test('an empty folder is refused with the folder named', () => {
    const dir = tempDir();
    expect(() => SchemaValidator.fromDirectory(dir)).toThrow(`no schema found in ${dir}: expected Kubernetes definitions (*.json) or CRD files (*.yaml)`);
  });
});
