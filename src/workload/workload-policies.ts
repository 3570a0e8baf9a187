import { AutoscalingOptions, horizontalPodAutoscaler } from './autoscaling';
import { DisruptionBudget } from './disruption-budget';
import { networkPolicy, NetworkPolicyOptions } from './network-policy';
import { TopologySpread } from './topology-spread';
import { IgnoreDifference } from '../argocd/ignore-difference';
import { Manifest } from '../core/manifest';
import { waiverReason, Waivers } from '../policy/waivers';

/** Fewest replicas for which production gets a PodDisruptionBudget and topology spread by default. */
export const SPREAD_MIN_REPLICAS = 2;

/** What decides an overlay's workload policies. */
export interface WorkloadPolicyInput {
  /** Whether the overlay deploys to production. */
  readonly production: boolean;
  /** The overlay's waivers. */
  readonly waivers?: Waivers;
  /** The replicas the Deployment starts with. */
  readonly replicas: number;
  /** The overlay's own choices. */
  readonly disruptionBudget?: DisruptionBudget;
  readonly topologySpread?: TopologySpread;
  readonly networkPolicy?: NetworkPolicyOptions;
  /** The service's choice of NetworkPolicy, for every overlay. */
  readonly serviceNetworkPolicy?: NetworkPolicyOptions;
}

// The production defaults are immutable values, shared by every overlay rather than built for each on every ask.
const DEFAULT_DISRUPTION_BUDGET = DisruptionBudget.maxUnavailable(1);
const DEFAULT_TOPOLOGY_SPREAD = TopologySpread.zonesAndNodes();

/** The overlay's PodDisruptionBudget: its own, else `maxUnavailable: 1` in production with ≥ 2 replicas unless waived. */
export function effectiveDisruptionBudget(input: WorkloadPolicyInput): DisruptionBudget | undefined {
  if (input.disruptionBudget) return input.disruptionBudget;
  return productionDefault(input, 'disruption-budget') ? DEFAULT_DISRUPTION_BUDGET : undefined;
}

/** The overlay's topology spread: its own, else zones and nodes in production with ≥ 2 replicas unless waived. */
export function effectiveTopologySpread(input: WorkloadPolicyInput): TopologySpread | undefined {
  if (input.topologySpread) return input.topologySpread;
  return productionDefault(input, 'topology-spread') ? DEFAULT_TOPOLOGY_SPREAD : undefined;
}

/** The overlay's NetworkPolicy options: its own, else the service's, else the defaults in production unless waived. */
export function effectiveNetworkPolicy(input: WorkloadPolicyInput): NetworkPolicyOptions | undefined {
  if (input.networkPolicy) return input.networkPolicy;
  if (input.serviceNetworkPolicy) return input.serviceNetworkPolicy;
  return input.production && !waiverReason(input.waivers, 'network-policy') ? {} : undefined;
}

function productionDefault(input: WorkloadPolicyInput, rule: 'disruption-budget' | 'topology-spread'): boolean {
  return input.production && Number.isInteger(input.replicas) && input.replicas >= SPREAD_MIN_REPLICAS && !waiverReason(input.waivers, rule);
}

/**
 * The fields Argo CD leaves alone: those given, plus `spec.replicas` of the Deployment when an HPA
 * scales it (once, even when given too).
 */
export function ignoredDifferences(
  given: readonly IgnoreDifference[] | undefined, deployment: string, autoscaled: boolean,
): IgnoreDifference[] | undefined {
  const list = [...(Array.isArray(given) ? given : [])];
  if (autoscaled) {
    const hpa = IgnoreDifference.hpaReplicas(deployment);
    const key = JSON.stringify(hpa.render());
    if (!list.some((d) => d instanceof IgnoreDifference && JSON.stringify(d.render()) === key)) list.push(hpa);
  }
  return list.length > 0 ? list : undefined;
}

/** What the objects of an overlay's workload policies are built from. */
export interface WorkloadObjectsInput {
  /** The service's name: the Deployment's and the objects'. */
  readonly service: string;
  /** The label naming the service's pods. */
  readonly nameLabel: string;
  /** Labels of the objects. */
  readonly labels: Record<string, string>;
  /** The container ports. */
  readonly ports: readonly number[];
  readonly autoscaling?: AutoscalingOptions;
  readonly disruptionBudget?: DisruptionBudget;
  readonly networkPolicy?: NetworkPolicyOptions;
  /** Namespaces of the controllers routing to the service. */
  readonly controllerNamespaces: readonly string[];
  /** Services allowed to call. */
  readonly callers: readonly string[];
}

/** The overlay's files of its workload policies: HPA, PodDisruptionBudget, NetworkPolicy (those that apply). */
export function workloadObjectFiles(input: WorkloadObjectsInput): Array<{ name: string; objects: Manifest[] }> {
  const files: Array<{ name: string; objects: Manifest[] }> = [];
  const selector = { [input.nameLabel]: input.service };
  if (input.autoscaling) {
    files.push({ name: 'horizontal-pod-autoscaler.yaml', objects: [horizontalPodAutoscaler(input.service, input.autoscaling, input.labels)] });
  }
  if (input.disruptionBudget) {
    files.push({ name: 'pod-disruption-budget.yaml', objects: [input.disruptionBudget.toManifest(input.service, selector, input.labels)] });
  }
  if (input.networkPolicy) {
    files.push({
      name: 'network-policy.yaml',
      objects: [networkPolicy({
        name: input.service,
        nameLabel: input.nameLabel,
        labels: input.labels,
        ports: input.ports,
        controllerNamespaces: [...new Set(input.controllerNamespaces)].sort(),
        callers: [...new Set(input.callers)].sort(),
        options: input.networkPolicy,
      })],
    });
  }
  return files;
}
