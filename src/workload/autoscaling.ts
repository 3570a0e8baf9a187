import { k8s } from 'cdk8s-plus-28';
import { Manifest } from '../core/manifest';
import { plainManifest } from '../core/plain-manifest';

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) for a service's Deployment, on its service options (every
 * overlay) or one overlay's. The overlay's Application then ignores `spec.replicas` of the Deployment
 * (with `RespectIgnoreDifferences=true`), so neither a diff nor a sync fights the autoscaler, and the
 * Deployment starts with `minReplicas`.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface AutoscalingOptions {
  /**
   * Fewest replicas; also the count the Deployment is created with (the overlay's `replicas`).
   */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilization, in percent of the CPU request.
   * @default 70 - when no memory target is given either
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilization, in percent of the memory request.
   * @default - no memory target
   */
  readonly memoryUtilization?: number;
}

/** Target CPU utilization when the options give no target. */
export const DEFAULT_CPU_UTILIZATION = 70;

/** The HorizontalPodAutoscaler of `deployment`, named like it. */
export function horizontalPodAutoscaler(deployment: string, options: AutoscalingOptions, labels: Record<string, string>): Manifest {
  const cpu = options.cpuUtilization ?? (options.memoryUtilization === undefined ? DEFAULT_CPU_UTILIZATION : undefined);
  const metrics: k8s.MetricSpecV2[] = [];
  const target = (name: string, averageUtilization: number): k8s.MetricSpecV2 =>
    ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } });
  if (cpu !== undefined) metrics.push(target('cpu', cpu));
  if (options.memoryUtilization !== undefined) metrics.push(target('memory', options.memoryUtilization));
  return plainManifest<k8s.KubeHorizontalPodAutoscalerV2Props>(k8s.KubeHorizontalPodAutoscalerV2.GVK, {
    metadata: { name: deployment, labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment },
      minReplicas: options.minReplicas,
      maxReplicas: options.maxReplicas,
      metrics,
    },
  });
}
