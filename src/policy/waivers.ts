/**
 * Rules the synth enforces by default that a definition may waive, each with a written reason:
 * - `automated-sync`: a production environment syncs automatically (production is manual by default);
 * - `mutable-tags`: a production overlay deploys a moving tag such as `latest`;
 * - `min-replicas`: a production overlay runs fewer than 2 replicas;
 * - `resources`: a production overlay runs without CPU/memory requests and limits;
 * - `pod-security`: a service's pods do not meet the Pod Security Standard "restricted" profile;
 * - `network-policy`: a production overlay runs without its default NetworkPolicy;
 * - `disruption-budget`: a production overlay with 2+ replicas runs without its default PodDisruptionBudget;
 * - `topology-spread`: a production overlay with 2+ replicas runs without its default topology spread.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export type PolicyRule = 'automated-sync' | 'mutable-tags' | 'min-replicas' | 'resources' | 'pod-security'
  | 'network-policy' | 'disruption-budget' | 'topology-spread';

/** Every rule that can be waived. */
export const POLICY_RULES: readonly PolicyRule[] = [
  'automated-sync', 'mutable-tags', 'min-replicas', 'resources', 'pod-security', 'network-policy', 'disruption-budget', 'topology-spread',
];

/**
 * Waived rules with the reason for each, e.g. `{ 'min-replicas': 'batch consumer, one at a time by design' }`.
 * The reason is required and is what a reviewer reads.
 */
export type Waivers = Readonly<Partial<Record<PolicyRule, string>>>;

/** The waiver reason for a rule, when it is waived with a non-empty reason. */
export function waiverReason(waivers: Waivers | undefined, rule: PolicyRule): string | undefined {
  const reason = waivers?.[rule];
  return typeof reason === 'string' && reason.trim().length > 0 ? reason : undefined;
}
