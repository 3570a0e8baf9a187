import { Check } from './check';
import { checkCrossPlane } from './cross-plane-check';
import { checkNames } from './names-check';
import { checkPlaintextSecrets } from './plaintext-secrets-check';
import { checkReleases } from './releases-check';
import { checkSecretKeys } from './secret-keys-check';
import { checkTree } from './tree-check';

/** Every check run before the tree is written, in order. */
export const ALL_CHECKS: readonly Check[] = [checkNames, checkReleases, checkTree, checkPlaintextSecrets, checkSecretKeys, checkCrossPlane];

export { Check } from './check';
export { dns1123LabelError } from './names-check';
export { checkCrossPlane, crossPlaneProblems, ServiceImage } from './cross-plane-check';
export { checkPlaintextSecrets, looksLikeCredential } from './plaintext-secrets-check';
export { checkSecretKeys } from './secret-keys-check';
