import { k8s } from 'cdk8s-plus-28';

/** Timing shared by every probe kind. */
export interface ProbeOptions {
  /**
   * Port number or container port name to probe.
   * @default 'http' - the service's first container port
   */
  readonly port?: number | string;
  /** @default 0 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
}

/**
 * A readiness, liveness or startup probe.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export class Probe {
  /** An HTTP GET on `path`; success is a 2xx/3xx answer. */
  public static fromHttpGet(path: string, options: ProbeOptions = {}): Probe {
    return new Probe({ httpGet: { path, port: intOrString(options.port ?? 'http') } }, options);
  }

  /** A TCP connect to the port. */
  public static fromTcpSocket(options: ProbeOptions = {}): Probe {
    return new Probe({ tcpSocket: { port: intOrString(options.port ?? 'http') } }, options);
  }

  /** A command run in the container; success is exit code 0. */
  public static fromCommand(command: readonly string[], options: Omit<ProbeOptions, 'port'> = {}): Probe {
    return new Probe({ exec: { command: [...command] } }, options);
  }

  private constructor(private readonly handler: k8s.Probe, private readonly options: ProbeOptions) {}

  /** The typed `k8s.Probe` of the container. */
  public toKube(): k8s.Probe {
    // Timing fields that are not set are left out rather than set to `undefined`, so the object is
    // already plain data and rendering need not copy it again to drop them.
    const probe: { -readonly [K in keyof k8s.Probe]: k8s.Probe[K] } = { ...this.handler };
    const o = this.options;
    if (o.initialDelaySeconds !== undefined) probe.initialDelaySeconds = o.initialDelaySeconds;
    if (o.periodSeconds !== undefined) probe.periodSeconds = o.periodSeconds;
    if (o.timeoutSeconds !== undefined) probe.timeoutSeconds = o.timeoutSeconds;
    if (o.failureThreshold !== undefined) probe.failureThreshold = o.failureThreshold;
    return probe;
  }
}

function intOrString(port: number | string): k8s.IntOrString {
  return typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port);
}
