import { k8s } from 'cdk8s-plus-28';
import { Manifest } from '../core/manifest';
import { plainManifest } from '../core/plain-manifest';

/** The label every namespace carries with its own name (Kubernetes 1.22+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * A service's NetworkPolicy: ingress to its pods is denied except from the namespaces of the
 * controllers that route to it (its Ingresses' and HTTPRoutes' controllers, on the service's ports),
 * from the services named as callers (`api.allowFrom(web)`), from the namespaces listed here, and —
 * when asked for — from any pod of its own namespace. Egress is not restricted.
 *
 * Production overlays get it by default (`{}`); other overlays when they give it (or the service does).
 * A production overlay opts out with `waivers: { 'network-policy': '<reason>' }`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface NetworkPolicyOptions {
  /**
   * Whether any pod in the service's namespace may connect on the service's ports.
   * @default false - only the callers named with `allowFrom`
   */
  readonly allowSameNamespace?: boolean;
  /**
   * Further namespaces whose pods may connect on the service's ports (e.g. `monitoring` for a scraper).
   * @default - none
   */
  readonly allowNamespaces?: readonly string[];
  /**
   * Namespaces of the controllers that route traffic to the service, besides those of its Ingresses
   * and HTTPRoutes (which are allowed without being listed).
   * @default - none
   */
  readonly controllerNamespaces?: readonly string[];
}

/** What a service's NetworkPolicy is built from. */
export interface NetworkPolicyInput {
  /** Name of the policy (the service's). */
  readonly name: string;
  /** The label whose value names a service's pods, e.g. `app.kubernetes.io/name`. */
  readonly nameLabel: string;
  /** Labels of the policy object. */
  readonly labels: Record<string, string>;
  /** The container ports the service listens on. */
  readonly ports: readonly number[];
  /** Namespaces of the controllers routing to the service, sorted and unique. */
  readonly controllerNamespaces: readonly string[];
  /** Names of the services allowed to call, sorted and unique. */
  readonly callers: readonly string[];
  /** The options. */
  readonly options: NetworkPolicyOptions;
}

/** The NetworkPolicy (networking.k8s.io/v1) of a service: default deny ingress plus the allowed peers. */
export function networkPolicy(input: NetworkPolicyInput): Manifest {
  const ports: k8s.NetworkPolicyPort[] = input.ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }));
  const namespace = (name: string): k8s.NetworkPolicyPeer => ({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } } });
  const rules: k8s.NetworkPolicyIngressRule[] = [];
  const listed = [...(input.options.controllerNamespaces ?? []), ...(input.options.allowNamespaces ?? [])];
  const namespaces = [...new Set([...input.controllerNamespaces, ...listed])].sort();
  if (namespaces.length > 0) rules.push({ from: namespaces.map(namespace), ports });
  if (input.options.allowSameNamespace) {
    rules.push({ from: [{ podSelector: {} }], ports });
  } else if (input.callers.length > 0) {
    // A podSelector without namespaceSelector selects pods of the policy's own namespace.
    rules.push({ from: input.callers.map((caller) => ({ podSelector: { matchLabels: { [input.nameLabel]: caller } } })), ports });
  }
  return plainManifest<k8s.KubeNetworkPolicyProps>(k8s.KubeNetworkPolicy.GVK, {
    metadata: { name: input.name, labels: input.labels },
    spec: {
      podSelector: { matchLabels: { [input.nameLabel]: input.name } },
      policyTypes: ['Ingress'],
      // No rule at all is "deny all ingress"; an empty list is written so the intent reads in the file.
      ingress: rules,
    },
  });
}

