import * as path from 'path';
import { loadAll } from 'js-yaml';
import { SchemaValidator, synth } from '../../src';
import { defineRepo } from '../../src/apps';
import { describeWithKubectl, kustomizeBuild } from '../support/kubectl';
import { describeWithSchemas, referenceValidator } from '../support/shared';
import { tempDir } from '../support/tmp';

const ROOT = path.resolve(__dirname, '../..');

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
