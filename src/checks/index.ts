import { checkAddOns } from './add-ons-check';
import { Check } from './check';
import { checkIngresses } from './ingress-check';
import { checkNames } from './names-check';
import { checkReleases } from './releases-check';
import { checkTree } from './tree-check';

/** Every check run before the tree is written, in order. */
export const ALL_CHECKS: readonly Check[] = [checkNames, checkReleases, checkTree, checkAddOns, checkIngresses];

export { Check } from './check';
export { dns1123LabelError } from './names-check';
