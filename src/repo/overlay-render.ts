import { repoContextOf } from '../context/repo-context';
import { Manifest, ManifestFile } from '../core/manifest';
import { environmentSecretStore, ExternalSecret } from '../secrets/external-secret';
import { Overlay } from '../workload/overlay';
import { renderResources } from '../workload/resources';
import { NAME_LABEL, Service } from '../workload/service';
import { envFromOf } from '../workload/service-layer';

/** Options of {@link renderOverlay}. */
export interface RenderOverlayOptions {
  /**
   * The files of the service's base, when the caller has rendered them already (one render serves
   * every environment of the service).
   * @default - rendered from the service
   */
  readonly base?: readonly ManifestFile[];
  /**
   * The image the service's container runs, with its tag or digest, when it does not come from the
   * releases data (preserve mode keeps the one found in the existing overlay).
   * @default - the service's image with the overlay's version from the releases data
   */
  readonly image?: string;
}

/**
 * Every object a service runs in one environment, as the cluster receives it: the base's objects and
 * the overlay's own, in the environment's namespace, labelled with the environment, the Deployment
 * with the environment's replicas, image version, resources and env vars. Computed from the model —
 * never from the overlay's kustomization — so that comparing it with `kubectl kustomize` of the
 * overlay proves the overlay means what the model says. Ordered as kustomize orders its output.
 * Pure: the model's objects are copied, never changed.
 */
export function renderOverlay(overlay: Overlay, options: RenderOverlayOptions = {}): Manifest[] {
  const service = serviceOf(overlay);
  const base = options.base ?? service.renderFiles();
  const baseObjects = objectsOf(base).map((o) => copy(o) as Mutable);
  const objects = [...baseObjects, ...objectsOf(overlay.renderFiles()).map((o) => copy(o) as Mutable)];
  readThroughEnvironmentStores(service, overlay.environment.name, baseObjects);
  const namespace = overlay.environment.namespace;
  const image = options.image ?? imageOf(overlay);
  for (const obj of objects) {
    const metadata = (obj.metadata ??= {});
    if (namespace) metadata.namespace = namespace;
    metadata.labels = { ...metadata.labels as object, [ENVIRONMENT_LABEL]: overlay.environment.name };
    const template = podTemplateOf(obj);
    if (template) {
      const templateMetadata = (template.metadata ??= {}) as Mutable;
      templateMetadata.labels = { ...templateMetadata.labels as object, [ENVIRONMENT_LABEL]: overlay.environment.name };
    }
    if (obj.kind === 'Deployment' && metadata.name === service.name) applyOverlay(overlay, obj, image);
  }
  return (objects as unknown as Manifest[]).sort(byKustomizeOrder);
}

/**
 * The file of the rendered layout holding {@link renderOverlay}'s objects:
 * `rendered/<env>/<service>/manifests.yaml`.
 */
export function renderedOverlayFile(overlay: Overlay, options: RenderOverlayOptions = {}): ManifestFile {
  const service = serviceOf(overlay);
  return {
    path: repoContextOf(overlay).layout.renderedFile(service.name, overlay.environment.name),
    objects: renderOverlay(overlay, options),
    source: service.subject,
  };
}

/** The label the overlay's kustomization puts on every object (and pod template) of the environment. */
const ENVIRONMENT_LABEL = 'gitops-synth/environment';

type Mutable = Record<string, unknown> & { apiVersion: string; kind: string; metadata?: Record<string, unknown> };

/** A deep copy of plain data (objects, arrays, scalars), in this realm: the model's objects stay as they are. */
function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = copy(v);
  return out;
}

function serviceOf(overlay: Overlay): Service {
  const scope = overlay.node.scope;
  if (!(scope instanceof Service)) throw new Error(`${overlay.node.path}: an overlay is rendered with its service (create it with service.addOverlay)`);
  return scope;
}

/** The objects of a folder's files, in file order, without the kustomization. */
function objectsOf(files: readonly ManifestFile[]): Manifest[] {
  return files.filter((f) => !f.path.endsWith('/kustomization.yaml')).flatMap((f) => f.objects);
}

/** The service's image with the overlay's tag (`image:tag`) or digest (`image@sha256:…`). */
function imageOf(overlay: Overlay): string | undefined {
  const version = overlay.imageVersion;
  if (!version) return undefined;
  return `${overlay.service.image}${version.isDigest ? '@' : ':'}${version.value}`;
}

/**
 * The base's ExternalSecrets that name no store read through the environment's own store
 * (see `ExternalSecret.readsThroughEnvironmentStore`).
 */
function readThroughEnvironmentStores(service: Service, environment: string, baseObjects: readonly Mutable[]): void {
  const perEnvironment = new Set<string>();
  for (const child of service.node.children) {
    const readsThroughEnvironment = child instanceof ExternalSecret && child.readsThroughEnvironmentStore && child.consumer.environment === undefined;
    if (readsThroughEnvironment) perEnvironment.add(child.name);
  }
  if (perEnvironment.size === 0) return;
  for (const obj of baseObjects) {
    if (obj.kind !== 'ExternalSecret' || !perEnvironment.has(String(obj.metadata?.name))) continue;
    const spec = obj.spec as { secretStoreRef?: { name?: string } } | undefined;
    if (spec?.secretStoreRef) spec.secretStoreRef.name = environmentSecretStore(environment);
  }
}

/** Kinds whose pod template kustomize labels (`labels` with `includeTemplates`). */
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController']);

function podTemplateOf(obj: Mutable): Mutable | undefined {
  if (!TEMPLATE_KINDS.has(String(obj.kind))) return undefined;
  const spec = obj.spec as { template?: Mutable } | undefined;
  return spec?.template;
}

/** The environment's replicas, image, resources and env vars on the service's Deployment. */
function applyOverlay(overlay: Overlay, deployment: Mutable, image: string | undefined): void {
  type PodSpec = Record<string, unknown> & { containers?: Array<Record<string, unknown>> };
  const spec = deployment.spec as { replicas?: number; template?: { spec?: PodSpec } };
  spec.replicas = overlay.replicas;
  const podSpec = spec.template?.spec;
  const spread = overlay.topologySpread;
  if (podSpec && spread) podSpec.topologySpreadConstraints = copy(spread.constraints({ [NAME_LABEL]: overlay.service.name }));
  const container = podSpec?.containers?.find((c) => c.name === overlay.service.name);
  if (!container) return;
  if (image !== undefined) container.image = image;
  // Secrets of the environment read whole come after the service's.
  const envFrom = envFromOf(overlay.envFromSecrets);
  if (envFrom) container.envFrom = [...(container.envFrom ?? []) as unknown[], ...envFrom];
  // Resources of the environment replace the service's whole block; none keeps the service's.
  if (overlay.options.resources) container.resources = renderResources(overlay.options.resources);
  const env = overlay.env;
  if (env.length === 0) return;
  // As the strategic merge of the overlay's patch orders them: the environment's variables first, in
  // their order, then the service's that the environment does not set.
  const own = env.map(([name, value]) => JSON.parse(JSON.stringify(value.toKube(name, overlay.envSecretName))) as { name: string });
  const names = new Set(own.map((v) => v.name));
  const vars = [...own, ...((container.env ?? []) as Array<{ name: string }>).filter((v) => !names.has(v.name))];
  container.env = vars;
}

/**
 * Kustomize's output order (`sortOptions: legacy`, its default): these kinds first, in this order,
 * webhooks last, every other kind between them by group, version and kind; then by namespace and name.
 */
const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service',
  'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet',
  'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
const KIND_RANK = new Map<string, number>([
  ...ORDER_FIRST.map((k, i) => [k, i - ORDER_FIRST.length] as [string, number]),
  ...ORDER_LAST.map((k, i) => [k, i + 1] as [string, number]),
]);

function gvkString(obj: Manifest): string {
  const slash = obj.apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  const version = obj.apiVersion.slice(slash + 1);
  return `${group || '~G'}_${version || '~V'}_${obj.kind || '~K'}`;
}

function byKustomizeOrder(a: Manifest, b: Manifest): number {
  const ra = KIND_RANK.get(a.kind) ?? 0;
  const rb = KIND_RANK.get(b.kind) ?? 0;
  if (ra !== rb) return ra - rb;
  const ga = gvkString(a);
  const gb = gvkString(b);
  if (ga !== gb) return ga < gb ? -1 : 1;
  const ka = `${a.metadata?.namespace ?? ''}|${a.metadata?.name ?? ''}`;
  const kb = `${b.metadata?.namespace ?? ''}|${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
