import { k8s } from 'cdk8s-plus-28';
import { Manifest } from '../core/manifest';
import { plainManifest } from '../core/plain-manifest';

/**
 * How many of a service's pods a voluntary disruption (a node drain, a cluster upgrade) may take down
 * at once: a PodDisruptionBudget (policy/v1) in the overlay's folder, selecting the service's pods.
 * Production overlays with two or more replicas get `DisruptionBudget.maxUnavailable(1)` unless they
 * give another or waive it (`waivers: { 'disruption-budget': '<reason>' }`).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
export class DisruptionBudget {
  /** At most `count` pods (a number, or a percentage such as `'25%'`) unavailable at once. */
  public static maxUnavailable(count: number | string): DisruptionBudget {
    return new DisruptionBudget('maxUnavailable', count);
  }

  /** At least `count` pods (a number, or a percentage such as `'50%'`) available at all times. */
  public static minAvailable(count: number | string): DisruptionBudget {
    return new DisruptionBudget('minAvailable', count);
  }

  private constructor(
    /** The field of the budget's spec. */
    public readonly field: 'maxUnavailable' | 'minAvailable',
    /** Its value. */
    public readonly count: number | string,
  ) {}

  /** Why the count is not one Kubernetes accepts, or `undefined` when it is. */
  public get countError(): string | undefined {
    const c = this.count;
    if (typeof c === 'number') return Number.isInteger(c) && c >= 0 ? undefined : 'must be a whole number ≥ 0 or a percentage such as "25%"';
    return typeof c === 'string' && /^(100|[1-9]?[0-9])%$/.test(c) ? undefined : 'must be a whole number ≥ 0 or a percentage such as "25%"';
  }

  /** `maxUnavailable: 1`, for reports. */
  public toString(): string {
    return `${this.field}: ${JSON.stringify(this.count)}`;
  }

  /** The PodDisruptionBudget selecting `selector`, named `name`. */
  public toManifest(name: string, selector: Record<string, string>, labels: Record<string, string>): Manifest {
    return plainManifest<k8s.KubePodDisruptionBudgetProps>(k8s.KubePodDisruptionBudget.GVK, {
      metadata: { name, labels },
      spec: {
        [this.field]: typeof this.count === 'number' ? k8s.IntOrString.fromNumber(this.count) : k8s.IntOrString.fromString(this.count),
        selector: { matchLabels: selector },
        // Pods that never became ready may be evicted: a crash-looping rollout must not block a drain.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
