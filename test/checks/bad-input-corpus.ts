import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitOpsRepo, GitOpsRepoProps, Probe, Releases, SyncPolicy } from '../../src';

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

/** The corpus: each builds definitions with one (or a few) mistakes. */
export const BAD_INPUTS: BadInput[] = [
  { name: 'service name with capitals', define: () => { const d = validDefinitions({}, { Api: { staging: 'v1', production: 'v1' } }); d.repo.addService('Api', { image: 'r/api', port: 80 }).addOverlay(d.staging); return d.repo; } },
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
  { name: 'two ports with one name', define: () => { const d = validDefinitions(); withApi(d, { port: undefined, ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] }); return d.repo; } },
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
  { name: 'releases entry for an unknown service', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'v1' }, web: { staging: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'releases entry for an unknown environment', define: () => { const d = validDefinitions({}, { api: { staging: 'v1', production: 'v1', qa: 'v1' } }); withApi(d); return d.repo; } },
  // The tree under test deploys both overlays: a tag gone missing must not undeploy production.
  { name: 'no tag for an overlay the tree deploys', define: () => { const d = validDefinitions({}, { api: { staging: 'v1' } }); withApi(d); return d.repo; } },
  { name: 'unreadable releases file', define: () => { const d = validDefinitions({ releases: releasesFile(undefined) }); withApi(d); return d.repo; } },
  { name: 'releases file with broken JSON', define: () => { const d = validDefinitions({ releases: releasesFile('{"api": {"staging": "v1",}}') }); withApi(d); return d.repo; } },
  { name: 'empty releases file', define: () => { const d = validDefinitions({ releases: releasesFile('') }); withApi(d); return d.repo; } },
  { name: 'probe with a bad port name still renders a clear report', define: () => { const d = validDefinitions(); withApi(d, { readiness: Probe.httpGet('/ready'), port: -5 }); return d.repo; } },
];
