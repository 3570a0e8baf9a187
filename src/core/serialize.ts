import { dump } from 'js-yaml';
import { JS_YAML_OPTIONS, KeyOrder, writeBlockYaml } from './block-yaml';
import { Manifest } from './manifest';

/** Keys written first, in this order, wherever they appear; all other keys follow alphabetically. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec'];
const ORDER = new KeyOrder(LEADING_KEYS);

/**
 * Canonical key order: the Kubernetes habit (`apiVersion`, `kind`, `metadata`, `name` …) first,
 * then alphabetical. Output therefore does not depend on the order objects were built in.
 */
export const compareKeys: (a: string, b: string) => number = ORDER.compare;

/**
 * Serializes one object as a YAML document: canonical key order, no line folding, no anchors,
 * strings quoted unless every YAML reader (YAML 1.1, 1.2, Go's) reads them back as the same string
 * (`on`, `0755`, `0X1F`, `1:20` are quoted; see `isUnambiguousPlain`).
 */
export function toYaml(obj: unknown): string {
  // The block writer gives the same text as js-yaml, several times faster; js-yaml handles the rest.
  return writeBlockYaml(obj, ORDER) ?? dumpWithJsYaml(obj);
}

/** {@link toYaml} with js-yaml alone: the reference the fast writer must match byte for byte. */
export function dumpWithJsYaml(obj: unknown): string {
  return dump(obj, { ...JS_YAML_OPTIONS, sortKeys: compareKeys });
}

/** Serializes the objects of a file, separated by `---`. */
export function serializeObjects(objects: readonly Manifest[]): string {
  return objects.length === 1 ? toYaml(objects[0]) : objects.map(toYaml).join('---\n');
}
