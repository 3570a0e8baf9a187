import * as fs from 'fs';
import * as path from 'path';
import { BAD_INPUTS, validDefinitions, withApi } from './bad-input-corpus';
import { synth, SynthError } from '../../src';
import { readTree, tempDir } from '../support/tmp';

/** The exact report each bad input must produce (one line per problem, grouped by subject, with a fix). */
const EXPECTED: Record<string, string[]> = Object.fromEntries([
  ['service name with capitals', [
    'gitops-synth: 2 problems found, nothing was written',
    'releases releases.json:',
    '  ✖ Api.production = "v1": service "Api" has no overlay for environment "production" (fix: remove the entry or add the overlay with service.addOverlay(production, …); overlays: staging)',
    'service Api:',
    '  ✖ name = "Api": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
  ]],
  ['service name escaping the output folder', [
    'gitops-synth: 2 problems found, nothing was written',
    'service ../evil:',
    '  ✖ name = "../evil": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
    '  ✖ path = "apps/../evil/base/service-account.yaml": is not a plain relative path inside the output folder (fix: use names without "/", ".." or leading "/")',
  ]],
  ['service name longer than 63', [
    'gitops-synth: 1 problem found, nothing was written',
    'service aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:',
    '  ✖ name = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": is 64 characters long; at most 63 are allowed (fix: use a name like "api-service")',
  ]],
  ['environment name with dots', [
    'gitops-synth: 1 problem found, nothing was written',
    'environment ..:',
    '  ✖ name = "..": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
  ]],
  ['namespace not DNS-1123', [
    'gitops-synth: 1 problem found, nothing was written',
    'environment qa:',
    '  ✖ namespace = "QA_NS": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
  ]],
  ['duplicate service', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ name = "api": is defined more than once (fix: give each service its own name)',
  ]],
  ['duplicate environment', [
    'gitops-synth: 1 problem found, nothing was written',
    'environment staging:',
    '  ✖ name = "staging": is defined more than once (fix: give each environment its own name)',
  ]],
  ['two overlays for one environment', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.staging: the service has two overlays for this environment (fix: merge them into one addOverlay call)',
  ]],
  ['overlay for an environment of another repository', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.qa.environment = "qa": is not an environment of this repository (fix: create it with repo.addEnvironment(...) and pass that object; environments: staging, production)',
  ]],
  ['overlay environment passed as a string', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.qa.environment = "qa": is not an environment of this repository (fix: create it with repo.addEnvironment(...) and pass that object; environments: staging, production)',
  ]],
  ['environment without destination', [
    'gitops-synth: 1 problem found, nothing was written',
    'environment qa:',
    '  ✖ cluster.server = "": is not a cluster API URL, so the environment has no destination (fix: set cluster: { server: "https://…" } or cluster: { name: "<cluster registered in Argo CD>" })',
  ]],
  ['expose without a port', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ expose = true: asks for a Kubernetes Service but the service has no port (fix: set port: <number> or leave expose out)',
  ]],
  ['port 0', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ port = 0: must be an integer from 1 to 65535 (fix: set port: 8080)',
  ]],
  ['port as a string', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ port = "8080": must be an integer from 1 to 65535 (fix: set port: 8080)',
  ]],
  ['port above 65535', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ port = 70000: must be an integer from 1 to 65535 (fix: set port: 8080)',
  ]],
  ['two ports with one name', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ports[1].name = "http": is used by two ports (fix: give each port its own name)',
  ]],
  ['port name too long', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ports[0].name = "prometheus-metrics": must be a port name of at most 15 lowercase letters, digits and "-" (fix: use a name like "http" or "metrics")',
  ]],
  ['image with a tag', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ image = "registry.example.com/api:1.2.3": must not contain a tag or digest: versions come from the releases file (fix: set image to "registry.example.com/api" and the tag in the releases file)',
  ]],
  ['image with a digest', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ image = "registry.example.com/api@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must not contain a tag or digest: versions come from the releases file (fix: set image to "registry.example.com/api" and the tag in the releases file)',
  ]],
  ['empty image', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ image = "": must be an image repository such as "registry.example.com/team/app" (fix: set image to the repository without tag)',
  ]],
  ['image as a number', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ image = 42: must be an image repository such as "registry.example.com/team/app" (fix: set image to the repository without tag)',
  ]],
  ['negative replicas', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ replicas = -1: must be a whole number ≥ 0 (fix: set replicas: 2)',
  ]],
  ['fractional replicas', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.replicas = 2.5: must be a whole number ≥ 0 (fix: set replicas: 2)',
  ]],
  ['replicas as a word', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.replicas = "three": must be a whole number ≥ 0 (fix: set replicas: 2)',
  ]],
  ['cpu not a quantity', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.resources.cpu = "lots": is not a Kubernetes quantity (fix: use e.g. "250m" or "1")',
  ]],
  ['resources without memory', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.resources.memory: is required (fix: set memory: "256Mi")',
  ]],
  ['env var name starting with a digit', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ env.1BAD = "1BAD": is not a valid environment variable name (fix: use letters, digits, "_", "-" and ".", not starting with a digit)',
  ]],
  ['env value as a number', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ env.PORT = 8080: must be a string or an EnvValue (fix: write the value as a string, or use EnvValue.fromSecretKey(...) / EnvValue.fromFieldRef(...))',
  ]],
  ['probe as a plain object', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ readiness = {"httpGet":{"path":"/"}}: must be a Probe (fix: use Probe.httpGet("/healthz"), Probe.tcpSocket() or Probe.exec([...]))',
  ]],
  ['service without props', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ image: must be an image repository such as "registry.example.com/team/app" (fix: set image to the repository without tag)',
  ]],
  ['sync policy as a string', [
    'gitops-synth: 1 problem found, nothing was written',
    'environment qa:',
    '  ✖ sync = "auto": must be a SyncPolicy (fix: use SyncPolicy.automated() or SyncPolicy.manual())',
  ]],
  ['empty repoURL', [
    'gitops-synth: 1 problem found, nothing was written',
    'repository:',
    '  ✖ repoURL = "": must be the URL of the Git repository Argo CD watches (fix: set repoURL: "https://github.com/<org>/<repo>.git")',
  ]],
  ['add-on chart version range', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on cert-manager:',
    '  ✖ chart.version = "^1.21.0": is not an exact chart version (fix: pin one released version, e.g. "1.21.1"; ranges and "latest" let a chart upgrade itself unreviewed)',
  ]],
  ['add-on without chart', [
    'gitops-synth: 3 problems found, nothing was written',
    'add-on thing:',
    '  ✖ chart.chart: must be a non-empty string (fix: set chart: { repoURL, chart, version } of the pinned Helm chart)',
    '  ✖ chart.repoURL: must be a non-empty string (fix: set chart: { repoURL, chart, version } of the pinned Helm chart)',
    '  ✖ chart.version: must be a non-empty string (fix: set chart: { repoURL, chart, version } of the pinned Helm chart)',
  ]],
  ['production syncs automatically', [
    'gitops-synth: 1 problem found, nothing was written',
    'environment prod:',
    "  ✖ sync = automated (prune, selfHeal): production syncs automatically; changes would reach production without a manual sync (fix: use SyncPolicy.manual(), or waive it: waivers: { 'automated-sync': '<reason>' })",
  ]],
  ['production with one replica', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.replicas = 1: production runs fewer than 2 replicas, so one restart is an outage (fix: set replicas: 2 or more, or waive it: waivers: { 'min-replicas': '<reason>' })",
  ]],
  ['production without resources', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.resources: production runs without CPU/memory requests and limits (fix: set resources: { cpu: '500m', memory: '512Mi' } on the overlay or the service, or waive it: waivers: { resources: '<reason>' })",
  ]],
  ['production on latest', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.image = \"latest\": is a moving tag; production must deploy an immutable tag or digest (fix: set an immutable tag (e.g. the git SHA) with gitops-synth set-image api production <tag>, or waive it: waivers: { 'mutable-tags': '<reason>' })",
  ]],
  ['root without a reason', [
    'gitops-synth: 3 problems found, nothing was written',
    'service api:',
    '  ✖ Deployment/api containers[api].securityContext.runAsNonRoot = false: violates the "restricted" pod security profile: must be true (on the container or the pod) (fix: keep the default security settings, or give the service securityOverrides with a reason)',
    '  ✖ Deployment/api containers[api].securityContext.runAsUser = 0: violates the "restricted" pod security profile: running as root is not allowed (fix: keep the default security settings, or give the service securityOverrides with a reason)',
    '  ✖ Deployment/api securityContext.runAsUser = 0: violates the "restricted" pod security profile: running as root is not allowed (fix: keep the default security settings, or give the service securityOverrides with a reason)',
  ]],
  ['privilege escalation without a reason', [
    'gitops-synth: 2 problems found, nothing was written',
    'service api:',
    '  ✖ Deployment/api containers[api].securityContext.allowPrivilegeEscalation = true: violates the "restricted" pod security profile: must be false (fix: keep the default security settings, or give the service securityOverrides with a reason)',
    '  ✖ Deployment/api containers[api].securityContext.capabilities.add = "SYS_ADMIN": violates the "restricted" pod security profile: only NET_BIND_SERVICE may be added (fix: keep the default security settings, or give the service securityOverrides with a reason)',
  ]],
  ['pathInRepo outside the repository', [
    'gitops-synth: 1 problem found, nothing was written',
    'repository:',
    '  ✖ pathInRepo = "/abs": must be a relative folder inside the repository Argo CD watches (fix: use "" for a separate GitOps repository or "dist" when Argo CD watches this one)',
  ]],
  ['releases data is a list', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ (file) = ["api"]: must be an object of services, each an object of environment: tag (fix: write { "<service>": { "<environment>": "<tag or sha256 digest>" } })',
  ]],
  ['releases service entry is a string', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api = "v1": must be an object of environment: tag (fix: write "api": { "<environment>": "<tag or sha256 digest>" })',
  ]],
  ['tag with a space', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = "v 1": is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-") (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['truncated digest', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = "sha256:abc": is not a valid digest (expected sha256: followed by 64 lowercase hex characters) (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['releases entry for an unknown service', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    "  ✖ web: names service \"web\", which is not defined (fix: remove the entry or define the service with repo.addService('web', …); defined: api)",
  ]],
  ['releases entry for an unknown environment', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.qa = "v1": service "api" has no overlay for environment "qa" (fix: remove the entry or add the overlay with service.addOverlay(qa, …); overlays: staging, production)',
  ]],
  ['no tag for an overlay the tree deploys', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.image: no image tag or digest for environment "production" in releases.json, but the existing tree deploys it (apps/api/overlays/production/kustomization.yaml, argocd/applications/api-production.yaml); writing the tree without it would delete Application api-production and, through its finalizer, everything it runs (fix: run gitops-synth set-image api production <tag>; to undeploy on purpose, remove the overlay (api.addOverlay(production, …)) from the definitions)',
  ]],
  ['unreadable releases file', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ (file): cannot be read: EISDIR (fix: create the file (it may hold {}) or point the definitions at the right path)',
  ]],
  ['releases file with broken JSON', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ (file): is not valid JSON: Expected double-quoted property name in JSON at position 25 (fix: fix the JSON syntax, e.g. { "api-service": { "staging": "sha-4f2a9c1" } })',
  ]],
  ['empty releases file', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ (file): is not valid JSON: Unexpected end of JSON input (fix: fix the JSON syntax, e.g. { "api-service": { "staging": "sha-4f2a9c1" } })',
  ]],
  ['probe with a bad port name still renders a clear report', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ port = -5: must be an integer from 1 to 65535 (fix: set port: 8080)',
  ]],
]);

describe('bad input is refused with an exact report, and the tree stays byte-identical', () => {
  const out = tempDir();
  const good = validDefinitions();
  withApi(good);
  synth(good.repo, { outdir: out });
  fs.writeFileSync(path.join(out, 'README.md'), 'not generated\n');
  const before = readTree(out);

  test('the corpus is large and every case has its expected report', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
    expect(BAD_INPUTS.map((c) => c.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(BAD_INPUTS.map((c) => [c.name, c] as const))('%s', (name, c) => {
    let error: unknown;
    try {
      synth(c.define(), { outdir: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthError);
    expect((error as SynthError).message).toBe(EXPECTED[name].join('\n'));
    expect(readTree(out)).toEqual(before);
  });
});
