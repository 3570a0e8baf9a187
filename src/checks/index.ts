import { checkAddOns } from './add-ons-check';
import { checkAwsLimits } from './aws-limits-check';
import { Check, CheckContext } from './check';
import { checkCrossPlane } from './cross-plane-check';
import { checkHttpRoutes } from './http-route-check';
import { checkIngresses } from './ingress-check';
import { checkNames } from './names-check';
import { checkPlaintextSecrets } from './plaintext-secrets-check';
import { checkPodSecurity } from './pod-security-check';
import { checkProductionPolicy } from './policy-check';
import { checkPrivilegedPorts } from './privileged-ports-check';
import { checkProps } from './props-check';
import { checkReleases } from './releases-check';
import { checkSecretKeys } from './secret-keys-check';
import { checkSecretReferences } from './secret-references-check';
import { checkServiceObjects } from './service-objects-check';
import { checkTree } from './tree-check';
import { checkUnknownProps } from './unknown-props-check';
import { checkWorkloadPolicies } from './workload-check';
import { Problem } from '../core/problem';

/** Checks of the definitions themselves; they run before rendering, so rendering sees sane values. */
export const MODEL_CHECKS: readonly Check[] = [
  checkProps, checkUnknownProps, checkNames, checkReleases, checkProductionPolicy, checkAddOns, checkIngresses,
  checkHttpRoutes, checkWorkloadPolicies, checkServiceObjects, checkPrivilegedPorts, checkSecretReferences,
];

/** Checks of the rendered files. */
export const TREE_CHECKS: readonly Check[] = [checkTree, checkPodSecurity, checkPlaintextSecrets, checkSecretKeys, checkCrossPlane, checkAwsLimits];

/** Every check run before the tree is written, in order. */
export const ALL_CHECKS: readonly Check[] = [...MODEL_CHECKS, ...TREE_CHECKS];

/** The problem code of each built-in check (`Problem.code`). */
const CHECK_CODES = new Map<Check, string>([
  [checkProps, 'props'], [checkUnknownProps, 'unknown-props'], [checkNames, 'names'], [checkReleases, 'releases'],
  [checkProductionPolicy, 'production-policy'], [checkAddOns, 'add-ons'], [checkIngresses, 'ingress'],
  [checkTree, 'tree'], [checkPodSecurity, 'pod-security'], [checkPlaintextSecrets, 'plaintext-secrets'],
  [checkSecretKeys, 'secret-keys'], [checkCrossPlane, 'cross-plane'], [checkAwsLimits, 'aws-limits'],
  [checkHttpRoutes, 'http-routes'], [checkWorkloadPolicies, 'workload-policies'], [checkServiceObjects, 'service-objects'],
  [checkPrivilegedPorts, 'privileged-ports'], [checkSecretReferences, 'secret-references'],
]);

/**
 * Runs a check and stamps each problem with the check's code (`custom` for a check given through the
 * options), unless the check set one itself.
 */
export function runCheck(check: Check, ctx: CheckContext): Problem[] {
  const code = CHECK_CODES.get(check) ?? 'custom';
  return check(ctx).map((p) => (p.code === undefined ? { ...p, code } : p));
}

export { Check, CheckContext } from './check';
export { dns1123LabelError } from './names-check';
export { PRODUCTION_MIN_REPLICAS } from './policy-check';
export { podSpecOf, violations } from './pod-security-check';
export { checkCrossPlane, crossPlaneProblems, ServiceImage } from './cross-plane-check';
export { checkAwsLimits } from './aws-limits-check';
export { checkPlaintextSecrets, looksLikeCredential } from './plaintext-secrets-check';
export { checkSecretKeys } from './secret-keys-check';
export { undeployProblems } from './undeploy-check';
