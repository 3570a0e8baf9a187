import { GroupVersionKind } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Manifest } from './manifest';

/**
 * `{ apiVersion, kind, ...props }` as plain data: properties that are `undefined` left out, cdk8s
 * value wrappers (`IntOrString`, `Quantity`) replaced by their values. For the core Kubernetes kinds,
 * whose typed props use the JSON field names, this is what `k8s.KubeDeployment.manifest(props)`
 * returns — without the generated converters, which copy every object once per field and made them
 * the largest cost of rendering a large tree.
 *
 * Only for props whose TypeScript names are the JSON names (the core `k8s.*` kinds); typed CRD
 * bindings rename fields (`repoUrl` → `repoURL`) and keep their own `manifest()`.
 */
export function plainManifest<P extends object>(gvk: GroupVersionKind, props: P): Manifest {
  return { apiVersion: gvk.apiVersion, kind: gvk.kind, ...(plain(props) as object) } as Manifest;
}

/**
 * The value as plain data, copying only what changes: objects without `undefined` properties or value
 * wrappers below them are returned as they are, so rendering allocates little beyond the props.
 */
function plain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = plain(value[i]);
      if (copy === undefined && item !== value[i]) copy = value.slice(0, i);
      if (copy !== undefined) copy.push(item);
    }
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (value instanceof k8s.IntOrString || value instanceof k8s.Quantity) return value.value;
    if (value instanceof Date) return value.toISOString();
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const v = record[keys[i]];
    const p = v === undefined ? undefined : plain(v);
    if (copy === undefined && p !== v || v === undefined && copy === undefined) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]] = record[keys[j]];
    }
    if (copy !== undefined && p !== undefined) copy[keys[i]] = p;
  }
  return copy ?? value;
}
