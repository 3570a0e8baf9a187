import { AddOnOptions, HelmChart } from './add-on';
import { AddOnPreset } from './add-on-preset';
import { GroupKind } from '../argocd/app-project';

/**
 * The ingress-nginx chart version gitops-synth writes by default. ingress-nginx reached the end of
 * upstream maintenance in March 2026 (no further releases, including security fixes); see the README.
 */
export const INGRESS_NGINX_CHART: HelmChart = { repoURL: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.15.1' };

/** Options of {@link IngressController.nginx}. */
export interface NginxIngressOptions {
  /**
   * Name of the IngressClass.
   * @default 'nginx'
   */
  readonly className?: string;
  /**
   * Controller replicas.
   * @default 2
   */
  readonly replicaCount?: number;
  /**
   * Annotations of the controller's LoadBalancer Service (e.g. the AWS load balancer type).
   * @default - none
   */
  readonly serviceAnnotations?: Record<string, string>;
  /**
   * The chart.
   * @default INGRESS_NGINX_CHART
   */
  readonly chart?: HelmChart;
  /**
   * Further chart values, merged at the top level over the typed ones.
   * @default - none
   */
  readonly extraValues?: Record<string, unknown>;
}

/** Options of {@link IngressController.custom}. */
export interface CustomIngressControllerOptions {
  /** Add-on name (folder, Application and Helm release), e.g. `traefik`. */
  readonly addOnName: string;
  /** Name of the IngressClass the controller serves. */
  readonly className: string;
  /** The chart. */
  readonly chart: HelmChart;
  /**
   * Chart values.
   * @default - the chart's defaults
   */
  readonly values?: Record<string, unknown>;
  /**
   * Namespace.
   * @default - the add-on name
   */
  readonly namespace?: string;
  /**
   * Cluster-scoped kinds the chart creates.
   * @default - INGRESS_CONTROLLER_CLUSTER_RESOURCES
   */
  readonly clusterResources?: readonly GroupKind[];
}

/** Cluster-scoped kinds an ingress controller chart creates: RBAC, its IngressClass and admission webhook. */
export const INGRESS_CONTROLLER_CLUSTER_RESOURCES: readonly GroupKind[] = [
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'networking.k8s.io', kind: 'IngressClass' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
];

/**
 * The controller that serves Ingress objects: the add-on that installs it (`repo.add(controller.addOn())`)
 * and the IngressClass services name. ingress-nginx is one choice; `custom` installs any other
 * controller chart (Traefik, HAProxy, a Gateway API implementation's Ingress support) behind the same model.
 *
 * @example
 * const INGRESS_CONTROLLER = IngressController.nginx();
 * repo.add(INGRESS_CONTROLLER.addOn());
 * api.addOverlay(production).addIngress('ingress', { host: 'api.example.com', controller: INGRESS_CONTROLLER });
 */
export class IngressController {
  /** ingress-nginx (Kubernetes community controller; end of upstream maintenance March 2026). */
  public static nginx(options: NginxIngressOptions = {}): IngressController {
    const className = options.className ?? 'nginx';
    return new IngressController('ingress-nginx', className, {
      chart: options.chart ?? INGRESS_NGINX_CHART,
      namespace: 'ingress-nginx',
      values: {
        controller: {
          replicaCount: options.replicaCount ?? 2,
          ingressClassResource: { name: className, enabled: true, default: false, controllerValue: className === 'nginx' ? 'k8s.io/ingress-nginx' : `k8s.io/ingress-nginx-${className}` },
          ingressClass: className,
          service: { annotations: { ...options.serviceAnnotations } },
        },
        ...options.extraValues,
      },
      clusterResources: INGRESS_CONTROLLER_CLUSTER_RESOURCES,
    });
  }

  /** Any other ingress controller chart. */
  public static custom(options: CustomIngressControllerOptions): IngressController {
    return new IngressController(options.addOnName, options.className, {
      chart: options.chart,
      namespace: options.namespace ?? options.addOnName,
      values: options.values,
      clusterResources: options.clusterResources ?? INGRESS_CONTROLLER_CLUSTER_RESOURCES,
    });
  }

  private constructor(
    private readonly addOnName: string,
    /** The IngressClass name services use. */
    public readonly className: string,
    private readonly addOnOptions: AddOnOptions,
  ) {}

  /** The namespace the controller runs in, which the services' NetworkPolicies let in. */
  public get namespace(): string {
    return this.addOnOptions.namespace ?? this.addOnName;
  }

  /** The add-on installing the controller, for `repo.add(controller.addOn())`. */
  public addOn(): AddOnPreset {
    return new AddOnPreset(this.addOnName, this.addOnOptions);
  }
}
