import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DisruptionBudget, EnvValue, GatewayController, GitOpsRepo, GitOpsRepoProps, IngressController, Probe, Releases, SecretRef, SyncPolicy,
} from '../../src';

/** A valid starting point: staging (automated) and production (manual), one service `api` in both. */
export function validDefinitions(props: Partial<GitOpsRepoProps> = {}, releases: unknown = { api: { staging: 'v1.0.0', production: 'v0.9.0' } }) {
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git', releases: Releases.fromData(releases, 'releases.json'), ...props });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
  const production = repo.addEnvironment('production');
  return { repo, staging, production };
}

/** Adds the standard `api` service to both environments, with overridable props and overlay options. */
export function withApi(d: ReturnType<typeof validDefinitions>, props: Record<string, unknown> = {}, production: Record<string, unknown> = {}) {
  const api = d.repo.addService('api', { image: 'registry.example.com/api', port: 8080, ...props } as never);
  api.addOverlay(d.staging);
  api.addOverlay(d.production, { replicas: 2, resources: { cpu: '100m', memory: '128Mi' }, ...production } as never);
  return api;
}

function releasesFile(content: string | undefined): Releases {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-releases-'));
  const file = path.join(dir, 'releases.json');
  if (content === undefined) fs.mkdirSync(file);
  else fs.writeFileSync(file, content);
  return Releases.fromFile(file, 'releases.json');
}

/** One malformed definition and the exact report it must produce. */
export interface BadInput {
  readonly name: string;
  readonly define: () => GitOpsRepo;
}

const js = (x: unknown) => x as never;

/** A pinned chart for add-ons in the corpus. */
const CHART = { repoURL: 'https://charts.example.com', chart: 'thing', version: '1.2.3' };

/** A cluster-scoped custom resource, as add-ons ship next to their chart. */
const issuer = (name: string) => ({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name }, spec: { selfSigned: {} } });

/** Valid definitions plus an add-on `thing` with the given `objects`. */
function withAddOnObjects(objects: unknown) {
  const d = validDefinitions();
  withApi(d);
  d.repo.addAddOn('thing', { chart: CHART, objects: js(objects) });
  return d.repo;
}

/** Valid definitions whose `api` service has an Ingress with the given props. */
function withIngress(props: Record<string, unknown>, service: Record<string, unknown> = {}) {
  const d = validDefinitions();
  withApi(d, service).addIngress('ingress', { host: 'api.example.com', controller: IngressController.nginx(), ...props } as never);
  return d.repo;
}

/** A releases file of one service with `n` levels of lists as its staging tag. */
const deeplyNested = (n: number) => `{"api": {"staging": ${'['.repeat(n)}${']'.repeat(n)}, "production": "v1"}}`;

/** The corpus: each builds definitions with one (or a few) mistakes. */
export const BAD_INPUTS: BadInput[] = [
  { name: 'service name with capitals', define: () => { const d = validDefinitions({}, { Api: { staging: 'v1', production: 'v1' } }); d.repo.addService('Api', { image: 'r/api', port: 8080 }).addOverlay(d.staging); return d.repo; } },
  { name: 'service name escaping the output folder', define: () => { const d = validDefinitions({}, {}); d.repo.addService('../evil', { image: 'r/x' }); return d.repo; } },
  { name: 'service name longer than 63', define: () => { const d = validDefinitions({}, {}); d.repo.addService('a'.repeat(64), { image: 'r/x' }); return d.repo; } },
  { name: 'environment name with dots', define: () => { const d = validDefinitions(); withApi(d); d.repo.addEnvironment('..'); return d.repo; } },
  { name: 'namespace not DNS-1123', define: () => { const d = validDefinitions(); withApi(d); d.repo.addEnvironment('qa', { namespace: 'QA_NS' }); return d.repo; } },
  { name: 'duplicate service', define: () => { const d = validDefinitions(); withApi(d); d.repo.addService('api', { image: 'r/api2' }); return d.repo; } },
  { name: 'duplicate environment', define: () => { const d = validDefinitions(); withApi(d); d.repo.addEnvironment('staging'); return d.repo; } },
  { name: 'two overlays for one environment', define: () => { const d = validDefinitions(); withApi(d).addOverlay(d.staging, { replicas: 3 }); return d.repo; } },
  { name: 'overlay for an environment of another repository', define: () => { const d = validDefinitions(); const other = validDefinitions(); withApi(d).addOverlay(other.repo.addEnvironment('qa')); return d.repo; } },
  { name: 'overlay environment passed as a string', define: () => { const d = validDefinitions(); withApi(d).addOverlay(js('qa')); return d.repo; } },
  { name: 'environment without destination', define: () => { const d = validDefinitions(); withApi(d); d.repo.addEnvironment('qa', { cluster: { server: '' } }); return d.repo; } },
  { name: 'expose without a port', define: () => { const d = validDefinitions(); withApi(d, { port: undefined, expose: true }); return d.repo; } },
  { name: 'port 0', define: () => { const d = validDefinitions(); withApi(d, { port: 0 }); return d.repo; } },
  { name: 'port as a string', define: () => { const d = validDefinitions(); withApi(d, { port: '8080' }); return d.repo; } },
  { name: 'port above 65535', define: () => { const d = validDefinitions(); withApi(d, { port: 70000 }); return d.repo; } },
  { name: 'two ports with one name', define: () => { const d = validDefinitions(); withApi(d, { port: undefined, ports: [{ name: 'http', containerPort: 8080 }, { name: 'http', containerPort: 8081 }] }); return d.repo; } },
  { name: 'port name too long', define: () => { const d = validDefinitions(); withApi(d, { port: undefined, ports: [{ name: 'prometheus-metrics', containerPort: 9090 }] }); return d.repo; } },
  { name: 'image with a tag', define: () => { const d = validDefinitions(); withApi(d, { image: 'registry.example.com/api:1.2.3' }); return d.repo; } },
  { name: 'image with a digest', define: () => { const d = validDefinitions(); withApi(d, { image: 'registry.example.com/api@sha256:' + 'a'.repeat(64) }); return d.repo; } },
  { name: 'empty image', define: () => { const d = validDefinitions(); withApi(d, { image: '' }); return d.repo; } },
  { name: 'image as a number', define: () => { const d = validDefinitions(); withApi(d, { image: 42 }); return d.repo; } },
  { name: 'negative replicas', define: () => { const d = validDefinitions(); withApi(d, { replicas: -1 }); return d.repo; } },
  { name: 'fractional replicas', define: () => { const d = validDefinitions(); withApi(d, {}, { replicas: 2.5 }); return d.repo; } },
  { name: 'replicas as a word', define: () => { const d = validDefinitions(); withApi(d, {}, { replicas: 'three' }); return d.repo; } },
  { name: 'cpu not a quantity', define: () => { const d = validDefinitions(); withApi(d, {}, { resources: { cpu: 'lots', memory: '1Gi' } }); return d.repo; } },
  { name: 'resources without memory', define: () => { const d = validDefinitions(); withApi(d, {}, { resources: { cpu: '1' } }); return d.repo; } },
  { name: 'env var name starting with a digit', define: () => { const d = validDefinitions(); withApi(d, { env: { '1BAD': 'x' } }); return d.repo; } },
  { name: 'env value as a number', define: () => { const d = validDefinitions(); withApi(d, { env: { PORT: 8080 } }); return d.repo; } },
  { name: 'probe as a plain object', define: () => { const d = validDefinitions(); withApi(d, { readiness: { httpGet: { path: '/' } } }); return d.repo; } },
  { name: 'service without props', define: () => { const d = validDefinitions({}, { api: { staging: 'v1' } }); d.repo.addService('api', js(undefined)).addOverlay(d.staging); return d.repo; } },
  { name: 'sync policy as a string', define: () => { const d = validDefinitions(); withApi(d); d.repo.addEnvironment('qa', { sync: js('auto') }); return d.repo; } },
  { name: 'empty repoURL', define: () => { const d = validDefinitions({ repoURL: '' }); withApi(d); return d.repo; } },
  { name: 'add-on chart version range', define: () => { const d = validDefinitions(); withApi(d); d.repo.addAddOn('cert-manager', { chart: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', version: '^1.21.0' } }); return d.repo; } },
  { name: 'add-on without chart', define: () => { const d = validDefinitions(); withApi(d); d.repo.addAddOn('thing', js({})); return d.repo; } },
  { name: 'production syncs automatically', define: () => { const d = validDefinitions(); withApi(d); d.repo.addEnvironment('prod', { sync: SyncPolicy.automated() }); return d.repo; } },
  { name: 'production with one replica', define: () => { const d = validDefinitions(); withApi(d, {}, { replicas: 1 }); return d.repo; } },
  { name: 'production without resources', define: () => { const d = validDefinitions(); withApi(d, {}, { resources: undefined }); return d.repo; } },
  { name: 'production on latest', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'latest' } }); withApi(d); return d.repo; } },
  { name: 'root without a reason', define: () => { const d = validDefinitions(); withApi(d, { securityOverrides: { reason: ' ', runAsNonRoot: false, runAsUser: 0 } }); return d.repo; } },
  { name: 'privilege escalation without a reason', define: () => { const d = validDefinitions(); withApi(d, { securityOverrides: { reason: '', allowPrivilegeEscalation: true, addCapabilities: ['SYS_ADMIN'] } }); return d.repo; } },
  { name: 'pathInRepo outside the repository', define: () => { const d = validDefinitions({ pathInRepo: '/abs' }); withApi(d); return d.repo; } },
  { name: 'releases data is a list', define: () => { const d = validDefinitions({}, ['api']); withApi(d); return d.repo; } },
  { name: 'releases service entry is a string', define: () => { const d = validDefinitions({}, { api: 'v1' }); withApi(d); return d.repo; } },
  { name: 'tag with a space', define: () => { const d = validDefinitions({}, { api: { staging: 'v 1', production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'truncated digest', define: () => { const d = validDefinitions({}, { api: { staging: 'sha256:abc', production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'releases entry for an unknown service with no environment', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'v1' }, ghost: {} }); withApi(d); return d.repo; } },
  { name: 'releases entries of an unknown service in two environments: one problem', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'v1' }, web: { staging: 'v1', production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'releases entry for an unknown service', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'v1' }, web: { staging: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'releases entry for an unknown environment', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'v1', qa: 'v1' } }); withApi(d); return d.repo; } },
  // The tree under test deploys both overlays: a tag gone missing must not undeploy production.
  { name: 'no tag for an overlay the tree deploys', define: () => { const d = validDefinitions({}, { api: { staging: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'unreadable releases file', define: () => { const d = validDefinitions({ releases: releasesFile(undefined) }); withApi(d); return d.repo; } },
  { name: 'releases file with broken JSON', define: () => { const d = validDefinitions({ releases: releasesFile('{"api": {"staging": "v1",}}') }); withApi(d); return d.repo; } },
  { name: 'empty releases file', define: () => { const d = validDefinitions({ releases: releasesFile('') }); withApi(d); return d.repo; } },
  { name: 'probe with a bad port name still renders a clear report', define: () => { const d = validDefinitions(); withApi(d, { readiness: Probe.fromHttpGet('/ready'), port: -5 }); return d.repo; } },
  // Releases data: keys written twice, JavaScript's own property names, limits, odd values.
  { name: 'releases file with an environment written twice', define: () => { const d = validDefinitions({ releases: releasesFile('{\n  "api": {\n    "staging": "v1",\n    "production": "v1",\n    "staging": "v2"\n  }\n}\n') }); withApi(d); return d.repo; } },
  { name: 'releases file with a service written twice', define: () => { const d = validDefinitions({ releases: releasesFile('{\n  "api": { "staging": "v1" },\n  "api": { "production": "v1" }\n}\n') }); withApi(d); return d.repo; } },
  { name: 'releases file with a key written twice through an escape', define: () => { const d = validDefinitions({ releases: releasesFile('{"api": {"staging": "v1", "production": "v1", "st\\u0061ging": "v2"}}') }); withApi(d); return d.repo; } },
  { name: 'releases file with a __proto__ service', define: () => { const d = validDefinitions({ releases: releasesFile('{"__proto__": {"staging": "v1"}, "api": {"staging": "v1", "production": "v1"}}') }); withApi(d); return d.repo; } },
  { name: 'releases file with a __proto__ environment', define: () => { const d = validDefinitions({ releases: releasesFile('{"api": {"__proto__": "v1", "staging": "v1", "production": "v1"}}') }); withApi(d); return d.repo; } },
  { name: 'releases environment named constructor', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'v1', constructor: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'releases service named prototype', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'v1' }, prototype: { staging: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'releases file above 8 MiB', define: () => { const d = validDefinitions({ releases: releasesFile(`{"api": {"staging": "${'v'.repeat(9 * 1024 * 1024)}"}}`) }); withApi(d); return d.repo; } },
  { name: 'releases data with 200,000 services', define: () => { const d = validDefinitions({}, Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`s${i}`, { staging: 'v1' }]))); withApi(d); return d.repo; } },
  { name: 'releases file nested 5,000 levels deep', define: () => { const d = validDefinitions({ releases: releasesFile(deeplyNested(5000)) }); withApi(d); return d.repo; } },
  { name: 'releases value nested within the depth limit', define: () => { const d = validDefinitions({ releases: releasesFile(deeplyNested(3)) }); withApi(d); return d.repo; } },
  { name: 'releases data with a cycle', define: () => { const envs: Record<string, unknown> = { production: 'v1' }; envs.staging = envs; const d = validDefinitions({}, { api: envs }); withApi(d); return d.repo; } },
  { name: 'releases file that is JSON null', define: () => { const d = validDefinitions({ releases: releasesFile('null') }); withApi(d); return d.repo; } },
  { name: 'releases file with text after the JSON', define: () => { const d = validDefinitions({ releases: releasesFile('{"api": {"staging": "v1", "production": "v1"}} {}') }); withApi(d); return d.repo; } },
  { name: 'tag of 10 MB', define: () => { const d = validDefinitions({}, { api: { staging: 'v'.repeat(10_000_000), production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'tag of 129 characters', define: () => { const d = validDefinitions({}, { api: { staging: 'v'.repeat(129), production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'tag starting with a dot', define: () => { const d = validDefinitions({}, { api: { staging: '.v1', production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'tag with a slash', define: () => { const d = validDefinitions({}, { api: { staging: 'feature/login', production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'tag as a JSON number', define: () => { const d = validDefinitions({ releases: releasesFile('{"api": {"staging": 1.2, "production": "v1"}}') }); withApi(d); return d.repo; } },
  { name: 'tag as null', define: () => { const d = validDefinitions({}, { api: { staging: null, production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'tag written as an object', define: () => { const d = validDefinitions({}, { api: { staging: { tag: 'v1' }, production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'digest with uppercase hex', define: () => { const d = validDefinitions({}, { api: { staging: 'sha256:' + 'A'.repeat(64), production: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'releases entry for an unknown service with a long name', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'v1' }, ['svc-'.repeat(30)]: { staging: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'releases environment key with a space', define: () => { const d = validDefinitions({}, { api: { 'staging': 'v1', 'production': 'v1', 'pre prod': 'v1' } }); withApi(d); return d.repo; } },
  { name: 'production on LATEST in capitals', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'LATEST' } }); withApi(d); return d.repo; } },
  // Waivers: a waiver counts only with a reason.
  { name: 'min-replicas waiver without a reason', define: () => { const d = validDefinitions(); withApi(d, {}, { replicas: 1, waivers: { 'min-replicas': '' } }); return d.repo; } },
  { name: 'automated-sync waiver of blanks', define: () => { const d = validDefinitions(); withApi(d); d.repo.addEnvironment('prod', { sync: SyncPolicy.automated(), waivers: { 'automated-sync': '   ' } }); return d.repo; } },
  { name: 'mutable-tags waiver given as a boolean', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'main' } }); withApi(d, {}, { waivers: { 'mutable-tags': js(true) } }); return d.repo; } },
  // Names.
  { name: 'add-on name with capitals', define: () => { const d = validDefinitions(); withApi(d); d.repo.addAddOn('CertManager', { chart: CHART }); return d.repo; } },
  { name: 'add-on namespace not DNS-1123', define: () => { const d = validDefinitions(); withApi(d); d.repo.addAddOn('thing', { chart: CHART, namespace: 'Thing_NS' }); return d.repo; } },
  { name: 'duplicate add-on', define: () => { const d = validDefinitions(); withApi(d); d.repo.addAddOn('thing', { chart: CHART }); d.repo.addAddOn('thing', { chart: CHART }); return d.repo; } },
  { name: 'service name ending with a dash', define: () => { const d = validDefinitions({}, {}); d.repo.addService('api-', { image: 'r/x' }); return d.repo; } },
  // Add-ons: charts and the files of their objects.
  { name: 'add-on chart from plain http', define: () => { const d = validDefinitions(); withApi(d); d.repo.addAddOn('thing', { chart: { ...CHART, repoURL: 'http://charts.example.com' } }); return d.repo; } },
  { name: 'add-on chart on latest', define: () => { const d = validDefinitions(); withApi(d); d.repo.addAddOn('thing', { chart: { ...CHART, version: 'latest' } }); return d.repo; } },
  { name: 'add-on objects in namespace.yaml', define: () => withAddOnObjects([{ fileName: 'namespace.yaml', objects: [issuer('selfsigned')] }]) },
  { name: 'add-on objects in kustomization.yaml', define: () => withAddOnObjects([{ fileName: 'kustomization.yaml', objects: [issuer('selfsigned')] }]) },
  { name: 'add-on objects in a second kustomization file', define: () => withAddOnObjects([{ fileName: 'kustomization.yml', objects: [issuer('selfsigned')] }]) },
  { name: 'add-on objects in a file named Kustomization', define: () => withAddOnObjects([{ fileName: 'Kustomization', objects: [issuer('selfsigned')] }]) },
  { name: 'add-on objects in the Application file', define: () => withAddOnObjects([{ fileName: '../../argocd/applications/thing.yaml', objects: [issuer('selfsigned')] }]) },
  { name: 'add-on objects in a file differing from namespace.yaml in case', define: () => withAddOnObjects([{ fileName: 'Namespace.yaml', objects: [issuer('selfsigned')] }]) },
  { name: 'two add-on object files with one name', define: () => withAddOnObjects([{ fileName: 'issuers.yaml', objects: [issuer('a')] }, { fileName: 'issuers.yaml', objects: [issuer('b')] }]) },
  { name: 'two add-on object files differing in case', define: () => withAddOnObjects([{ fileName: 'issuers.yaml', objects: [issuer('a')] }, { fileName: 'Issuers.yaml', objects: [issuer('b')] }]) },
  { name: 'add-on object that is its own Namespace', define: () => withAddOnObjects([{ fileName: 'extra.yaml', objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'thing' } }] }]) },
  { name: 'two add-on objects with one kind and name', define: () => withAddOnObjects([{ fileName: 'a.yaml', objects: [issuer('selfsigned')] }, { fileName: 'b.yaml', objects: [issuer('selfsigned')] }]) },
  { name: 'add-on object file without a name', define: () => withAddOnObjects([{ fileName: '', objects: [issuer('selfsigned')] }]) },
  { name: 'add-on objects not a list', define: () => withAddOnObjects({ fileName: 'issuers.yaml', objects: [issuer('selfsigned')] }) },
  // Ports, probes, resources and env values.
  { name: 'containerPort 0', define: () => { const d = validDefinitions(); withApi(d, { port: undefined, ports: [{ name: 'http', containerPort: 0 }] }); return d.repo; } },
  { name: 'servicePort above 65535', define: () => { const d = validDefinitions(); withApi(d, { port: undefined, ports: [{ name: 'http', containerPort: 8080, servicePort: 70000 }] }); return d.repo; } },
  { name: 'port name with capitals', define: () => { const d = validDefinitions(); withApi(d, { port: undefined, ports: [{ name: 'HTTP', containerPort: 8080 }] }); return d.repo; } },
  { name: 'liveness as a string', define: () => { const d = validDefinitions(); withApi(d, { liveness: '/healthz' }); return d.repo; } },
  { name: 'memory in gigabytes as GB', define: () => { const d = validDefinitions(); withApi(d, {}, { resources: { cpu: '100m', memory: '1GB' } }); return d.repo; } },
  { name: 'resources as a string', define: () => { const d = validDefinitions(); withApi(d, { resources: '1 cpu' }); return d.repo; } },
  { name: 'cpu limit not a quantity', define: () => { const d = validDefinitions(); withApi(d, {}, { resources: { cpu: '100m', memory: '128Mi', cpuLimit: '-1' } }); return d.repo; } },
  { name: 'a service whose image push role name is too long for IAM', define: () => { const d = validDefinitions({}, {}); d.repo.addService('s'.repeat(54), { image: 'registry.example.com/x', port: 8080, source: { repository: 'acme/x' } }).addOverlay(d.staging); return d.repo; } },
  { name: 'a mistyped overlay option', define: () => { const d = validDefinitions(); withApi(d, {}, { replica: 3 }); return d.repo; } },
  { name: 'a service prop that does not exist', define: () => { const d = validDefinitions(); withApi(d, { healthCheck: '/healthz', imagePullPolicy: 'Always' }); return d.repo; } },
  { name: 'env as a list', define: () => { const d = validDefinitions(); withApi(d, { env: ['LOG_LEVEL=info'] }); return d.repo; } },
  { name: 'overlay env value as a boolean', define: () => { const d = validDefinitions(); withApi(d, {}, { env: { DEBUG: false } }); return d.repo; } },
  // Secrets: literal credentials and keys shared between environments.
  { name: 'password as a literal env value', define: () => { const d = validDefinitions(); withApi(d, { env: { DB_PASSWORD: 'hunter2' } }); return d.repo; } },
  { name: 'token as a literal overlay env value', define: () => { const d = validDefinitions(); withApi(d, {}, { env: { GITHUB_TOKEN: EnvValue.fromValue('ghp_x') } }); return d.repo; } },
  { name: 'one secret key read by two environments', define: () => { const d = validDefinitions(); const shared = EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('prod/api/db', 'password')); const api = d.repo.addService('api', { image: 'registry.example.com/api', port: 8080 }); api.addOverlay(d.staging, { env: { DB_PASSWORD: shared } }); api.addOverlay(d.production, { replicas: 2, resources: { cpu: '100m', memory: '128Mi' }, env: { DB_PASSWORD: shared } }); return d.repo; } },
  // Ingress hosts and routes.
  { name: 'ingress host with capitals', define: () => withIngress({ host: 'API.example.com' }) },
  { name: 'ingress host without a domain', define: () => withIngress({ host: 'localhost' }) },
  { name: 'ingress host with a scheme', define: () => withIngress({ host: 'https://api.example.com' }) },
  { name: 'ingress to a port the service does not have', define: () => withIngress({ portName: 'metrics' }) },
  { name: 'ingress on a service without a port', define: () => withIngress({}, { port: undefined }) },
  { name: 'ingress on a service that is not exposed', define: () => withIngress({}, { expose: false }) },
  // Sync settings and destinations.
  { name: 'sync policy as a plain object', define: () => { const d = validDefinitions(); withApi(d); d.repo.addEnvironment('qa', { sync: js({ automated: { prune: true } }) }); return d.repo; } },
  { name: 'cluster server that is not http', define: () => { const d = validDefinitions(); withApi(d); d.repo.addEnvironment('qa', { cluster: { server: 'kubernetes.default.svc' } }); return d.repo; } },
  { name: 'empty targetRevision', define: () => { const d = validDefinitions({ targetRevision: '' }); withApi(d); return d.repo; } },
  // One root cause, one line.
  { name: 'uppercase service name in both environments: one line', define: () => { const d = validDefinitions({}, { payments: { staging: 'v1', production: 'v1' } }); const s = d.repo.addService('Payments', { image: 'registry.example.com/payments', port: 8080 }); s.addExternalSecret('config', { extract: [SecretRef.fromAwsSecretsManager('prod/payments/config')] }); s.addOverlay(d.staging); s.addOverlay(d.production, { replicas: 2, resources: { cpu: '100m', memory: '128Mi' } }); return d.repo; } },
  // Ports the restricted profile cannot bind.
  { name: 'port 80 under the restricted profile', define: () => { const d = validDefinitions(); withApi(d, { port: 80 }); return d.repo; } },
  { name: 'containerPort 443 with NET_BIND_SERVICE but no reason', define: () => { const d = validDefinitions(); withApi(d, { port: undefined, ports: [{ name: 'https', containerPort: 443 }], securityOverrides: { reason: '', addCapabilities: ['NET_BIND_SERVICE'] } }); return d.repo; } },
  // Autoscaling, disruption budgets, topology spread, NetworkPolicies.
  { name: 'replicas next to autoscaling', define: () => { const d = validDefinitions(); withApi(d, {}, { replicas: 4, autoscaling: { minReplicas: 2, maxReplicas: 6 } }); return d.repo; } },
  { name: 'autoscaling maxReplicas below minReplicas', define: () => { const d = validDefinitions(); withApi(d, {}, { replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 2 } }); return d.repo; } },
  { name: 'autoscaling on CPU without requests', define: () => { const d = validDefinitions(); withApi(d, {}, { replicas: undefined, resources: undefined, autoscaling: { minReplicas: 2, maxReplicas: 6 }, waivers: { resources: 'sized by the autoscaler' } }); return d.repo; } },
  { name: 'autoscaling as a number', define: () => { const d = validDefinitions(); withApi(d, { autoscaling: 3 }); return d.repo; } },
  { name: 'disruption budget that blocks every drain', define: () => { const d = validDefinitions(); withApi(d, {}, { disruptionBudget: DisruptionBudget.minAvailable(2) }); return d.repo; } },
  { name: 'disruption budget as a plain object', define: () => { const d = validDefinitions(); withApi(d, {}, { disruptionBudget: { maxUnavailable: 1 } }); return d.repo; } },
  { name: 'disruption budget of a negative count', define: () => { const d = validDefinitions(); withApi(d, {}, { disruptionBudget: DisruptionBudget.maxUnavailable(-1) }); return d.repo; } },
  { name: 'topology spread as a string', define: () => { const d = validDefinitions(); withApi(d, {}, { topologySpread: 'zones' }); return d.repo; } },
  { name: 'NetworkPolicy namespace with capitals', define: () => { const d = validDefinitions(); withApi(d, {}, { networkPolicy: { allowNamespaces: ['Monitoring'] } }); return d.repo; } },
  { name: 'allowFrom a service of another repository', define: () => { const d = validDefinitions(); const other = validDefinitions(); withApi(d).allowFrom(other.repo.addService('web', { image: 'registry.example.com/web', port: 8080 })); return d.repo; } },
  // Objects added with addObject.
  { name: 'object without a name', define: () => { const d = validDefinitions(); withApi(d).addObject('settings', js({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })); return d.repo; } },
  { name: 'object in the Deployment\'s file', define: () => { const d = validDefinitions(); withApi(d).addObject('deployment', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-settings' } }); return d.repo; } },
  { name: 'object with the kind and name of the Deployment', define: () => { const d = validDefinitions(); withApi(d).addObject('extra', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' } }); return d.repo; } },
  { name: 'overlay object with the kind and name of a base object', define: () => { const d = validDefinitions(); const api = withApi(d); api.addObject('settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-settings' } }); api.overlays[1].addObject('settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-settings' } }); return d.repo; } },
  { name: 'object file name with a folder', define: () => { const d = validDefinitions(); withApi(d).addObject('settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-settings' } }, { fileName: '../settings.yaml' }); return d.repo; } },
  { name: 'object in a second kustomization file', define: () => { const d = validDefinitions(); withApi(d).overlays[0].addObject('settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-settings' } }, { fileName: 'kustomization.yml' }); return d.repo; } },
  // Secrets wired end to end.
  { name: 'secret key of a Secret no ExternalSecret creates', define: () => { const d = validDefinitions({}, { payments: { staging: 'v1', production: 'v1' } }); const s = d.repo.addService('payments', { image: 'registry.example.com/payments', port: 8080, env: { CONFIG_URL: EnvValue.fromSecretKey('payment-config', 'url') } }); s.addExternalSecret('config', { extract: [SecretRef.fromAwsSecretsManager('shared/payments/config')] }); s.addOverlay(d.staging); s.addOverlay(d.production, { replicas: 2, resources: { cpu: '100m', memory: '128Mi' } }); return d.repo; } },
  { name: 'secret key the ExternalSecret does not copy', define: () => { const d = validDefinitions(); const api = withApi(d, { env: { DB_URL: EnvValue.fromSecretKey('api-db', 'url') } }); api.addExternalSecret('db', { data: [{ secretKey: 'password', ref: SecretRef.fromAwsSecretsManager('shared/api/db', 'password') }] }); return d.repo; } },
  { name: 'AWS secret name with a placeholder', define: () => { const d = validDefinitions(); withApi(d, {}, { env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('prod/${service}/db', 'password')) } }); return d.repo; } },
  // Gateway API routes.
  { name: 'HTTPRoute host with capitals', define: () => { const d = validDefinitions(); withApi(d).overlays[1].addHttpRoute('http-route', { gateway: GatewayController.envoy().gateway(), hostnames: ['API.example.com'] }); return d.repo; } },
  { name: 'HTTPRoute without host names', define: () => { const d = validDefinitions(); withApi(d).overlays[1].addHttpRoute('http-route', { gateway: GatewayController.envoy().gateway(), hostnames: [] }); return d.repo; } },
  { name: 'HTTPRoute to a port the service does not have', define: () => { const d = validDefinitions(); withApi(d).overlays[1].addHttpRoute('http-route', { gateway: GatewayController.envoy().gateway(), hostnames: ['api.example.com'], portName: 'metrics' }); return d.repo; } },
  { name: 'HTTPRoute to a Gateway without namespace', define: () => { const d = validDefinitions(); withApi(d).overlays[1].addHttpRoute('http-route', { gateway: js({ name: 'public' }), hostnames: ['api.example.com'] }); return d.repo; } },
  { name: 'HTTPRoute in the base and an overlay with one name', define: () => { const d = validDefinitions(); const api = withApi(d); const gateway = GatewayController.envoy().gateway(); api.addHttpRoute('http-route', { gateway, hostnames: ['api.example.com'] }); api.overlays[1].addHttpRoute('http-route', { gateway, hostnames: ['api.example.com'] }); return d.repo; } },
  { name: 'Gateway host name with a scheme', define: () => { const d = validDefinitions(); withApi(d); d.repo.add(GatewayController.envoy({ gateways: [{ hostnames: ['https://api.example.com'] }] }).addOn()); return d.repo; } },
];
