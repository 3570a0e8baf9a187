import { Construct } from 'constructs';
import { isKustomizationContributor, KustomizationPart, kustomization, KustomizePatch } from './kustomization';
import { ArgoApplication } from '../argocd/argo-application';
import { Environment } from '../repo/environment';
import { repoContextOf } from '../repo/repo-context';
import { IRenderable, ManifestFile } from '../synth/manifest';
import { toYaml } from '../synth/serialize';
import { EnvInput, EnvValue, toEnvValues } from '../workload/env-value';
import { ImageVersion } from '../workload/image-version';
import { renderResources, Resources } from '../workload/resources';
import type { Service } from '../workload/service';

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
   * Environment variables added or overridden in this environment.
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvInput>>;
}

/**
 * A service in one environment: `apps/<service>/overlays/<env>/kustomization.yaml` (image version from
 * the releases file, replicas, resources) and the Argo CD Application that deploys it.
 */
export class Overlay extends Construct implements IRenderable {
  /** The environment this overlay deploys to. */
  public readonly environment: Environment;
  /** The service deployed. */
  public readonly service: Service;
  /** Options as given. */
  public readonly options: OverlayOptions;
  /** The Argo CD Application deploying this overlay. */
  public readonly application: ArgoApplication;

  /** The overlay folder, once computed: names and layout never change once built. */
  private dirCache?: string;

  constructor(service: Service, environment: Environment, options: OverlayOptions = {}) {
    super(service, `overlay-${environment.name}`);
    this.service = service;
    this.environment = environment;
    this.options = options;
    const ctx = repoContextOf(this);
    this.application = new ArgoApplication(this, 'application', {
      name: `${service.name}-${environment.name}`,
      sources: [{
        repoUrl: ctx.repoURL,
        targetRevision: ctx.targetRevision,
        path: ctx.layout.argoPath(this.dir),
      }],
      destination: environment.destination(),
      sync: environment.sync,
      labels: { 'app.kubernetes.io/name': service.name, 'gitops-synth/environment': environment.name },
    });
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

  /** The image version from the releases file, if it names one. */
  public get imageVersion(): ImageVersion | undefined {
    return repoContextOf(this).releases.versionOf(this.service.name, this.environment.name);
  }

  /** Env vars added or overridden in this environment. */
  public get env(): Array<[string, EnvValue]> {
    return toEnvValues(this.options.env);
  }

  public renderFiles(): ManifestFile[] {
    const parts: KustomizationPart[] = [{ patches: this.containerPatches() }];
    for (const child of this.node.children) {
      if (isKustomizationContributor(child)) parts.push(child.renderKustomizationPart());
    }
    const files = parts.flatMap((p) => p.files ?? []);
    const version = this.imageVersion;
    const source = this.node.path;
    return [
      ...files.map((f) => ({ path: `${this.dir}/${f.name}`, objects: f.objects, source })),
      {
        path: `${this.dir}/kustomization.yaml`,
        source,
        objects: [kustomization({
          namespace: this.environment.namespace,
          resources: ['../../base', ...files.map((f) => f.name)],
          labels: [{ pairs: { 'gitops-synth/environment': this.environment.name }, includeSelectors: false, includeTemplates: true }],
          images: version ? [{ name: this.service.image, ...version.kustomizeFields() }] : [],
          replicas: [{ name: this.service.name, count: this.replicas }],
          patches: parts.flatMap((p) => p.patches ?? []),
        })],
      },
    ];
  }

  /** A strategic-merge patch of the container for per-environment resources and env vars. */
  private containerPatches(): KustomizePatch[] {
    const container: Record<string, unknown> = { name: this.service.name };
    if (this.options.resources) container.resources = renderResources(this.options.resources);
    const env = this.env;
    if (env.length > 0) container.env = env.map(([name, value]) => value.toKube(name));
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
