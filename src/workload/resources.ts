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
    requests: { cpu: quantity(r.requests.cpu), memory: quantity(r.requests.memory) },
    limits: { cpu: quantity(r.limits.cpu), memory: quantity(r.limits.memory) },
  };
}

/**
 * The `Quantity` of a value, one per value: a Quantity is immutable, and a repository uses a handful
 * of values for thousands of containers. Quantities made and dropped on every render would also cost
 * the render its optimized code at each full garbage collection.
 */
function quantity(value: string): k8s.Quantity {
  let q = QUANTITIES.get(value);
  if (q === undefined) {
    // Bounds the memory of a long-lived process that renders many distinct values.
    if (QUANTITIES.size >= QUANTITY_LIMIT) QUANTITIES.clear();
    q = k8s.Quantity.fromString(value);
    QUANTITIES.set(value, q);
  }
  return q;
}

const QUANTITIES = new Map<string, k8s.Quantity>();
const QUANTITY_LIMIT = 1_000;
