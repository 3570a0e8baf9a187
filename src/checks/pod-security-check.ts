import { Check } from './check';
import { renderedObjectsOf } from './rendered-objects';
import { Manifest } from '../core/manifest';
import { Problem } from '../core/problem';
import { waiverReason } from '../policy/waivers';

/** Capabilities the "restricted" profile allows to be added back. */
const ALLOWED_ADDED_CAPABILITIES = new Set(['NET_BIND_SERVICE']);

type Obj = Record<string, any>;

/**
 * Every pod the tree deploys meets the Pod Security Standard "restricted" profile, unless its service
 * overrides the settings with a reason (`securityOverrides.reason`).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const checkPodSecurity: Check = (ctx) => {
  const problems: Problem[] = [];
  const waived = ctx.index.services
    .filter((s) => waiverReason({ 'pod-security': s.props.securityOverrides?.reason }, 'pod-security'))
    .map((s) => s.subject);
  // Only the objects with a pod spec, in file order.
  for (const { file, obj } of renderedObjectsOf(ctx).workloads) {
    if (waived.includes(file.source)) continue;
    const pod = podSpecOf(obj);
    if (!pod) continue;
    for (const violation of violations(pod)) {
      problems.push({
        subject: file.source,
        field: `${obj.kind}/${obj.metadata?.name} ${violation.field}`,
        value: violation.value,
        message: `violates the "restricted" pod security profile: ${violation.message}`,
        hint: 'keep the default security settings, or give the service securityOverrides with a reason',
      });
    }
  }
  return problems;
};

/** The pod spec of a workload object, if it has one. */
export function podSpecOf(obj: Manifest): Obj | undefined {
  const o = obj as Obj;
  switch (obj.kind) {
    case 'Pod': return o.spec;
    case 'CronJob': return o.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job': return o.spec?.template?.spec;
    default: return undefined;
  }
}

interface Violation {
  readonly field: string;
  readonly value?: string;
  readonly message: string;
}

/** The ways a pod spec departs from the restricted profile. */
export function violations(pod: Obj): Violation[] {
  const out: Violation[] = [];
  const podCtx: Obj = pod.securityContext ?? {};
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod[key] === true) out.push({ field: key, value: 'true', message: 'host namespaces are not allowed' });
  }
  for (const [i, volume] of (pod.volumes ?? []).entries()) {
    if (volume?.hostPath) out.push({ field: `volumes[${i}].hostPath`, value: JSON.stringify(volume.hostPath.path), message: 'hostPath volumes are not allowed' });
  }
  if (podCtx.runAsUser === 0) out.push({ field: 'securityContext.runAsUser', value: '0', message: 'running as root is not allowed' });
  const containers: Obj[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  for (const c of containers) {
    const ctx: Obj = c.securityContext ?? {};
    const at = (f: string) => `containers[${c.name}].securityContext.${f}`;
    if (ctx.privileged === true) out.push({ field: at('privileged'), value: 'true', message: 'privileged containers are not allowed' });
    if (ctx.allowPrivilegeEscalation !== false) out.push({ field: at('allowPrivilegeEscalation'), value: String(ctx.allowPrivilegeEscalation), message: 'must be false' });
    if ((ctx.runAsNonRoot ?? podCtx.runAsNonRoot) !== true) out.push({ field: at('runAsNonRoot'), value: String(ctx.runAsNonRoot ?? podCtx.runAsNonRoot), message: 'must be true (on the container or the pod)' });
    if (ctx.runAsUser === 0) out.push({ field: at('runAsUser'), value: '0', message: 'running as root is not allowed' });
    const seccomp = ctx.seccompProfile?.type ?? podCtx.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push({ field: at('seccompProfile.type'), value: String(seccomp), message: 'must be RuntimeDefault or Localhost (on the container or the pod)' });
    const drop: unknown[] = ctx.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) out.push({ field: at('capabilities.drop'), value: JSON.stringify(drop), message: 'must include ALL' });
    for (const cap of ctx.capabilities?.add ?? []) {
      if (!ALLOWED_ADDED_CAPABILITIES.has(cap)) out.push({ field: at('capabilities.add'), value: JSON.stringify(cap), message: 'only NET_BIND_SERVICE may be added' });
    }
  }
  return out;
};
