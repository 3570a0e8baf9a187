import { AcmeServer, AddOnOptions, certManager, externalDns, ExternalDnsPolicy, GitOpsRepo, IngressController, synthesize } from '../../src';
import { isClusterScopedKind, isCustomResource, KUSTOMIZATION_FILE_NAMES } from '../../src/infrastructure/add-on';
import { CERT_MANAGER_CHART, letsEncryptClusterIssuer } from '../../src/infrastructure/cert-manager';
import { INGRESS_NGINX_CHART } from '../../src/infrastructure/ingress-controller';
import { synthErrorOf } from '../support/errors';
import { describeWithSchemas, referenceValidator } from '../support/shared';

type AnyObject = Record<string, any>;

const EXTERNAL_DNS = { domainFilters: ['example.com'], roleArn: 'arn:aws:iam::123456789012:role/external-dns', txtOwnerId: 'acme-eu-west-1', region: 'eu-west-1' };

function repoWithAddOns(): GitOpsRepo {
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
  const nginx = IngressController.nginx();
  repo.add(certManager({ letsEncrypt: { email: 'platform@example.com', ingressClassName: nginx.className } }));
  repo.add(externalDns(EXTERNAL_DNS));
  repo.add(nginx.addOn());
  return repo;
}

function application(repo: GitOpsRepo, name: string): AnyObject {
  return repo.renderFiles().find((f) => f.path === `argocd/applications/${name}.yaml`)!.objects[0] as AnyObject;
}

describe('cert-manager', () => {
  test('pinned chart with its CRDs, leader election in its own namespace', () => {
    const [chart, folder] = application(repoWithAddOns(), 'cert-manager').spec.sources;
    expect(chart).toEqual({
      repoURL: 'https://charts.jetstack.io',
      chart: 'cert-manager',
      targetRevision: 'v1.21.1',
      helm: { releaseName: 'cert-manager', valuesObject: { crds: { enabled: true, keep: true }, global: { leaderElection: { namespace: 'cert-manager' } }, replicaCount: 2 } },
    });
    expect(folder).toEqual({ repoURL: 'https://example.com/acme/gitops.git', targetRevision: 'main', path: 'infrastructure/cert-manager' });
    expect(CERT_MANAGER_CHART.version).toBe('v1.21.1');
  });

  test('Let\'s Encrypt staging and production ClusterIssuers with the email from the definition', () => {
    const file = repoWithAddOns().renderFiles().find((f) => f.path === 'infrastructure/cert-manager/cluster-issuers.yaml')!;
    expect(file.objects.map((o) => [o.metadata?.name, (o as AnyObject).spec.acme.email, (o as AnyObject).spec.acme.server])).toEqual([
      ['letsencrypt-staging', 'platform@example.com', 'https://acme-staging-v02.api.letsencrypt.org/directory'],
      ['letsencrypt-production', 'platform@example.com', 'https://acme-v02.api.letsencrypt.org/directory'],
    ]);
    expect((file.objects[1] as AnyObject).spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: 'nginx' } } }]);
  });

  test('no issuer unless asked for; extra values merge over the typed ones', () => {
    const preset = certManager({ replicaCount: 3, extraValues: { prometheus: { enabled: true } } });
    expect(preset.name).toBe('cert-manager');
    expect(preset.options.objects).toEqual([]);
    expect(preset.options.values).toEqual({ crds: { enabled: true, keep: true }, global: { leaderElection: { namespace: 'cert-manager' } }, replicaCount: 3, prometheus: { enabled: true } });
  });

  test('a single issuer can be built on its own', () => {
    const issuer = letsEncryptClusterIssuer({ email: 'a@example.com', ingressClassName: 'traefik', server: AcmeServer.letsEncryptStaging(), name: 'le-test' }) as AnyObject;
    expect([issuer.metadata.name, issuer.spec.acme.privateKeySecretRef.name, issuer.spec.acme.server]).toEqual(['le-test', 'le-test-account-key', 'https://acme-staging-v02.api.letsencrypt.org/directory']);
  });
});

describe('external-dns', () => {
  test('provider aws, domain filters, TXT owner, upsert-only policy and the IRSA role on its ServiceAccount', () => {
    const values = application(repoWithAddOns(), 'external-dns').spec.sources[0].helm.valuesObject;
    expect(values).toEqual({
      provider: { name: 'aws' },
      domainFilters: ['example.com'],
      txtOwnerId: 'acme-eu-west-1',
      policy: 'upsert-only',
      registry: 'txt',
      sources: ['ingress', 'service'],
      serviceAccount: { create: true, name: 'external-dns', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/external-dns' } },
      env: [{ name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' }],
    });
  });

  test('policy is a choice', () => {
    expect([ExternalDnsPolicy.sync(), ExternalDnsPolicy.upsertOnly(), ExternalDnsPolicy.createOnly()].map((p) => p.value)).toEqual(['sync', 'upsert-only', 'create-only']);
    expect(externalDns({ ...EXTERNAL_DNS, policy: ExternalDnsPolicy.sync() }).options.values?.policy).toBe('sync');
  });
});

describe('ingress controllers', () => {
  test('ingress-nginx: pinned chart, its IngressClass, not the default class', () => {
    const nginx = IngressController.nginx({ serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } });
    const addOn = nginx.addOn();
    expect([addOn.name, nginx.className, addOn.options.chart]).toEqual(['ingress-nginx', 'nginx', INGRESS_NGINX_CHART]);
    expect(addOn.options.values).toEqual({
      controller: {
        replicaCount: 2,
        ingressClassResource: { name: 'nginx', enabled: true, default: false, controllerValue: 'k8s.io/ingress-nginx' },
        ingressClass: 'nginx',
        service: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } },
      },
    });
  });

  test('another controller fits the same model', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
    const traefik = IngressController.custom({ addOnName: 'traefik', className: 'traefik', chart: { repoURL: 'https://traefik.github.io/charts', chart: 'traefik', version: '37.1.1' } });
    repo.add(traefik.addOn());
    expect(application(repo, 'traefik').spec.sources[0]).toEqual({ repoURL: 'https://traefik.github.io/charts', chart: 'traefik', targetRevision: '37.1.1', helm: { releaseName: 'traefik', valuesObject: {} } });
    expect(traefik.className).toBe('traefik');
  });
});

describe('add-on Applications', () => {
  test('infrastructure project, infrastructure wave, server-side apply', () => {
    const app = application(repoWithAddOns(), 'ingress-nginx');
    expect([app.spec.project, app.metadata.annotations['argocd.argoproj.io/sync-wave'], app.spec.syncPolicy.syncOptions]).toEqual([
      'infrastructure', '-10', ['CreateNamespace=true', 'ServerSideApply=true'],
    ]);
  });

  test('the generic AddOn API keeps working with only a chart and values', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
    repo.addAddOn('metrics-server', { chart: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.0' }, values: { replicas: 2 }, namespace: 'kube-metrics', serverSideApply: false });
    const app = application(repo, 'metrics-server');
    expect([app.spec.destination, app.spec.syncPolicy.syncOptions]).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'kube-metrics' }, ['CreateNamespace=true']]);
  });

  test('installed into several clusters: one Application per cluster with per-cluster values, project destinations follow', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
    repo.addAddOn('external-dns', {
      ...externalDns(EXTERNAL_DNS).options,
      clusters: [{ name: 'eu-west-1', values: { txtOwnerId: 'eu-west-1' } }, { name: 'us-east-1', values: { txtOwnerId: 'us-east-1' } }],
    });
    const apps = ['external-dns-eu-west-1', 'external-dns-us-east-1'].map((n) => application(repo, n));
    const summary = (a: AnyObject) => {
      const [chart, folder] = a.spec.sources;
      return [a.spec.destination, chart.helm.valuesObject.txtOwnerId, chart.helm.releaseName, folder.path];
    };
    expect(apps.map(summary)).toEqual([
      [{ name: 'eu-west-1', namespace: 'external-dns' }, 'eu-west-1', 'external-dns', 'infrastructure/external-dns'],
      [{ name: 'us-east-1', namespace: 'external-dns' }, 'us-east-1', 'external-dns', 'infrastructure/external-dns'],
    ]);
    const project = repo.renderFiles().find((f) => f.path === 'argocd/projects/infrastructure.yaml')!.objects[0] as AnyObject;
    expect(project.spec.destinations).toEqual([{ name: 'eu-west-1', namespace: 'external-dns' }, { name: 'us-east-1', namespace: 'external-dns' }]);
    expect(repo.renderFiles().map((f) => f.path)).not.toContain('argocd/applications/external-dns.yaml');
  });

  test('scope and custom-resource detection', () => {
    expect(['ClusterIssuer', 'Namespace', 'IngressClass', 'Deployment', 'Issuer'].map(isClusterScopedKind)).toEqual([true, true, true, false, false]);
    expect([
      { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer' },
      { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass' },
      { apiVersion: 'v1', kind: 'Namespace' },
      { apiVersion: 'apps/v1', kind: 'Deployment' },
    ].map(isCustomResource)).toEqual([true, false, false, false]);
  });
});

describe('bad add-on input is reported with every other problem, and nothing is written', () => {
  test('typed options and chart pins', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
    repo.add(certManager({ letsEncrypt: { email: 'platform', ingressClassName: 'nginx' }, chart: { ...CERT_MANAGER_CHART, version: '^1.21.0' } }));
    repo.add(externalDns({ domainFilters: [], roleArn: 'external-dns', txtOwnerId: ' ', region: 'eu-west-1', chart: { repoURL: 'http://charts.example.com', chart: 'external-dns', version: 'latest' } }));
    repo.addAddOn('other-dns', externalDns({ ...EXTERNAL_DNS, domainFilters: ['Example.com'] }).options);
    expect(synthErrorOf(() => synthesize(repo).tree.files)).toBe([
      'gitops-synth: 8 problems found, nothing was written',
      'add-on cert-manager:',
      '  ✖ chart.version = "^1.21.0": is not an exact chart version (fix: pin one released version, e.g. "1.21.1"; ranges and "latest" let a chart upgrade itself unreviewed)',
      '  ✖ letsEncrypt.email = "platform": is not an email address (fix: give the address Let\'s Encrypt sends expiry notices to, e.g. "platform@example.com")',
      'add-on external-dns:',
      '  ✖ chart.repoURL = "http://charts.example.com": is not an https:// or oci:// chart repository (fix: use the chart repository URL from the chart\'s documentation, e.g. "https://charts.jetstack.io")',
      '  ✖ chart.version = "latest": is not an exact chart version (fix: pin one released version, e.g. "1.21.1"; ranges and "latest" let a chart upgrade itself unreviewed)',
      '  ✖ domainFilters = []: is empty: external-dns would manage every zone the role can reach (fix: list the zones it may write, e.g. ["example.com"])',
      '  ✖ roleArn = "external-dns": is not an IAM role ARN (fix: use arn:aws:iam::<12-digit account>:role/<name>)',
      '  ✖ txtOwnerId = " ": is empty (fix: use a name unique to this cluster, e.g. the cluster name)',
      'add-on other-dns:',
      '  ✖ domainFilters = "Example.com": is not a DNS zone name (fix: use a lowercase zone name such as "example.com")',
    ].join('\n'));
  });
});

describe('add-on objects have files of their own', () => {
  const CHART = { repoURL: 'https://charts.example.com', chart: 'thing', version: '1.2.3' };
  const issuer = (name: string) => ({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name } });
  const repoWith = (objects: AddOnOptions['objects'], clusters?: AddOnOptions['clusters']) => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
    repo.addAddOn('thing', { chart: CHART, objects, clusters });
    return repo;
  };

  test('the add-on names the files it writes itself: Namespace, kustomization, one Application per cluster', () => {
    const repo = repoWith([], [{ name: 'eu' }, { name: 'us' }]);
    expect(repo.addOns[0].generatedFiles).toEqual([
      { path: 'infrastructure/thing/namespace.yaml', holds: 'the add-on\'s Namespace' },
      { path: 'infrastructure/thing/kustomization.yaml', holds: 'the add-on\'s kustomization' },
      { path: 'argocd/applications/thing-eu.yaml', holds: 'the add-on\'s Application thing-eu' },
      { path: 'argocd/applications/thing-us.yaml', holds: 'the add-on\'s Application thing-us' },
    ]);
    expect(KUSTOMIZATION_FILE_NAMES).toEqual(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
  });

  test('files of their own, also in a subfolder, are listed in the kustomization', () => {
    const repo = repoWith([{ fileName: 'issuers.yaml', objects: [issuer('a')] }, { fileName: 'extra/namespace.yaml', objects: [issuer('b')] }]);
    const files = synthesize(repo).tree.files;
    expect(files.find((f) => f.path === 'infrastructure/thing/kustomization.yaml')!.content).toContain('resources:\n  - namespace.yaml\n  - issuers.yaml\n  - extra/namespace.yaml\n');
  });

  test('every clash is reported, with the file it clashes with and a file name to use instead', () => {
    const repo = repoWith([
      { fileName: 'namespace.yaml', objects: [issuer('a')] },
      { fileName: 'issuers.yaml', objects: [issuer('b')] },
      { fileName: './issuers.yaml', objects: [issuer('c')] },
      { fileName: 'KUSTOMIZATION.yaml', objects: [] },
    ]);
    expect(synthErrorOf(() => synthesize(repo).tree.files).split('\n').filter((l) => l.includes('fileName'))).toEqual([
      '  ✖ objects[0].fileName = "namespace.yaml": is the file of the add-on\'s Namespace (infrastructure/thing/namespace.yaml): these objects would replace it (fix: give these objects a file of their own, e.g. "cluster-issuers.yaml")',
      '  ✖ objects[2].fileName = "./issuers.yaml": is the file of objects[1] (infrastructure/thing/issuers.yaml): one list of objects would replace the other (fix: give these objects a file of their own, e.g. "cluster-issuers.yaml")',
      '  ✖ objects[3].fileName = "KUSTOMIZATION.yaml": differs only in case from the file of the add-on\'s kustomization (infrastructure/thing/kustomization.yaml): on a case-insensitive file system (macOS, Windows) these objects would replace it (fix: give these objects a file of their own, e.g. "objects-3.yaml")',
    ]);
  });
});

describeWithSchemas('add-on schemas', () => {
  test('Applications, ClusterIssuers and Namespaces validate against the CRDs and Kubernetes definitions', () => {
    const files = repoWithAddOns().renderFiles();
    const kinds = new Set(files.flatMap((f) => f.objects).map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['AppProject', 'Application', 'ClusterIssuer', 'Kustomization', 'Namespace']);
    expect(referenceValidator().validateFiles(files)).toEqual([]);
  });
});
