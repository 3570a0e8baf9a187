import { EnvInput, EnvValue, envValueOf, toEnvValues } from './env-value';
import { IService, IServiceOverlay } from './i-service';
import { renderResources, Resources } from './resources';
import { ServiceLayer } from './service-layer';
import { ArgoApplication } from '../argocd/argo-application';
import { Environment } from '../argocd/environment';
import { IgnoreDifference } from '../argocd/ignore-difference';
import { SyncPolicy } from '../argocd/sync-policy';
import { SyncWave } from '../argocd/sync-wave';
import { ImageVersion } from '../context/image-version';
import { repoContextOf } from '../context/repo-context';
import { ManifestFile } from '../core/manifest';
import { toYaml } from '../core/serialize';
import { kustomization, KustomizePatch } from '../kustomize/kustomization';
import { Waivers } from '../policy/waivers';
import { SecretConsumer } from '../secrets/external-secret';

/** Per-environment settings of a service (`Service.addOverlay`). */
export interface OverlayOptions {
  /**
   * Replicas in this environment.
   * @default - the service's `replicas`
   */
  readonly replicas?: number;
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
   * Production rules waived for this overlay, each with its reason (`min-replicas`, `resources`, `mutable-tags`).
   * @default - none
   */
  readonly waivers?: Waivers;
  /**
   * Fields Argo CD leaves to another controller in this environment, e.g.
   * `IgnoreDifference.hpaReplicas('api-service')` when an HPA scales the Deployment.
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
    this.application = new ArgoApplication(this, 'application', {
      name: `${service.name}-${env?.name ?? String(environment)}`,
      sources: [{
        repoUrl: ctx.repoURL,
        targetRevision: ctx.targetRevision,
        path: ctx.layout.argoPath(this.dir),
      }],
      destination: env?.destination() ?? { namespace: '' },
      sync: env?.sync ?? SyncPolicy.manual(),
      project: env?.project.name,
      wave: SyncWave.services(),
      ignoreDifferences: this.options.ignoreDifferences,
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


  /** Replicas in this environment. */
  public get replicas(): number {
    return this.options.replicas ?? this.service.replicas;
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
    return repoContextOf(this).releases.versionOf(this.service.name, this.environment.name);
  }

  /** Env vars added or overridden in this environment. */
  public get env(): Array<[string, EnvValue]> {
    return toEnvValues(this.options.env);
  }

  public renderFiles(): ManifestFile[] {
    const dir = this.dir;
    const source = this.service.subject;
    const resources = ['../../base'];
    const patches: KustomizePatch[] = this.containerPatches();
    const files = this.folderFiles(dir, source, resources, patches);
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

  /** A strategic-merge patch of the container for per-environment resources and env vars. */
  private containerPatches(): KustomizePatch[] {
    const container: Record<string, unknown> = { name: this.service.name };
    if (this.options.resources) container.resources = renderResources(this.options.resources);
    const env = this.env;
    if (env.length > 0) container.env = env.map(([name, value]) => this.envPatchEntry(name, value));
    if (Object.keys(container).length === 1) return [];
    const patch = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: this.service.name },
      spec: { template: { spec: { containers: [container] } } },
    };
    return [{ target: { kind: 'Deployment', name: this.service.name }, patch: toYaml(patch) }];
  }
}
