import { AddOn, AwsSide, awsSide, certManager, externalDns, externalSecretsOperator, GitOpsRepo, IngressController } from '../../src';
import { IAddOnHost, IAddOnPreset } from '../../src/infrastructure/add-on-host';
import { AddOnPreset } from '../../src/infrastructure/add-on-preset';
import { CERT_MANAGER_CHART } from '../../src/infrastructure/cert-manager';
import { EXTERNAL_DNS_CHART } from '../../src/infrastructure/external-dns';
import { EXTERNAL_SECRETS_CHART } from '../../src/infrastructure/external-secrets-operator';
import { INGRESS_NGINX_CHART } from '../../src/infrastructure/ingress-controller';

const AWS = { accountId: '123456789012', region: 'eu-west-1', clusterOidcIssuer: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE' };
const EXTERNAL_DNS = { domainFilters: ['example.com'], roleArn: 'arn:aws:iam::123456789012:role/external-dns', txtOwnerId: 'c1', region: 'eu-west-1' };

function newRepo(): GitOpsRepo {
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
  repo.addEnvironment('staging');
  repo.addEnvironment('production', { namespace: 'prod' });
  return repo;
}

interface HelmSource { readonly repoURL?: string; readonly chart?: string; readonly targetRevision?: string }

function helmSource(addOn: AddOn): HelmSource {
  const [chart] = (addOn.application.toManifest() as unknown as { spec: { sources: HelmSource[] } }).spec.sources;
  return { repoURL: chart.repoURL, chart: chart.chart, targetRevision: chart.targetRevision };
}

describe('repo.add(preset)', () => {
  test('certManager: the add-on cert-manager, returned and listed', () => {
    const repo = newRepo();
    const addOn = repo.add(certManager({ letsEncrypt: { email: 'platform@example.com', ingressClassName: 'nginx' } }));
    expect(addOn).toBeInstanceOf(AddOn);
    expect([addOn.name, addOn.namespace]).toEqual(['cert-manager', 'cert-manager']);
    expect(repo.addOns).toEqual([addOn]);
    expect(helmSource(addOn)).toEqual({ repoURL: CERT_MANAGER_CHART.repoURL, chart: 'cert-manager', targetRevision: CERT_MANAGER_CHART.version });
    expect(repo.renderFiles().map((f) => f.path)).toContain('infrastructure/cert-manager/cluster-issuers.yaml');
  });

  test('externalDns: the add-on external-dns', () => {
    const repo = newRepo();
    const addOn = repo.add(externalDns(EXTERNAL_DNS));
    expect([addOn.name, addOn.namespace]).toEqual(['external-dns', 'external-dns']);
    expect(helmSource(addOn).chart).toBe(EXTERNAL_DNS_CHART.chart);
  });

  test('externalSecretsOperator: the add-on external-secrets, serving the namespaces of the environments the repository has when it is added', () => {
    const repo = newRepo();
    const addOn = repo.add(externalSecretsOperator({ region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/external-secrets' }));
    expect([addOn.name, addOn.namespace]).toEqual(['external-secrets', 'external-secrets']);
    expect(helmSource(addOn)).toEqual({ repoURL: EXTERNAL_SECRETS_CHART.repoURL, chart: 'external-secrets', targetRevision: EXTERNAL_SECRETS_CHART.version });
    const stores = repo.renderFiles().find((f) => f.path === 'infrastructure/external-secrets/cluster-secret-store.yaml')!.objects as unknown as Array<{ spec: { conditions: unknown } }>;
    // One store per environment, each serving that environment's namespace only.
    expect(stores.map((s) => s.spec.conditions)).toEqual([[{ namespaces: ['staging'] }], [{ namespaces: ['prod'] }]]);
  });

  test('an ingress controller: its addOn() preset installs the controller named by its IngressClass', () => {
    const repo = newRepo();
    const nginx = IngressController.nginx();
    const addOn = repo.add(nginx.addOn());
    expect([addOn.name, addOn.namespace, nginx.className]).toEqual(['ingress-nginx', 'ingress-nginx', 'nginx']);
    expect(helmSource(addOn).targetRevision).toBe(INGRESS_NGINX_CHART.version);
    const traefik = IngressController.custom({ addOnName: 'traefik', className: 'traefik', chart: { repoURL: 'https://traefik.github.io/charts', chart: 'traefik', version: '37.1.1' } });
    expect(repo.add(traefik.addOn()).name).toBe('traefik');
    expect(repo.addOns.map((a) => a.name)).toEqual(['ingress-nginx', 'traefik']);
  });

  test('awsSide: the AWS side of the repository, returned and found by AwsSide.of', () => {
    const repo = newRepo();
    const aws = repo.add(awsSide(AWS));
    expect(aws).toBeInstanceOf(AwsSide);
    expect(AwsSide.of(repo)).toBe(aws);
    expect([aws.node.id, aws.accountId, aws.region, aws.externalSecretsRoleArn('staging')]).toEqual(['aws', '123456789012', 'eu-west-1', 'arn:aws:iam::123456789012:role/external-secrets-staging']);
    expect(repo.addOns).toEqual([]);
  });

  test('awsSide refuses bad settings when added, naming the prop and the value', () => {
    expect(() => newRepo().add(awsSide({ ...AWS, region: 'Europe' }))).toThrow(new Error('AwsSide: region "Europe" is not an AWS region name, e.g. \'eu-west-1\''));
  });

  test('a preset is a value: its name and options are open, and it can be added under another name with addAddOn', () => {
    const repo = newRepo();
    const preset = externalDns(EXTERNAL_DNS);
    expect(preset).toBeInstanceOf(AddOnPreset);
    expect(preset.name).toBe('external-dns');
    const internal = repo.addAddOn('dns-internal', preset.options);
    expect([internal.name, internal.namespace]).toEqual(['dns-internal', 'external-dns']);
  });

  test("a preset of one's own implements IAddOnPreset and receives the repository as its host", () => {
    const repo = newRepo();
    const seen: IAddOnHost[] = [];
    const metricsServer: IAddOnPreset<AddOn> = {
      addTo: (host) => {
        seen.push(host);
        return host.addAddOn('metrics-server', { chart: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.0' } });
      },
    };
    const addOn = repo.add(metricsServer);
    expect(seen).toEqual([repo]);
    expect(repo.addOns).toEqual([addOn]);
  });
});
