import { AutoscalingOptions } from './autoscaling';
import { EnvInput } from './env-value';
import { NetworkPolicyOptions } from './network-policy';
import { Probe } from './probe';
import { Resources } from './resources';
import { SecurityOverrides } from './security-context';
import { ServiceSource } from './service-source';

/** A named container port. */
export interface ContainerPort {
  /** Port name (IANA service name style), e.g. `http`, `metrics`. */
  readonly name: string;
  /** Port the container listens on. */
  readonly containerPort: number;
  /**
   * Port the Kubernetes Service exposes.
   * @default - the container port
   */
  readonly servicePort?: number;
}

/** Options of `GitOpsRepo.addService`. */
export interface ServiceOptions {
  /**
   * Image repository without tag or digest, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/api-service`.
   * The tag per environment comes from the releases file.
   */
  readonly image: string;
  /**
   * The container's HTTP port, named `http`. Shorthand for `ports: [{ name: 'http', containerPort: port }]`.
   * @default - no port (use `ports`)
   */
  readonly port?: number;
  /**
   * Container ports, when there are several or they are not `http`.
   * @default - from `port`
   */
  readonly ports?: readonly ContainerPort[];
  /**
   * Environment variables of the container; a string is a literal value. Values from
   * `EnvValue.fromSecret(...)` are shared by every environment: give a per-environment key in
   * the overlays' `env` instead when environments must not share the secret.
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvInput>>;
  /**
   * Replicas when an overlay does not set them.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler in every overlay that does not give its own `autoscaling`; those
   * overlays start with `minReplicas` and may not set `replicas`.
   * @default - no autoscaling
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * A NetworkPolicy (default deny ingress plus the allowed peers) in every overlay that does not give
   * its own; `{}` for the defaults.
   * @default - in production overlays only
   */
  readonly networkPolicy?: NetworkPolicyOptions;
  /**
   * Resources when an overlay does not set them.
   * @default - none in the base (overlays set them)
   */
  readonly resources?: Resources;
  /**
   * Readiness probe.
   * @default - a TCP probe on the first port, when there is one
   */
  readonly readiness?: Probe;
  /**
   * Liveness probe.
   * @default - a TCP probe on the first port, when there is one
   */
  readonly liveness?: Probe;
  /**
   * Container command (entrypoint override).
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Container arguments.
   * @default - the image's arguments
   */
  readonly args?: readonly string[];
  /**
   * Whether to create a Kubernetes Service for the ports.
   * @default - true when the service has ports
   */
  readonly expose?: boolean;
  /**
   * Departures from the Pod Security Standard "restricted" settings, with the reason.
   * @default - restricted: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root
   */
  readonly securityOverrides?: SecurityOverrides;
  /**
   * Whether the image lives outside the ECR repositories of the AWS side (e.g. a public image).
   * When false and the repository has an AWS side, the stack holds the image's ECR repository
   * and synth fails if the image names another registry.
   * @default false
   */
  readonly externalImage?: boolean;
  /**
   * Where the service's source lives, for its image build workflow (`buildWorkflow`,
   * `gitops-synth workflow <service>`) and, with an AWS side, its ECR push role trusted by that
   * repository and branch only.
   * @default - no build workflow and no push role
   */
  readonly source?: ServiceSource;
}

/** Props of a {@link Service}. */
export interface ServiceProps extends ServiceOptions {}
