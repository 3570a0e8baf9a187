import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { AwsSide, Manifest, synthesize } from '../../src';
import { defineRepo } from '../../src/apps';
import { mayRead, plannedRoles, TerraformInventory } from '../../src/aws/aws-stack';
import { describeWithSchemas, referenceValidator } from '../support/shared';
import { readTree } from '../support/tmp';

/* eslint-disable @typescript-eslint/no-explicit-any -- committed files are read as plain data */
const ROOT = path.resolve(__dirname, '../..');
const dist = readTree(path.join(ROOT, 'dist'));
const distObjects = Object.entries(dist)
  .filter(([p]) => p.endsWith('.yaml'))
  .flatMap(([p, text]) => (loadAll(text) as Manifest[]).map((obj) => ({ path: p, obj })));
const externalSecrets = distObjects.filter(({ obj }) => obj.kind === 'ExternalSecret');

describe('this repository\'s secrets', () => {
  test('api-service reads DB_PASSWORD from a different secret per environment', () => {
    expect(externalSecrets.map(({ path: p, obj }) => [p, (obj.spec as any).data])).toEqual([
      ['apps/api-service/overlays/production/external-secret.yaml', [{ secretKey: 'DB_PASSWORD', remoteRef: { key: 'prod/api-service/db', property: 'password' } }]],
      ['apps/api-service/overlays/staging/external-secret.yaml', [{ secretKey: 'DB_PASSWORD', remoteRef: { key: 'staging/api-service/db', property: 'password' } }]],
    ]);
  });

  test('dist/ holds no Secret with data and only external-secrets.io/v1 objects', () => {
    expect(distObjects.filter(({ obj }) => obj.kind === 'Secret' && (obj.data || obj.stringData))).toEqual([]);
    expect(distObjects.filter(({ obj }) => obj.apiVersion.startsWith('external-secrets.io/') && obj.apiVersion !== 'external-secrets.io/v1')).toEqual([]);
    expect(distObjects.filter(({ obj }) => obj.kind === 'ClusterSecretStore').map(({ path: p }) => p)).toEqual(['infrastructure/external-secrets/cluster-secret-store.yaml', 'infrastructure/external-secrets/cluster-secret-store.yaml']);
  });

  test('the committed Terraform JSON is what the definitions build', () => {
    const repo = defineRepo({ rootDir: ROOT });
    const expected = synthesize(repo).terraform!;
    expect(path.relative(ROOT, expected.outdir)).toBe('cdktf.out');
    expect(expected.files.map((f) => f.path)).toEqual(['stacks/gitops-synth/cdk.tf.json', 'stacks/gitops-synth/inventory.tf.json']);
    for (const file of expected.files) expect(fs.readFileSync(path.join(expected.outdir, file.path), 'utf8')).toBe(file.content);
  });

  test('its IAM policy names exactly the secrets the ExternalSecrets in dist/ read', () => {
    const inventory: TerraformInventory = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.out/stacks/gitops-synth/inventory.tf.json'), 'utf8'));
    const secrets = Object.keys(inventory.locals.secrets);
    const granted = plannedRoles(AwsSide.of(defineRepo({ rootDir: ROOT }))!, inventory).flatMap((role) => secrets.filter((s) => mayRead(role, s)));
    expect(Object.keys(inventory.locals.secrets).sort()).toEqual([...granted].sort());
    const referenced = externalSecrets.flatMap(({ obj }) => (obj.spec as any).data.map((d: any) => d.remoteRef.key));
    expect(granted.sort()).toEqual([...new Set(referenced)].sort());
  });
});

describeWithSchemas('this repository\'s ESO objects', () => {
  test('are valid against the ESO v2.9.0 CRDs', () => {
    const eso = distObjects.filter(({ obj }) => obj.apiVersion.startsWith('external-secrets.io/'));
    expect(eso).toHaveLength(4);
    for (const { obj } of eso) expect(referenceValidator().validate(obj)).toEqual([]);
  });
});
