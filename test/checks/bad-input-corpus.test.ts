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
    'gitops-synth: 1 problem found, nothing was written',
    'service ../evil:',
    '  ✖ name = "../evil": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
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
    '  ✖ readiness = {"httpGet":{"path":"/"}}: must be a Probe (fix: use Probe.fromHttpGet("/healthz"), Probe.fromTcpSocket() or Probe.fromCommand([...]))',
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
  ['releases entry for an unknown service with no environment', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    "  ✖ ghost: names service \"ghost\", which is not defined (fix: remove the entry or define the service with repo.addService('ghost', …); defined: api)",
  ]],
  ['releases entries of an unknown service in two environments: one problem', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    "  ✖ web: names service \"web\", which is not defined (fix: remove the entry or define the service with repo.addService('web', …); defined: api)",
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
  ['releases file with an environment written twice', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging: is written twice in "api" (lines 3 and 5); JSON keeps only the last one and would drop the other without a word (fix: keep the one tag that should be deployed and remove the other)',
  ]],
  ['releases file with a service written twice', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api: is written twice in the file (lines 2 and 3); JSON keeps only the last one and would drop the other without a word (fix: merge the two into one entry of the service)',
  ]],
  ['releases file with a key written twice through an escape', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging: is written twice in "api" (lines 1 and 1); JSON keeps only the last one and would drop the other without a word (fix: keep the one tag that should be deployed and remove the other)',
  ]],
  ['releases file with a __proto__ service', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ __proto__ = {"staging":"v1"}: is a reserved JavaScript property name, so it cannot name a service (fix: remove the entry; services and environments cannot be named __proto__, constructor or prototype)',
  ]],
  ['releases file with a __proto__ environment', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.__proto__ = "v1": is a reserved JavaScript property name, so it cannot name an environment (fix: remove the entry; services and environments cannot be named __proto__, constructor or prototype)',
  ]],
  ['releases environment named constructor', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.constructor = "v1": is a reserved JavaScript property name, so it cannot name an environment (fix: remove the entry; services and environments cannot be named __proto__, constructor or prototype)',
  ]],
  ['releases service named prototype', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ prototype = {"staging":"v1"}: is a reserved JavaScript property name, so it cannot name a service (fix: remove the entry; services and environments cannot be named __proto__, constructor or prototype)',
  ]],
  ['releases file above 8 MiB', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ (file): is 9437208 bytes; a releases file is read only up to 8388608 bytes (8 MiB) (fix: keep one tag or digest per service and environment, and remove the entries of services and environments that no longer exist)',
  ]],
  ['releases data with 200,000 services', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ (file): holds 400000 entries (services and service/environment pairs); at most 50000 are read (fix: keep one tag or digest per service and environment, and remove the entries of services and environments that no longer exist)',
  ]],
  ['releases file nested 5,000 levels deep', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging[0][0][0][0][0][0][0][0][0][0][0][0][0][0]: is nested more than 16 levels deep; releases data has two levels (service → environment → tag) (fix: write { "<service>": { "<environment>": "<tag or sha256 digest>" } })',
  ]],
  ['releases value nested within the depth limit', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = [[[]]]: must be a non-empty image tag or a sha256 digest (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['releases data with a cycle', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging.staging.staging.staging.staging.staging.staging.… (123 characters): is nested more than 16 levels deep; releases data has two levels (service → environment → tag) (fix: write { "<service>": { "<environment>": "<tag or sha256 digest>" } })',
  ]],
  ['releases file that is JSON null', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ (file) = null: must be an object of services, each an object of environment: tag (fix: write { "<service>": { "<environment>": "<tag or sha256 digest>" } })',
  ]],
  ['releases file with text after the JSON', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ (file): is not valid JSON: Unexpected non-whitespace character after JSON at position 47 (fix: fix the JSON syntax, e.g. { "api-service": { "staging": "sha-4f2a9c1" } })',
  ]],
  ['tag of 10 MB', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv…" (10000000 characters): is 10000000 characters long; an image tag has at most 128 (letters, digits, "_", "." and "-", not starting with "." or "-") (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['tag of 129 characters', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv…" (129 characters): is 129 characters long; an image tag has at most 128 (letters, digits, "_", "." and "-", not starting with "." or "-") (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['tag starting with a dot', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = ".v1": is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-") (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['tag with a slash', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = "feature/login": is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-") (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['tag as a JSON number', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = 1.2: must be a non-empty image tag or a sha256 digest (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['tag as null', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = null: must be a non-empty image tag or a sha256 digest (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['tag written as an object', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = {"tag":"v1"}: must be a non-empty image tag or a sha256 digest (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['digest with uppercase hex', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api.staging = "sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…" (71 characters): is not a valid digest (expected sha256: followed by 64 lowercase hex characters) (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
  ]],
  ['releases entry for an unknown service with a long name', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    "  ✖ svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-… (120 characters): names service \"svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-… (120 characters)\", which is not defined (fix: remove the entry or define the service with repo.addService('svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-svc-… (120 characters)', …); defined: api)",
  ]],
  ['releases environment key with a space', [
    'gitops-synth: 1 problem found, nothing was written',
    'releases releases.json:',
    '  ✖ api."pre prod" = "v1": service "api" has no overlay for environment "pre prod" (fix: remove the entry or add the overlay with service.addOverlay(pre prod, …); overlays: staging, production)',
  ]],
  ['production on LATEST in capitals', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.image = \"LATEST\": is a moving tag; production must deploy an immutable tag or digest (fix: set an immutable tag (e.g. the git SHA) with gitops-synth set-image api production <tag>, or waive it: waivers: { 'mutable-tags': '<reason>' })",
  ]],
  ['min-replicas waiver without a reason', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.replicas = 1: production runs fewer than 2 replicas, so one restart is an outage (fix: set replicas: 2 or more, or waive it: waivers: { 'min-replicas': '<reason>' })",
  ]],
  ['automated-sync waiver of blanks', [
    'gitops-synth: 1 problem found, nothing was written',
    'environment prod:',
    "  ✖ sync = automated (prune, selfHeal): production syncs automatically; changes would reach production without a manual sync (fix: use SyncPolicy.manual(), or waive it: waivers: { 'automated-sync': '<reason>' })",
  ]],
  ['mutable-tags waiver given as a boolean', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.image = \"main\": is a moving tag; production must deploy an immutable tag or digest (fix: set an immutable tag (e.g. the git SHA) with gitops-synth set-image api production <tag>, or waive it: waivers: { 'mutable-tags': '<reason>' })",
  ]],
  ['add-on name with capitals', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on CertManager:',
    '  ✖ name = "CertManager": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
  ]],
  ['add-on namespace not DNS-1123', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    '  ✖ namespace = "Thing_NS": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
  ]],
  ['duplicate add-on', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    '  ✖ name = "thing": is defined more than once (fix: give each add-on its own name)',
  ]],
  ['service name ending with a dash', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api-:',
    '  ✖ name = "api-": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
  ]],
  ['add-on chart from plain http', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    "  ✖ chart.repoURL = \"http://charts.example.com\": is not an https:// or oci:// chart repository (fix: use the chart repository URL from the chart's documentation, e.g. \"https://charts.jetstack.io\")",
  ]],
  ['add-on chart on latest', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    '  ✖ chart.version = "latest": is not an exact chart version (fix: pin one released version, e.g. "1.21.1"; ranges and "latest" let a chart upgrade itself unreviewed)',
  ]],
  ['add-on objects in namespace.yaml', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    "  ✖ objects[0].fileName = \"namespace.yaml\": is the file of the add-on's Namespace (infrastructure/thing/namespace.yaml): these objects would replace it (fix: give these objects a file of their own, e.g. \"cluster-issuers.yaml\")",
  ]],
  ['add-on objects in kustomization.yaml', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    "  ✖ objects[0].fileName = \"kustomization.yaml\": is the file of the add-on's kustomization (infrastructure/thing/kustomization.yaml): these objects would replace it (fix: give these objects a file of their own, e.g. \"cluster-issuers.yaml\")",
  ]],
  ['add-on objects in a second kustomization file', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    "  ✖ objects[0].fileName = \"kustomization.yml\": is a name kustomize reads as a kustomization, and the add-on's kustomization is infrastructure/thing/kustomization.yaml: kustomize refuses a folder with two (\"Found multiple kustomization files\") (fix: give these objects a file of their own, e.g. \"cluster-issuers.yaml\")",
  ]],
  ['add-on objects in a file named Kustomization', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    "  ✖ objects[0].fileName = \"Kustomization\": is a name kustomize reads as a kustomization, and the add-on's kustomization is infrastructure/thing/kustomization.yaml: kustomize refuses a folder with two (\"Found multiple kustomization files\") (fix: give these objects a file of their own, e.g. \"cluster-issuers.yaml\")",
  ]],
  ['add-on objects in the Application file', [
    'gitops-synth: 2 problems found, nothing was written',
    'add-on thing:',
    "  ✖ objects[0].fileName = \"../../argocd/applications/thing.yaml\": is the file of the add-on's Application thing (argocd/applications/thing.yaml): these objects would replace it (fix: give these objects a file of their own, e.g. \"cluster-issuers.yaml\")",
    '  ✖ path = "infrastructure/thing/../../argocd/applications/thing.yaml": is not a plain relative path inside the output folder (fix: use names without "/", ".." or leading "/")',
  ]],
  ['add-on objects in a file differing from namespace.yaml in case', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    "  ✖ objects[0].fileName = \"Namespace.yaml\": differs only in case from the file of the add-on's Namespace (infrastructure/thing/namespace.yaml): on a case-insensitive file system (macOS, Windows) these objects would replace it (fix: give these objects a file of their own, e.g. \"cluster-issuers.yaml\")",
  ]],
  ['two add-on object files with one name', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    '  ✖ objects[1].fileName = "issuers.yaml": is the file of objects[0] (infrastructure/thing/issuers.yaml): one list of objects would replace the other (fix: give these objects a file of their own, e.g. "cluster-issuers.yaml")',
  ]],
  ['two add-on object files differing in case', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    '  ✖ objects[1].fileName = "Issuers.yaml": differs only in case from the file of objects[0] (infrastructure/thing/issuers.yaml): on a case-insensitive file system (macOS, Windows) one list of objects would replace the other (fix: give these objects a file of their own, e.g. "cluster-issuers.yaml")',
  ]],
  ['add-on object that is its own Namespace', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    "  ✖ objects[0].objects[0] = Namespace/thing: has the kind and name of the add-on's own Namespace (infrastructure/thing/namespace.yaml); kustomize refuses two objects with one id (\"may not add resource with an already registered id\") (fix: remove it: the add-on writes its Namespace itself)",
  ]],
  ['two add-on objects with one kind and name', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    '  ✖ objects[1].objects[0] = ClusterIssuer/selfsigned: has the kind and name of objects[0].objects[0]; kustomize refuses two objects with one id ("may not add resource with an already registered id") (fix: remove one of the two or give it another name)',
  ]],
  ['add-on object file without a name', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    '  ✖ objects[0].fileName = "": must be a non-empty file name (fix: set fileName: "cluster-issuers.yaml")',
  ]],
  ['add-on objects not a list', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on thing:',
    '  ✖ objects = {"fileName":"issuers.yaml","objects":[{"apiVersion":"cert-ma… (156 characters): must be a list of { fileName, objects } (fix: set objects: [{ fileName: "cluster-issuers.yaml", objects: [ … ] }])',
  ]],
  ['containerPort 0', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ports[0].containerPort = 0: must be an integer from 1 to 65535 (fix: set containerPort: 8080)',
  ]],
  ['servicePort above 65535', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ports[0].servicePort = 70000: must be an integer from 1 to 65535 (fix: set servicePort: 80 or leave it out)',
  ]],
  ['port name with capitals', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ports[0].name = "HTTP": must be a port name of at most 15 lowercase letters, digits and "-" (fix: use a name like "http" or "metrics")',
  ]],
  ['liveness as a string', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ liveness = "/healthz": must be a Probe (fix: use Probe.fromHttpGet("/healthz"), Probe.fromTcpSocket() or Probe.fromCommand([...]))',
  ]],
  ['memory in gigabytes as GB', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.resources.memory = "1GB": is not a Kubernetes quantity (fix: use e.g. "256Mi" or "1Gi")',
  ]],
  ['resources as a string', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ resources = "1 cpu": must be an object { cpu, memory } (fix: set resources: { cpu: "250m", memory: "256Mi" })',
  ]],
  ['cpu limit not a quantity', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.resources.cpuLimit = "-1": is not a Kubernetes quantity (fix: use e.g. "250m" or "1")',
  ]],
  ['a service whose image push role name is too long for IAM', [
    'gitops-synth: 1 problem found, nothing was written',
    'service ssssssssssssssssssssssssssssssssssssssssssssssssssssss:',
    '  ✖ source = {"repository":"acme/x"}: gives the service an image push role, ssssssssssssssssssssssssssssssssssssssssssssssssssssss-image-push, longer than IAM\'s 64 characters (fix: use a service name of at most 53 characters)',
  ]],
  ['a mistyped overlay option', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.replica: is not a field of this object, so it would be ignored (fix: did you mean replicas? Fields: replicas, autoscaling, disruptionBudget, topologySpread, networkPolicy, resources, env, waivers, ignoreDifferences)',
  ]],
  ['a service prop that does not exist', [
    'gitops-synth: 2 problems found, nothing was written',
    'service api:',
    '  ✖ healthCheck: is not a field of this object, so it would be ignored (fix: remove it; fields: image, port, ports, env, replicas, autoscaling, networkPolicy, resources, readiness, liveness, command, args, expose, securityOverrides, externalImage, source)',
    '  ✖ imagePullPolicy: is not a field of this object, so it would be ignored (fix: remove it; fields: image, port, ports, env, replicas, autoscaling, networkPolicy, resources, readiness, liveness, command, args, expose, securityOverrides, externalImage, source)',
  ]],
  ['env as a list', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ env = ["LOG_LEVEL=info"]: must be an object of NAME: value (fix: set env: { LOG_LEVEL: "info" })',
  ]],
  ['overlay env value as a boolean', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.env.DEBUG = false: must be a string or an EnvValue (fix: write the value as a string, or use EnvValue.fromSecretKey(...) / EnvValue.fromFieldRef(...))',
  ]],
  ['password as a literal env value', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ env.DB_PASSWORD: is a literal value and \"DB_PASSWORD\" looks like a credential; it would be written to Git in plain text (fix: set it per environment with addOverlay(environment, { env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('<environment>/api/db-password')) } }) with the value in AWS Secrets Manager, or, if it is not a secret, EnvValue.fromValue(value, { notSecretBecause: '…' }))",
  ]],
  ['token as a literal overlay env value', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.env.GITHUB_TOKEN: is a literal value and \"GITHUB_TOKEN\" looks like a credential; it would be written to Git in plain text (fix: use GITHUB_TOKEN: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('production/api/github-token')) with the value in AWS Secrets Manager, or, if it is not a secret, EnvValue.fromValue(value, { notSecretBecause: '…' }))",
  ]],
  ['one secret key read by two environments', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production, overlays.staging = \"prod/api/db\": environments production and staging read the same secret; a leak or rotation in one would hit the others (fix: use one key per environment (e.g. 'production/api/…'), or, if sharing is intended, reference it once in the service's env instead of the overlays)",
  ]],
  ['ingress host with capitals', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ingress.host = "API.example.com": is not a DNS host name (fix: use a lowercase name such as "api.example.com")',
  ]],
  ['ingress host without a domain', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ingress.host = "localhost": is not a DNS host name (fix: use a lowercase name such as "api.example.com")',
  ]],
  ['ingress host with a scheme', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ingress.host = "https://api.example.com": is not a DNS host name (fix: use a lowercase name such as "api.example.com")',
  ]],
  ['ingress to a port the service does not have', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ingress.portName = "metrics": is not a port of the service (fix: use one of: http)',
  ]],
  ['ingress on a service without a port', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ingress.portName: the service has no port for the Ingress to route to (fix: give the service a port (port: 8080) or remove the ingress)',
  ]],
  ['ingress on a service that is not exposed', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ ingress: the service has no Kubernetes Service (expose: false) for the Ingress to route to (fix: set expose: true or remove the ingress)',
  ]],
  ['sync policy as a plain object', [
    'gitops-synth: 1 problem found, nothing was written',
    'environment qa:',
    '  ✖ sync = {"automated":{"prune":true}}: must be a SyncPolicy (fix: use SyncPolicy.automated() or SyncPolicy.manual())',
  ]],
  ['cluster server that is not http', [
    'gitops-synth: 1 problem found, nothing was written',
    'environment qa:',
    '  ✖ cluster.server = "kubernetes.default.svc": is not a cluster API URL, so the environment has no destination (fix: set cluster: { server: "https://…" } or cluster: { name: "<cluster registered in Argo CD>" })',
  ]],
  ['empty targetRevision', [
    'gitops-synth: 1 problem found, nothing was written',
    'repository:',
    '  ✖ targetRevision = "": must be a branch, tag or commit (fix: set targetRevision: "main" or leave it out)',
  ]],
  ['uppercase service name in both environments: one line', [
    'gitops-synth: 1 problem found, nothing was written',
    'service Payments:',
    '  ✖ name = "Payments": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
  ]],
  ['port 80 under the restricted profile', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ port = 80: is below 1024; the container runs as non-root with every capability dropped (the restricted profile), so it cannot bind this port and would crash at start (fix: listen on a port ≥ 1024; the Kubernetes Service still answers on 80 with ports: [{ name: 'http', containerPort: 8080, servicePort: 80 }]; or add the capability with a reason: securityOverrides: { reason: '<reason>', addCapabilities: ['NET_BIND_SERVICE'] })",
  ]],
  ['containerPort 443 with NET_BIND_SERVICE but no reason', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ ports[0].containerPort = 443: is below 1024; the container runs as non-root with every capability dropped (the restricted profile), so it cannot bind this port and would crash at start (fix: listen on a port ≥ 1024; the Kubernetes Service still answers on 443 with ports: [{ name: 'https', containerPort: 8080, servicePort: 443 }]; or add the capability with a reason: securityOverrides: { reason: '<reason>', addCapabilities: ['NET_BIND_SERVICE'] })",
  ]],
  ['replicas next to autoscaling', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.replicas = 4: is set, but an HorizontalPodAutoscaler (autoscaling of this overlay) owns the replica count and Argo CD ignores spec.replicas, so the value would only apply when the Deployment is created (fix: remove replicas; the Deployment starts with autoscaling.minReplicas)',
  ]],
  ['autoscaling maxReplicas below minReplicas', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.autoscaling.maxReplicas = 2: is below minReplicas (4) (fix: set maxReplicas: 4 or more)',
  ]],
  ['autoscaling on CPU without requests', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.autoscaling: scales on cpu utilization, a percentage of the container's requests, but the container has none (fix: set resources: { cpu: '250m', memory: '256Mi' } on the overlay or the service)",
  ]],
  ['autoscaling as a number', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ autoscaling = 3: must be an object { minReplicas, maxReplicas, cpuUtilization?, memoryUtilization? } (fix: set autoscaling: { minReplicas: 2, maxReplicas: 10 })',
  ]],
  ['disruption budget that blocks every drain', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.disruptionBudget.minAvailable = 2: keeps all 2 replicas available, so no pod can ever be evicted and node drains hang (fix: use DisruptionBudget.maxUnavailable(1), or a minAvailable below 2)',
  ]],
  ['disruption budget as a plain object', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.disruptionBudget = {"maxUnavailable":1}: must be a DisruptionBudget (fix: use DisruptionBudget.maxUnavailable(1) or DisruptionBudget.minAvailable(...))',
  ]],
  ['disruption budget of a negative count', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.disruptionBudget.maxUnavailable = -1: must be a whole number ≥ 0 or a percentage such as "25%" (fix: use DisruptionBudget.maxUnavailable(1))',
  ]],
  ['topology spread as a string', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.topologySpread = "zones": must be a TopologySpread (fix: use TopologySpread.zonesAndNodes(), TopologySpread.zones() or TopologySpread.nodes())',
  ]],
  ['NetworkPolicy namespace with capitals', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.networkPolicy.allowNamespaces[0] = "Monitoring": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a namespace name like "monitoring")',
  ]],
  ['allowFrom a service of another repository', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ allowFrom = "web": is not a service of this repository (fix: pass a service returned by repo.addService(...))',
  ]],
  ['object without a name', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ objects.settings: is not a Kubernetes object with apiVersion, kind and metadata.name (fix: pass a cdk8s ApiObject, or plain data such as { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-config' }, data: { … } })",
  ]],
  ["object in the Deployment's file", [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ objects.deployment.fileName = "deployment.yaml": is the name of another file of the folder (also in another case); one would replace the other (fix: give the object a file of its own, e.g. "config-map-api-settings.yaml")',
  ]],
  ['object with the kind and name of the Deployment', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ objects.extra = Deployment/api: has the kind and name of an object in apps/api/base/deployment.yaml; kustomize refuses two objects with one id (\"may not add resource with an already registered id\") (fix: give the object another name, or change the existing one through the service's options)",
  ]],
  ['overlay object with the kind and name of a base object', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.objects.settings = ConfigMap/api-settings: has the kind and name of an object in apps/api/base/settings.yaml; kustomize refuses two objects with one id (\"may not add resource with an already registered id\") (fix: give the object another name, or change the existing one through the service's options)",
  ]],
  ['object file name with a folder', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ objects.settings.fileName = "../settings.yaml": is not a plain .yaml file name in the folder (fix: use a name like "config-map-api-settings.yaml")',
  ]],
  ['object in a second kustomization file', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.staging.objects.settings.fileName = \"kustomization.yml\": is a name kustomize reads as the folder's kustomization, which gitops-synth writes (fix: use a name like \"config-map-api-settings.yaml\")",
  ]],
  ['secret key of a Secret no ExternalSecret creates', [
    'gitops-synth: 1 problem found, nothing was written',
    'service payments:',
    "  ✖ env.CONFIG_URL = \"payment-config\": reads Secret \"payment-config\", which no ExternalSecret of service payments creates in the base (nor every overlay) (ExternalSecrets: payments-config); the pods would fail to start (fix: did you mean \"payments-config\"? name a Secret of service.addExternalSecret(…) (its .name), or say what else creates it: EnvValue.fromSecretKey('payment-config', 'url', { createdBy: '…' }))",
  ]],
  ['secret key the ExternalSecret does not copy', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ env.DB_URL = \"url\": is not a key of Secret \"api-db\", whose ExternalSecret copies only password; the pods would fail to start (fix: use one of password, or add the key to the ExternalSecret's data)",
  ]],
  ['AWS secret name with a placeholder', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production ExternalSecret api-production-secrets = \"prod/${service}/db\": is not an AWS Secrets Manager secret name: only letters, digits and / _ + = . @ - are allowed (fix: name the secret like 'prod/api-service/db' (no spaces, no ${…} placeholders))",
  ]],
  ['HTTPRoute host with capitals', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.http-route.hostnames[0] = "API.example.com": is not a DNS host name (fix: use a lowercase name such as "api.example.com")',
  ]],
  ['HTTPRoute without host names', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    "  ✖ overlays.production.http-route.hostnames = []: must list at least one host name (fix: set hostnames: ['api.example.com'])",
  ]],
  ['HTTPRoute to a port the service does not have', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.http-route.portName = "metrics": is not a port of the service (fix: use one of: http)',
  ]],
  ['HTTPRoute to a Gateway without namespace', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.http-route.gateway.namespace: must be a non-empty string (fix: set the namespace the Gateway is in, e.g. "envoy-gateway-system", or use GATEWAY.gateway() of a GatewayController)',
  ]],
  ['HTTPRoute in the base and an overlay with one name', [
    'gitops-synth: 1 problem found, nothing was written',
    'service api:',
    '  ✖ overlays.production.http-route: the base already has an HTTPRoute named "api"; kustomize would find it twice (fix: keep the route in the base or in the overlays, or give one of them another id)',
  ]],
  ['Gateway host name with a scheme', [
    'gitops-synth: 1 problem found, nothing was written',
    'add-on envoy-gateway:',
    '  ✖ gateways[0].hostnames[0] = "https://api.example.com": is not a DNS host name (fix: use a lowercase name such as "api.example.com")',
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
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(90);
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
