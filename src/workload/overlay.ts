import { IConstruct } from 'constructs';
import { AutoscalingOptions } from './autoscaling';
import { DisruptionBudget } from './disruption-budget';
import { EnvInput, EnvValue, envValueOf, toEnvValues } from './env-value';
import { HttpRoute } from './http-route';
import { IService, IServiceOverlay } from './i-service';
import { Ingress } from './ingress';
import { NetworkPolicyOptions } from './network-policy';
import { renderResources, Resources } from './resources';
import { envFromOf, envFromSecretsAmong, ServiceLayer } from './service-layer';
import { TopologySpread } from './topology-spread';
import {
  effectiveDisruptionBudget, effectiveNetworkPolicy, effectiveTopologySpread, ignoredDifferences, WorkloadPolicyInput, workloadObjectFiles,
} from './workload-policies';
import { ArgoApplication } from '../argocd/argo-application';
import { Environment } from '../argocd/environment';
import { IgnoreDifference } from '../argocd/ignore-difference';
import { SyncPolicy } from '../argocd/sync-policy';
import { SyncWave } from '../argocd/sync-wave';
import { ImageVersion } from '../context/image-version';
import type { Releases } from '../context/releases';
import { repoContextOf } from '../context/repo-context';
import { ManifestFile } from '../core/manifest';
import { toYaml } from '../core/serialize';
import { kustomization, KustomizePatch } from '../kustomize/kustomization';
import { Waivers } from '../policy/waivers';
import { environmentStorePatches, SecretConsumer } from '../secrets/external-secret';

/** Per-environment settings of a service (`Service.addOverlay`). */
export interface OverlayOptions {
  /**
   * Replicas in this environment. Not with `autoscaling` (the HPA owns the count; the Deployment
   * starts with `minReplicas`).
   * @default - the service's `replicas`, or `autoscaling.minReplicas`
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler for this environment (`horizontal-pod-autoscaler.yaml`); the
   * Application then ignores `spec.replicas` of the Deployment, with `RespectIgnoreDifferences=true`.
   * @default - the service's `autoscaling`, if any
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * A PodDisruptionBudget (`pod-disruption-budget.yaml`).
   * @default - `DisruptionBudget.maxUnavailable(1)` in production with 2+ replicas (waiver `disruption-budget`), else none
   */
  readonly disruptionBudget?: DisruptionBudget;
  /**
   * How the pods spread over zones and nodes (a patch of the Deployment).
   * @default - `TopologySpread.zonesAndNodes()` in production with 2+ replicas (waiver `topology-spread`), else none
   */
  readonly topologySpread?: TopologySpread;
  /**
   * A NetworkPolicy (`network-policy.yaml`): ingress denied except from the controllers routing to the
   * service, its callers (`allowFrom`) and what the options allow; `{}` for the defaults.
   * @default - the service's `networkPolicy`; in production `{}` (waiver `network-policy`), else none
   */
  readonly networkPolicy?: NetworkPolicyOptions;
  /**
   * Resources in this environment.
   * @default - the service's `resources`
   */
  readonly resources?: Resources;
  /**
   * Environment variables added or overridden in this environment. Values from
   * `EnvValue.fromSecret(...)` land in an ExternalSecret of this overlay only, so each environment
   * reads its own key (e.g. `staging/api-service/db` vs `prod/api-service/db`).
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvInput>>;
  /**
   * Production rules waived for this overlay, each with its reason (`min-replicas`, `resources`,
   * `mutable-tags`, `network-policy`, `disruption-budget`, `topology-spread`).
   * @default - none
   */
  readonly waivers?: Waivers;
  /**
   * Fields Argo CD leaves to another controller in this environment. `spec.replicas` of the
   * Deployment is added by itself when the overlay has `autoscaling`.
   * @default - none
   */
  readonly ignoreDifferences?: readonly IgnoreDifference[];
}

/** Props of an {@link Overlay}. */
export interface OverlayProps extends OverlayOptions {
  /** The environment the overlay deploys to. */
  readonly environment: Environment;
}

/**
 * A service in one environment: `apps/<service>/overlays/<env>/kustomization.yaml` (image version from
 * the releases file, replicas, resources) and the Argo CD Application that deploys it.
 */
export class Overlay extends ServiceLayer implements IServiceOverlay {
  /** The environment this overlay deploys to. */
  public readonly environment: Environment;
  /** The service deployed. */
  public readonly service: IService;
  /** The per-environment settings as given (the props without `environment`). */
  public readonly options: OverlayOptions;
  /** The Argo CD Application deploying this overlay. */
  public readonly application: ArgoApplication;

  /** The overlay folder, once computed: names and layout never change once built. */
  private dirCache?: string;
  /** The repository's releases, fixed when it was created. */
  private readonly releases: Releases;
  /** {@link imageVersion}, once looked up: a render asks for it several times per overlay. */
  private versionCache?: { readonly version: ImageVersion | undefined };

  /**
   * Usually created with `service.addOverlay(environment, options)`.
   *
   * @param scope the service deployed
   */
  constructor(scope: IService, id: string, props: OverlayProps) {
    super(scope, id);
    // Plain JavaScript callers may pass anything; the props check reports it before rendering.
    const { environment, ...options } = typeof props === 'object' && props !== null ? props : ({} as OverlayProps);
    const service = scope;
    this.service = service;
    this.environment = environment;
    this.options = options;
    const env = environment instanceof Environment ? environment : undefined;
    const ctx = repoContextOf(this);
    this.releases = ctx.releases;
    this.application = new ArgoApplication(this, 'application', {
      name: `${service.name}-${env?.name ?? String(environment)}`,
      sources: [{
        repoUrl: ctx.repoURL,
        targetRevision: ctx.targetRevision,
        path: ctx.layout.argoPath(ctx.layout.serviceSourceDir(service.name, environment.name)),
      }],
      generatePaths: ctx.layout.serviceGeneratePaths(),
      destination: env?.destination() ?? { namespace: '' },
      sync: env?.sync ?? SyncPolicy.manual(),
      project: env?.project.name,
      wave: SyncWave.services(),
      ignoreDifferences: ignoredDifferences(this.options.ignoreDifferences, service.name, this.autoscaling !== undefined),
      labels: { 'app.kubernetes.io/name': service.name, 'gitops-synth/environment': String(env?.name) },
      standalone: !ctx.serviceApplications.isApplicationSet,
      subject: service.subject,
    });
    this.addEnvSecret();
  }

  /** The environment's name as given, for reports (also when a JavaScript caller passed something else). */
  public get environmentName(): string {
    if (this.environment instanceof Environment) return this.environment.name;
    const given = this.environment as unknown as { name?: unknown } | undefined;
    return String(given?.name ?? given);
  }

  /** The overlay folder, relative to the output folder. */
  public get dir(): string {
    this.dirCache ??= repoContextOf(this).layout.overlayDir(this.service.name, this.environment.name);
    return this.dirCache;
  }


  /** Replicas in this environment: the count the Deployment starts with, `minReplicas` when an HPA scales it. */
  public get replicas(): number {
    const autoscaling = this.autoscaling;
    if (autoscaling) return autoscaling.minReplicas;
    return this.options.replicas ?? this.service.replicas;
  }

  /** The HorizontalPodAutoscaler's settings in this environment, if one scales the Deployment. */
  public get autoscaling(): AutoscalingOptions | undefined {
    return this.options.autoscaling ?? this.service.props.autoscaling;
  }

  /** The PodDisruptionBudget in this environment, if any (see `OverlayOptions.disruptionBudget`). */
  public get disruptionBudget(): DisruptionBudget | undefined {
    return effectiveDisruptionBudget(this.policyInput());
  }

  /** The topology spread in this environment, if any (see `OverlayOptions.topologySpread`). */
  public get topologySpread(): TopologySpread | undefined {
    return effectiveTopologySpread(this.policyInput());
  }

  /** The NetworkPolicy options in this environment, if it has one (see `OverlayOptions.networkPolicy`). */
  public get networkPolicy(): NetworkPolicyOptions | undefined {
    return effectiveNetworkPolicy(this.policyInput());
  }

  /**
   * The namespaces of the controllers that route to the service in this environment: of its Ingresses'
   * controllers and its HTTPRoutes' Gateways, in the base and in this overlay.
   */
  public get controllerNamespaces(): string[] {
    return controllerNamespacesAmong(this.service.node.children, this.node.children);
  }

  /** Resources in this environment, if any. */
  public get resources(): Resources | undefined {
    return this.options.resources ?? this.service.props.resources;
  }

  /**
   * The image version from the releases file, if it names one. Without one (and, in preserve mode,
   * without an image in the existing overlay) the overlay is pending: a synth renders nothing of it
   * (see `ModelIndex.pendingOverlays`).
   */
  public get imageVersion(): ImageVersion | undefined {
    return (this.versionCache ??= { version: this.releases.versionOf(this.service.name, this.environment.name) }).version;
  }

  /** Env vars added or overridden in this environment. */
  public get env(): Array<[string, EnvValue]> {
    return toEnvValues(this.options.env);
  }

  public renderFiles(): ManifestFile[] {
    const dir = this.dir;
    const source = this.service.subject;
    const resources = ['../../base'];
    // Listed once for the whole render of the folder.
    const serviceChildren = this.service.node.children;
    const ownChildren = this.node.children;
    // Each environment's copy of the base's ExternalSecrets reads through that environment's own store.
    const patches: KustomizePatch[] = [
      ...this.containerPatches(serviceChildren, ownChildren),
      ...environmentStorePatches(this.service, this.environment.name, serviceChildren),
    ];
    const service = this.service;
    const own = workloadObjectFiles({
      service: service.name,
      nameLabel: 'app.kubernetes.io/name',
      labels: service.labels,
      ports: service.ports.map((p) => p.containerPort),
      autoscaling: this.autoscaling,
      disruptionBudget: this.disruptionBudget,
      networkPolicy: this.networkPolicy,
      controllerNamespaces: controllerNamespacesAmong(serviceChildren, ownChildren),
      callers: service.callers.map((c) => c.name),
    });
    const files = this.folderFiles(dir, source, resources, patches, [{ files: own }], ownChildren);
    const version = this.imageVersion;
    files.push({
      path: `${dir}/kustomization.yaml`,
      source,
      objects: [kustomization({
        namespace: this.environment.namespace,
        resources,
        labels: [{ pairs: { 'gitops-synth/environment': this.environment.name }, includeSelectors: false, includeTemplates: true }],
        images: version ? [{ name: this.service.image, ...version.kustomizeFields() }] : [],
        replicas: [{ name: this.service.name, count: this.replicas }],
        patches,
      })],
    });
    return files;
  }

  protected get namePrefix(): string {
    return `${this.service.name}-${this.environment.name}`;
  }

  protected get secretConsumer(): SecretConsumer {
    return { service: this.service.name, environment: this.environment.name };
  }

  protected get serviceLabels(): Record<string, string> {
    return this.service.labels;
  }

  protected get ingressScope(): IServiceOverlay {
    return this;
  }

  /**
   * An env entry of the container patch. A strategic merge patch merges env entries by name, so when
   * the base sets the variable another way (`value` vs `valueFrom`, `fieldRef` vs `secretKeyRef`) the
   * base's field is removed with `null`; otherwise the result would hold both and be rejected.
   */
  private envPatchEntry(name: string, value: EnvValue): Record<string, unknown> {
    const entry: Record<string, unknown> = { ...value.toKube(name, this.envSecretName) };
    // Only the overridden variable of the base is looked up, not the whole base env converted.
    const base = envValueOf(this.service.props.env, name)?.toKube(name, this.service.envSecretName);
    if (!base) return entry;
    if (base.value !== undefined && entry.value === undefined) entry.value = null;
    if (base.valueFrom && !entry.valueFrom) entry.valueFrom = null;
    if (base.valueFrom && entry.valueFrom) {
      const from: Record<string, unknown> = { ...entry.valueFrom as object };
      for (const key of Object.keys(base.valueFrom)) if (!(key in from)) from[key] = null;
      entry.valueFrom = from;
    }
    return entry;
  }

  /** What decides this overlay's PodDisruptionBudget, topology spread and NetworkPolicy. */
  private policyInput(): WorkloadPolicyInput {
    return {
      production: this.environment instanceof Environment && this.environment.production,
      waivers: this.options.waivers,
      replicas: this.replicas,
      disruptionBudget: this.options.disruptionBudget,
      topologySpread: this.options.topologySpread,
      networkPolicy: this.options.networkPolicy,
      serviceNetworkPolicy: this.service.props.networkPolicy,
    };
  }

  /**
   * A strategic-merge patch of the Deployment for per-environment resources, env vars, Secrets read
   * whole (`envFrom`) and topology spread.
   */
  private containerPatches(serviceChildren: readonly IConstruct[], ownChildren: readonly IConstruct[]): KustomizePatch[] {
    const container: Record<string, unknown> = { name: this.service.name };
    if (this.options.resources) container.resources = renderResources(this.options.resources);
    const env = this.env;
    if (env.length > 0) container.env = env.map(([name, value]) => this.envPatchEntry(name, value));
    const envFrom = envFromSecretsAmong(ownChildren);
    // `envFrom` has no merge key, so a patch replaces the base's list: it repeats the base's entries.
    if (envFrom.length > 0) {
      const base = envFromSecretsAmong(serviceChildren);
      container.envFrom = envFromOf([...base, ...envFrom]);
    }
    const podSpec: Record<string, unknown> = {};
    if (Object.keys(container).length > 1) podSpec.containers = [container];
    const spread = this.topologySpread;
    if (spread) podSpec.topologySpreadConstraints = spread.constraints({ 'app.kubernetes.io/name': this.service.name });
    if (Object.keys(podSpec).length === 0) return [];
    const patch = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: this.service.name },
      spec: { template: { spec: podSpec } },
    };
    return [{ target: { kind: 'Deployment', name: this.service.name }, patch: toYaml(patch) }];
  }
}

/**
 * The namespaces of the controllers routing to a service in one environment (see
 * `Overlay.controllerNamespaces`), from the constructs of the service's base and of the overlay.
 */
function controllerNamespacesAmong(serviceChildren: readonly IConstruct[], ownChildren: readonly IConstruct[]): string[] {
  const namespaces: string[] = [];
  for (const children of [serviceChildren, ownChildren]) {
    for (const child of children) {
      if (child instanceof Ingress && child.props.controller?.namespace) namespaces.push(child.props.controller.namespace);
      if (child instanceof HttpRoute && child.dataPlaneNamespace) namespaces.push(child.dataPlaneNamespace);
    }
  }
  return [...new Set(namespaces)].sort();
}
