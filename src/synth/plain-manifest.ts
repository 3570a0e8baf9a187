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

function plain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof k8s.IntOrString || value instanceof k8s.Quantity) return value.value;
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = plain(v);
  }
  return out;
}
