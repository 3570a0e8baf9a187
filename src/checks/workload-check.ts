import { Check } from './check';
import { dns1123LabelError } from './names-check';
import { Problem } from '../core/problem';
import { shownValue } from '../core/shown-value';
import { DisruptionBudget } from '../workload/disruption-budget';
import type { Overlay } from '../workload/overlay';
import { TopologySpread } from '../workload/topology-spread';

/**
 * The workload policies of services and overlays hold together: an autoscaler's bounds and targets,
 * `replicas` not set where an HPA owns the count, requests for the utilization it scales on, a
 * disruption budget that lets a node drain, a topology spread and NetworkPolicy of the right shape,
 * callers that are services of this repository.
 */
export const checkWorkloadPolicies: Check = ({ index }) => {
  const problems: Problem[] = [];
  const services = new Set<unknown>(index.services);
  for (const service of index.services) {
    const subject = service.subject;
    const add = (field: string, value: unknown, message: string, hint: string) =>
      problems.push({ subject, field, value: value === undefined ? undefined : shownValue(value), message, hint });
    autoscalingProblems(add, 'autoscaling', service.props.autoscaling);
    networkPolicyProblems(add, 'networkPolicy', service.props.networkPolicy);
    for (const caller of service.callers) {
      if (!services.has(caller)) {
        add('allowFrom', (caller as { name?: unknown })?.name, 'is not a service of this repository', 'pass a service returned by repo.addService(...)');
      }
    }
    for (const overlay of service.overlays) overlayProblems(add, overlay);
  }
  return problems;
};

type Add = (field: string, value: unknown, message: string, hint: string) => void;

function overlayProblems(add: Add, overlay: Overlay): void {
  const prefix = `overlays.${overlay.environmentName}`;
  const o = overlay.options as unknown as Record<string, unknown>;
  autoscalingProblems(add, `${prefix}.autoscaling`, o.autoscaling);
  networkPolicyProblems(add, `${prefix}.networkPolicy`, o.networkPolicy);
  const autoscaling = overlay.autoscaling;
  // A malformed autoscaling is reported above; what follows from it is not.
  const scaled = typeof autoscaling === 'object' && autoscaling !== null;
  if (scaled && o.replicas !== undefined) {
    const from = o.autoscaling !== undefined ? 'this overlay' : 'the service';
    add(`${prefix}.replicas`, o.replicas,
      `is set, but an HorizontalPodAutoscaler (autoscaling of ${from}) owns the replica count and Argo CD ignores spec.replicas, so the value would only apply when the Deployment is created`,
      'remove replicas; the Deployment starts with autoscaling.minReplicas');
  }
  if (scaled) {
    const resources = overlay.resources;
    const metrics = [
      ...(autoscaling.cpuUtilization !== undefined || autoscaling.memoryUtilization === undefined ? ['cpu'] : []),
      ...(autoscaling.memoryUtilization !== undefined ? ['memory'] : []),
    ];
    if (!resources) {
      add(`${prefix}.autoscaling`, undefined,
        `scales on ${metrics.join(' and ')} utilization, a percentage of the container's requests, but the container has none`,
        "set resources: { cpu: '250m', memory: '256Mi' } on the overlay or the service");
    }
  }
  const budget = o.disruptionBudget;
  if (budget !== undefined) {
    if (!(budget instanceof DisruptionBudget)) {
      add(`${prefix}.disruptionBudget`, budget, 'must be a DisruptionBudget', 'use DisruptionBudget.maxUnavailable(1) or DisruptionBudget.minAvailable(...)');
    } else if (budget.countError) {
      add(`${prefix}.disruptionBudget.${budget.field}`, budget.count, budget.countError, `use DisruptionBudget.${budget.field}(1)`);
    } else if (budget.field === 'minAvailable' && typeof budget.count === 'number' && budget.count >= overlay.replicas && overlay.replicas > 0) {
      add(`${prefix}.disruptionBudget.minAvailable`, budget.count,
        `keeps all ${overlay.replicas} replicas available, so no pod can ever be evicted and node drains hang`,
        `use DisruptionBudget.maxUnavailable(1), or a minAvailable below ${overlay.replicas}`);
    } else if (budget.count === '100%' && budget.field === 'minAvailable') {
      add(`${prefix}.disruptionBudget.minAvailable`, budget.count, 'keeps every replica available, so no pod can ever be evicted and node drains hang', 'use DisruptionBudget.maxUnavailable(1)');
    }
  }
  const spread = o.topologySpread;
  if (spread !== undefined) {
    if (!(spread instanceof TopologySpread)) {
      add(`${prefix}.topologySpread`, spread, 'must be a TopologySpread', 'use TopologySpread.zonesAndNodes(), TopologySpread.zones() or TopologySpread.nodes()');
    } else if (!Number.isInteger(spread.maxSkew) || spread.maxSkew < 1) {
      add(`${prefix}.topologySpread.maxSkew`, spread.maxSkew, 'must be a whole number ≥ 1', 'set maxSkew: 1 or leave it out');
    }
  }
}

function autoscalingProblems(add: Add, field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    add(field, value, 'must be an object { minReplicas, maxReplicas, cpuUtilization?, memoryUtilization? }', 'set autoscaling: { minReplicas: 2, maxReplicas: 10 }');
    return;
  }
  const a = value as Record<string, unknown>;
  const min = a.minReplicas;
  const max = a.maxReplicas;
  if (!Number.isInteger(min) || (min as number) < 1) add(`${field}.minReplicas`, min, 'must be a whole number ≥ 1', 'set minReplicas: 2');
  if (!Number.isInteger(max) || (max as number) < 1) {
    add(`${field}.maxReplicas`, max, 'must be a whole number ≥ 1', 'set maxReplicas: 10');
  } else if (Number.isInteger(min) && (max as number) < (min as number)) {
    add(`${field}.maxReplicas`, max, `is below minReplicas (${min})`, `set maxReplicas: ${min} or more`);
  }
  for (const key of ['cpuUtilization', 'memoryUtilization']) {
    const v = a[key];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 1)) add(`${field}.${key}`, v, 'must be a whole percentage ≥ 1 of the container\'s request', `set ${key}: 70 or leave it out`);
  }
}

function networkPolicyProblems(add: Add, field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    add(field, value, 'must be an object of NetworkPolicy options', 'set networkPolicy: {} for the defaults, or e.g. { allowNamespaces: [\'monitoring\'] }');
    return;
  }
  const n = value as Record<string, unknown>;
  if (n.allowSameNamespace !== undefined && typeof n.allowSameNamespace !== 'boolean') {
    add(`${field}.allowSameNamespace`, n.allowSameNamespace, 'must be true or false', 'set allowSameNamespace: true or leave it out');
  }
  for (const key of ['allowNamespaces', 'controllerNamespaces']) {
    const list = n[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      add(`${field}.${key}`, list, 'must be a list of namespace names', `set ${key}: ['monitoring'] or leave it out`);
      continue;
    }
    list.forEach((ns: unknown, i: number) => {
      const error = dns1123LabelError(ns);
      if (error) add(`${field}.${key}[${i}]`, ns, error, 'use a namespace name like "monitoring"');
    });
  }
}
