import { Check } from './check';
import { SyncPolicy } from '../argocd/sync-policy';
import { imagePushRoleName } from '../aws/aws-side';
import { TreeLayout } from '../context/layout';
import { Problem } from '../core/problem';
import { EnvValue } from '../workload/env-value';
import { Probe } from '../workload/probe';
import { sourceProblems } from '../workload/service-source';

/** The longest IAM role name AWS accepts. */
const IAM_ROLE_NAME_MAX = 64;

/** Kubernetes resource quantity, e.g. `250m`, `1`, `0.5`, `512Mi`, `1G`. */
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
/** IANA service name: what Kubernetes accepts as a port name. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;
/** Environment variable name as Kubernetes accepts it. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * The values in the definitions have the types and ranges Kubernetes and Argo CD accept —
 * including values passed from plain JavaScript, where TypeScript's types do not protect.
 */
export const checkProps: Check = ({ repo, index }) => {
  // Looked up once: listing the repository's children per overlay would make the check quadratic.
  const environments = new Set(index.environments);
  const problems: Problem[] = [];
  const add = (subject: string, field: string, value: unknown, message: string, hint: string) =>
    problems.push({ subject, field, value: show(value), message, hint });

  if (!isNonEmptyString(repo.repoURL)) add('repository', 'repoURL', repo.repoURL, 'must be the URL of the Git repository Argo CD watches', 'set repoURL: "https://github.com/<org>/<repo>.git"');
  if (!isNonEmptyString(repo.targetRevision)) add('repository', 'targetRevision', repo.targetRevision, 'must be a branch, tag or commit', 'set targetRevision: "main" or leave it out');
  if (!(repo.layout.tree instanceof TreeLayout)) {
    add('repository', 'layout', repo.layout.tree, 'must be a TreeLayout', 'use TreeLayout.kustomize() or TreeLayout.rendered(), or leave it out');
  } else if (repo.layout.isRendered && repo.preserveImages) {
    // The tools preserve mode serves write their tags into the overlays' kustomizations, which the rendered layout has none of.
    add('repository', 'preserveImages', true, 'keeps the image tags another tool writes into the overlay kustomizations, but the rendered layout writes no kustomization', 'leave preserveImages out with TreeLayout.rendered(), or use TreeLayout.kustomize()');
  }

  for (const env of index.environments) {
    const subject = `environment ${env.name}`;
    if (!(env.sync instanceof SyncPolicy)) add(subject, 'sync', env.sync, 'must be a SyncPolicy', 'use SyncPolicy.automated() or SyncPolicy.manual()');
    if (env.cluster.name === undefined && !(isNonEmptyString(env.cluster.server) && /^https?:\/\//.test(env.cluster.server))) {
      add(subject, 'cluster.server', env.cluster.server, 'is not a cluster API URL, so the environment has no destination', 'set cluster: { server: "https://…" } or cluster: { name: "<cluster registered in Argo CD>" }');
    }
  }

  for (const service of index.services) {
    const subject = `service ${service.name}`;
    const p = service.props as unknown as Record<string, unknown>;
    if (!isNonEmptyString(service.image)) {
      add(subject, 'image', service.image, 'must be an image repository such as "registry.example.com/team/app"', 'set image to the repository without tag');
    } else if (/@|:[^/]*$/.test(service.image)) {
      add(subject, 'image', service.image, 'must not contain a tag or digest: versions come from the releases file', `set image to "${service.image.replace(/(@.*|:[^/]*)$/, '')}" and the tag in the releases file`);
    }
    if (p.port !== undefined && !isPort(p.port)) add(subject, 'port', p.port, 'must be an integer from 1 to 65535', 'set port: 8080');
    const names = new Set<string>();
    for (const [i, port] of service.ports.entries()) {
      if (p.port !== undefined && p.ports === undefined) break;
      if (!isNonEmptyString(port?.name) || !PORT_NAME.test(port.name)) add(subject, `ports[${i}].name`, port?.name, 'must be a port name of at most 15 lowercase letters, digits and "-"', 'use a name like "http" or "metrics"');
      else if (names.has(port.name)) add(subject, `ports[${i}].name`, port.name, 'is used by two ports', 'give each port its own name');
      names.add(port?.name);
      if (!isPort(port?.containerPort)) add(subject, `ports[${i}].containerPort`, port?.containerPort, 'must be an integer from 1 to 65535', 'set containerPort: 8080');
      if (port?.servicePort !== undefined && !isPort(port.servicePort)) add(subject, `ports[${i}].servicePort`, port.servicePort, 'must be an integer from 1 to 65535', 'set servicePort: 80 or leave it out');
    }
    if (p.expose === true && service.ports.length === 0) add(subject, 'expose', true, 'asks for a Kubernetes Service but the service has no port', 'set port: <number> or leave expose out');
    if (p.source !== undefined) for (const [field, value, message, hint] of sourceProblems(p.source)) add(subject, field, value, message, hint);
    // IAM caps role names at 64 characters; the push role is named after the service.
    const pushRole = p.source === undefined ? '' : imagePushRoleName(service.name);
    if (p.source !== undefined && pushRole.length > IAM_ROLE_NAME_MAX) {
      add(subject, 'source', p.source, `gives the service an image push role, ${pushRole}, longer than IAM's ${IAM_ROLE_NAME_MAX} characters`, `use a service name of at most ${IAM_ROLE_NAME_MAX - imagePushRoleName('').length} characters`);
    }
    if (p.replicas !== undefined && !isReplicas(p.replicas)) add(subject, 'replicas', p.replicas, 'must be a whole number ≥ 0', 'set replicas: 2');
    checkResources(add, subject, 'resources', p.resources);
    checkEnv(add, subject, 'env', p.env);
    for (const probe of ['readiness', 'liveness'] as const) {
      if (p[probe] !== undefined && !(p[probe] instanceof Probe)) add(subject, probe, p[probe], 'must be a Probe', 'use Probe.fromHttpGet("/healthz"), Probe.fromTcpSocket() or Probe.fromCommand([...])');
    }

    for (const overlay of service.overlays) {
      const field = `overlays.${overlay.environmentName}`;
      if (!environments.has(overlay.environment)) {
        add(subject, `${field}.environment`, overlay.environmentName, 'is not an environment of this repository', `create it with repo.addEnvironment(...) and pass that object; environments: ${index.environments.map((e) => e.name).join(', ') || 'none'}`);
        continue;
      }
      const o = overlay.options as unknown as Record<string, unknown>;
      if (o.replicas !== undefined && !isReplicas(o.replicas)) add(subject, `${field}.replicas`, o.replicas, 'must be a whole number ≥ 0', 'set replicas: 2');
      checkResources(add, subject, `${field}.resources`, o.resources);
      checkEnv(add, subject, `${field}.env`, o.env);
    }
  }

  for (const addOn of index.addOns) {
    const subject = `add-on ${addOn.name}`;
    const chart = addOn.props.chart as unknown as Record<string, unknown> | undefined;
    for (const key of ['repoURL', 'chart', 'version'] as const) {
      if (!isNonEmptyString(chart?.[key])) add(subject, `chart.${key}`, chart?.[key], 'must be a non-empty string', 'set chart: { repoURL, chart, version } of the pinned Helm chart');
    }
  }
  return problems;
};

type Add = (subject: string, field: string, value: unknown, message: string, hint: string) => void;

function checkResources(add: Add, subject: string, field: string, resources: unknown): void {
  if (resources === undefined) return;
  if (typeof resources !== 'object' || resources === null) {
    add(subject, field, resources, 'must be an object { cpu, memory }', 'set resources: { cpu: "250m", memory: "256Mi" }');
    return;
  }
  const r = resources as Record<string, unknown>;
  for (const key of ['cpu', 'memory', 'cpuLimit', 'memoryLimit']) {
    const required = key === 'cpu' || key === 'memory';
    if (r[key] === undefined && !required) continue;
    if (r[key] === undefined) {
      add(subject, `${field}.${key}`, undefined, 'is required', key === 'cpu' ? 'set cpu: "250m"' : 'set memory: "256Mi"');
    } else if (typeof r[key] !== 'string' || !QUANTITY.test(r[key] as string)) {
      add(subject, `${field}.${key}`, r[key], 'is not a Kubernetes quantity', key.startsWith('cpu') ? 'use e.g. "250m" or "1"' : 'use e.g. "256Mi" or "1Gi"');
    }
  }
}

function checkEnv(add: Add, subject: string, field: string, env: unknown): void {
  if (env === undefined) return;
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    add(subject, field, env, 'must be an object of NAME: value', 'set env: { LOG_LEVEL: "info" }');
    return;
  }
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) add(subject, `${field}.${name}`, name, 'is not a valid environment variable name', 'use letters, digits, "_", "-" and ".", not starting with a digit');
    if (typeof value !== 'string' && !(value instanceof EnvValue)) add(subject, `${field}.${name}`, value, 'must be a string or an EnvValue', 'write the value as a string, or use EnvValue.fromSecretKey(...) / EnvValue.fromFieldRef(...)');
  }
}

function isNonEmptyString(x: unknown): x is string {
  return typeof x === 'string' && x.trim().length > 0;
}

function isPort(x: unknown): boolean {
  return Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 65535;
}

function isReplicas(x: unknown): boolean {
  return Number.isInteger(x) && (x as number) >= 0;
}

function show(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null && value.constructor !== Object && !Array.isArray(value)) return `a ${value.constructor.name}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
