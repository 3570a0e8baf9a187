import { k8s } from 'cdk8s-plus-28';

/**
 * Compute resources of a container. Requests are what the scheduler reserves; limits default to
 * the requests (Guaranteed QoS), so a service never silently runs unbounded.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export interface Resources {
  /** CPU request, e.g. `250m`. */
  readonly cpu: string;
  /** Memory request, e.g. `256Mi`. */
  readonly memory: string;
  /**
   * CPU limit.
   * @default - the CPU request
   */
  readonly cpuLimit?: string;
  /**
   * Memory limit.
   * @default - the memory request
   */
  readonly memoryLimit?: string;
}

/** Plain `resources:` object of a container. */
export interface RenderedResources {
  readonly requests: { cpu: string; memory: string };
  readonly limits: { cpu: string; memory: string };
}

/** Renders {@link Resources} as the container's `resources:` block. */
export function renderResources(resources: Resources): RenderedResources {
  return {
    requests: { cpu: resources.cpu, memory: resources.memory },
    limits: { cpu: resources.cpuLimit ?? resources.cpu, memory: resources.memoryLimit ?? resources.memory },
  };
}

/** The same block as typed cdk8s bindings, for typed object construction. */
export function toKubeResources(resources: Resources): k8s.ResourceRequirements {
  const r = renderResources(resources);
  return {
    requests: { cpu: k8s.Quantity.fromString(r.requests.cpu), memory: k8s.Quantity.fromString(r.requests.memory) },
    limits: { cpu: k8s.Quantity.fromString(r.limits.cpu), memory: k8s.Quantity.fromString(r.limits.memory) },
  };
}
