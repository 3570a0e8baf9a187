import { k8s } from 'cdk8s-plus-28';

/**
 * Pod-level security context meeting the Pod Security Standard "restricted" profile.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export function restrictedPodSecurityContext(): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Container-level security context meeting the "restricted" profile, plus a read-only root
 * file system (writable scratch space is mounted at /tmp).
 */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Departures from the restricted security settings for a workload that cannot run with them
 * (e.g. an image that must run as root). The reason is required; the pod-security check accepts
 * the service's pods only with it, and reviewers read it.
 */
export interface SecurityOverrides {
  /** Why the service cannot run with the restricted settings. */
  readonly reason: string;
  /** @default true */
  readonly runAsNonRoot?: boolean;
  /**
   * A fixed user id (0 runs as root).
   * @default - the image's user
   */
  readonly runAsUser?: number;
  /** @default false */
  readonly allowPrivilegeEscalation?: boolean;
  /** @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Capabilities added back after dropping ALL.
   * @default - none
   */
  readonly addCapabilities?: readonly string[];
}

/** The restricted pod security context with the overrides applied. */
export function podSecurityContext(overrides?: SecurityOverrides): k8s.PodSecurityContext {
  const base = restrictedPodSecurityContext();
  if (!overrides) return base;
  return { ...base, runAsNonRoot: overrides.runAsNonRoot ?? true, runAsUser: overrides.runAsUser };
}

/** The restricted container security context with the overrides applied. */
export function containerSecurityContext(overrides?: SecurityOverrides): k8s.SecurityContext {
  const base = restrictedContainerSecurityContext();
  if (!overrides) return base;
  return {
    ...base,
    allowPrivilegeEscalation: overrides.allowPrivilegeEscalation ?? false,
    readOnlyRootFilesystem: overrides.readOnlyRootFilesystem ?? true,
    runAsNonRoot: overrides.runAsNonRoot ?? true,
    runAsUser: overrides.runAsUser,
    capabilities: { drop: ['ALL'], add: overrides.addCapabilities ? [...overrides.addCapabilities] : undefined },
  };
}
