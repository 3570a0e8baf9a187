import { CONTROLLER_CLUSTER_RESOURCES, HelmChart, SYNC_OPTIONS_ANNOTATION } from './add-on';
import { AddOnPreset } from './add-on-preset';
import { CLUSTER_ISSUER_ANNOTATION } from './cert-manager';
import { GroupKind } from '../argocd/app-project';
import { SYNC_WAVE_ANNOTATION } from '../argocd/sync-wave';
import { Manifest } from '../core/manifest';
import { Problem } from '../core/problem';

/**
 * The Envoy Gateway chart gitops-synth writes by default (OCI, `gateway-helm`): the controller and the
 * Gateway API CRDs it implements. Envoy Gateway is a CNCF Envoy project with a release about every
 * quarter and published end-of-life dates; see the README for the choice.
 *
 * @see https://gateway.envoyproxy.io/docs/install/install-helm/
 */
export const ENVOY_GATEWAY_CHART: HelmChart = { repoURL: 'oci://docker.io/envoyproxy', chart: 'gateway-helm', version: 'v1.9.1' };

/** The controller name Envoy Gateway's GatewayClasses name. */
export const ENVOY_GATEWAY_CONTROLLER_NAME = 'gateway.envoyproxy.io/gatewayclass-controller';

/** The group of the Gateway API kinds. */
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** A Gateway of the implementation, with its listeners. */
export interface GatewayOptions {
  /**
   * The Gateway's name.
   * @default 'public'
   */
  readonly name?: string;
  /**
   * Host names served over HTTPS, one listener each (`https-<host>`) with a certificate in the Secret
   * `<gateway>-<host>-tls`; a plain HTTP listener on port 80 serves every host.
   * @default - HTTP only
   */
  readonly hostnames?: readonly string[];
  /**
   * cert-manager ClusterIssuer that signs the listeners' certificates (`cert-manager.io/cluster-issuer`
   * on the Gateway; cert-manager needs its Gateway API support turned on, see the README).
   * @default - no issuer: the `*-tls` Secrets are provided otherwise
   */
  readonly clusterIssuer?: string;
}

/** Options of {@link GatewayController.envoy}. */
export interface EnvoyGatewayOptions {
  /**
   * The GatewayClass name.
   * @default 'envoy-gateway'
   */
  readonly className?: string;
  /**
   * The Gateways, in the add-on's namespace; HTTPRoutes of every namespace may attach.
   * @default - one Gateway `public`, HTTP only
   */
  readonly gateways?: readonly GatewayOptions[];
  /**
   * Namespace of the controller and, by Envoy Gateway's default, of the Gateways' proxies.
   * @default 'envoy-gateway-system'
   */
  readonly namespace?: string;
  /**
   * The chart.
   * @default ENVOY_GATEWAY_CHART
   */
  readonly chart?: HelmChart;
  /**
   * Chart values.
   * @default - the chart's defaults
   */
  readonly values?: Record<string, unknown>;
}

/** Cluster-scoped kinds of a Gateway API implementation: its CRDs, RBAC, webhooks and GatewayClass. */
export const GATEWAY_CONTROLLER_CLUSTER_RESOURCES: readonly GroupKind[] = [
  ...CONTROLLER_CLUSTER_RESOURCES,
  { group: GATEWAY_API_GROUP, kind: 'GatewayClass' },
];

/** A Gateway an HTTPRoute attaches to (its `parentRefs` entry), e.g. `GatewayController.gateway()`. */
export interface GatewayReference {
  /** The Gateway's name. */
  readonly name: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /**
   * One listener of the Gateway.
   * @default - every listener whose hostname matches the route's
   */
  readonly sectionName?: string;
  /**
   * The namespace the Gateway's proxies run in, which the services' NetworkPolicies let in.
   * @default - the Gateway's namespace
   */
  readonly dataPlaneNamespace?: string;
}

/**
 * A Gateway API implementation: the add-on installing it (`repo.add(controller.addOn())`) with its
 * GatewayClass and Gateways, and the Gateways services' HTTPRoutes attach to
 * (`overlay.addHttpRoute('http-route', { gateway: controller.gateway(), hostnames: [...] })`).
 *
 * @example
 * const GATEWAY = GatewayController.envoy({ gateways: [{ hostnames: ['api.example.com'], clusterIssuer: 'letsencrypt-production' }] });
 * repo.add(GATEWAY.addOn());
 * api.addOverlay(production).addHttpRoute('http-route', { gateway: GATEWAY.gateway(), hostnames: ['api.example.com'] });
 * @see https://gateway-api.sigs.k8s.io/
 */
export class GatewayController {
  /** Envoy Gateway (CNCF Envoy project), from its pinned OCI chart. */
  public static envoy(options: EnvoyGatewayOptions = {}): GatewayController {
    return new GatewayController('envoy-gateway', options.namespace ?? 'envoy-gateway-system', options.className ?? 'envoy-gateway',
      ENVOY_GATEWAY_CONTROLLER_NAME, options.chart ?? ENVOY_GATEWAY_CHART, options.values, options.gateways ?? [{}]);
  }

  /** The Gateways' settings, with their defaults. */
  private readonly gatewayOptions: ReadonlyArray<Required<Pick<GatewayOptions, 'name'>> & GatewayOptions>;

  private constructor(
    private readonly addOnName: string,
    /** The namespace of the controller, its Gateways and (by default) their proxies. */
    public readonly namespace: string,
    /** The GatewayClass name. */
    public readonly className: string,
    private readonly controllerName: string,
    private readonly chart: HelmChart,
    private readonly values: Record<string, unknown> | undefined,
    gateways: readonly GatewayOptions[],
  ) {
    this.gatewayOptions = gateways.map((g) => ({ ...g, name: g.name ?? 'public' }));
  }

  /**
   * The Gateway an HTTPRoute attaches to.
   *
   * @param name the Gateway's name; the first Gateway's by default
   */
  public gateway(name?: string): GatewayReference {
    const gateway = name ?? this.gatewayOptions[0]?.name ?? 'public';
    return { name: gateway, namespace: this.namespace, dataPlaneNamespace: this.namespace };
  }

  /** The GatewayClass and Gateway objects, written to the add-on's `gateways.yaml`. */
  public objects(): Manifest[] {
    const gatewayClass = afterChart({
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'GatewayClass',
      metadata: { name: this.className, labels: { 'app.kubernetes.io/managed-by': 'gitops-synth' } },
      spec: { controllerName: this.controllerName },
    });
    return [gatewayClass, ...this.gatewayOptions.map((g) => this.gatewayManifest(g))];
  }

  /** The add-on installing the implementation, for `repo.add(controller.addOn())`. */
  public addOn(): AddOnPreset {
    return new AddOnPreset(this.addOnName, {
      chart: this.chart,
      namespace: this.namespace,
      values: this.values,
      objects: [{ fileName: 'gateways.yaml', objects: this.objects() }],
      clusterResources: GATEWAY_CONTROLLER_CLUSTER_RESOURCES,
      inputProblems: this.inputProblems(),
    });
  }

  private gatewayManifest(g: GatewayOptions & { name: string }): Manifest {
    // HTTPRoutes of every namespace may attach: the environments' namespaces are the services'.
    const allowedRoutes = { namespaces: { from: 'All' } };
    const listeners: Array<Record<string, unknown>> = [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes }];
    for (const host of g.hostnames ?? []) {
      listeners.push({
        name: `https-${slug(host)}`,
        protocol: 'HTTPS',
        port: 443,
        hostname: host,
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: `${g.name}-${slug(host)}-tls` }] },
        allowedRoutes,
      });
    }
    const annotations: Record<string, string> = {};
    if (g.clusterIssuer) annotations[CLUSTER_ISSUER_ANNOTATION] = g.clusterIssuer;
    return afterChart({
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'Gateway',
      metadata: { name: g.name, namespace: this.namespace, labels: { 'app.kubernetes.io/managed-by': 'gitops-synth' }, annotations },
      spec: { gatewayClassName: this.className, listeners },
    });
  }

  private inputProblems(): Problem[] {
    const problems: Problem[] = [];
    const subject = `add-on ${this.addOnName}`;
    const names = new Set<string>();
    this.gatewayOptions.forEach((g, i) => {
      if (names.has(g.name)) problems.push({ subject, field: `gateways[${i}].name`, value: JSON.stringify(g.name), message: 'is the name of another Gateway', hint: 'give each Gateway its own name' });
      names.add(g.name);
      (g.hostnames ?? []).forEach((h, j) => {
        if (typeof h !== 'string' || !/^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/.test(h)) {
          problems.push({ subject, field: `gateways[${i}].hostnames[${j}]`, value: JSON.stringify(h), message: 'is not a DNS host name', hint: 'use a lowercase name such as "api.example.com"' });
        }
      });
    });
    return problems;
  }
}

/**
 * A custom resource whose CRD the chart installs in the same sync: applied one wave after it, without
 * the dry run that fails while the CRD does not exist yet. (The add-on does this for custom resources
 * by their group; the Gateway API's group ends in `.k8s.io` like a built-in one.)
 */
function afterChart(obj: Manifest): Manifest {
  const metadata = obj.metadata ?? {};
  return {
    ...obj,
    metadata: {
      ...metadata,
      annotations: { [SYNC_WAVE_ANNOTATION]: '1', [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true', ...(metadata.annotations as Record<string, string> | undefined) },
    },
  };
}

/** A host name as a listener or Secret name segment: `api.example.com` → `api-example-com`. */
function slug(host: string): string {
  return String(host).replace(/^\*\./, 'wildcard.').replace(/[^a-z0-9-]+/gi, '-').toLowerCase().replace(/^-+|-+$/g, '');
}
