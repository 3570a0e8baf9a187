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
 * Only for props whose TypeScript names are the JSON names (the core `k8s.*` kinds, and CRD bindings
 * such as the ExternalSecret's); other typed CRD bindings rename fields (`repoUrl` → `repoURL`) and
 * need their own `manifest()` or a mapping of those fields.
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
  // `for…in` visits the own keys of a plain object in `Object.keys` order without allocating an array
  // of them; a class instance is looked at through a plain copy of its own properties.
  const record = proto === Object.prototype || proto === null ? value as Record<string, unknown> : { ...value };
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    const v = record[key];
    const p = v === undefined ? undefined : plain(v);
    if (copy === undefined && (p !== v || v === undefined)) {
      // The keys before this one keep their values.
      copy = {};
      for (const before in record) {
        if (before === key) break;
        copy[before] = record[before];
      }
    }
    if (copy !== undefined && p !== undefined) copy[key] = p;
  }
  return copy ?? value;
}
