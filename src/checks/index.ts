import { checkAddOns } from './add-ons-check';
import { Check } from './check';
import { checkCrossPlane } from './cross-plane-check';
import { checkIngresses } from './ingress-check';
import { checkNames } from './names-check';
import { checkPlaintextSecrets } from './plaintext-secrets-check';
import { checkPodSecurity } from './pod-security-check';
import { checkProductionPolicy } from './policy-check';
import { checkProps } from './props-check';
import { checkReleases } from './releases-check';
import { checkSecretKeys } from './secret-keys-check';
import { checkTree } from './tree-check';
import { checkUnknownProps } from './unknown-props-check';

/** Checks of the definitions themselves; they run before rendering, so rendering sees sane values. */
export const MODEL_CHECKS: readonly Check[] = [
  checkProps, checkUnknownProps, checkNames, checkReleases, checkProductionPolicy, checkAddOns, checkIngresses,
];

/** Checks of the rendered files. */
export const TREE_CHECKS: readonly Check[] = [checkTree, checkPodSecurity, checkPlaintextSecrets, checkSecretKeys, checkCrossPlane];

/** Every check run before the tree is written, in order. */
export const ALL_CHECKS: readonly Check[] = [...MODEL_CHECKS, ...TREE_CHECKS];

export { Check } from './check';
export { dns1123LabelError } from './names-check';
export { PRODUCTION_MIN_REPLICAS } from './policy-check';
export { podSpecOf, violations } from './pod-security-check';
export { checkCrossPlane, crossPlaneProblems, ServiceImage } from './cross-plane-check';
export { checkPlaintextSecrets, looksLikeCredential } from './plaintext-secrets-check';
export { checkSecretKeys } from './secret-keys-check';
export { undeployProblems } from './undeploy-check';
