import { load } from 'js-yaml';
import { GitOpsRepo, Probe, Releases, synthesize } from '../../src';

function render(props: Parameters<GitOpsRepo['addService']>[1]) {
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/r.git', releases: Releases.fromData({ svc: { dev: 'v1' } }) });
  const dev = repo.addEnvironment('dev');
  repo.addService('svc', props).addOverlay(dev);
  const files = synthesize(repo).tree.files;
  const get = (name: string) => load(files.find((f) => f.path === `apps/svc/base/${name}`)!.content) as any;
  return { files, get };
}

describe('Service', () => {
  test('containers get the restricted security context and a writable /tmp', () => {
    const { get } = render({ image: 'r/svc', port: 8080 });
    const pod = get('deployment.yaml').spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('svc');
  });

  test('the base image has no tag: overlays set it', () => {
    const { get } = render({ image: 'r/svc', port: 8080 });
    expect(get('deployment.yaml').spec.template.spec.containers[0].image).toBe('r/svc');
  });

  test('a port gives a ClusterIP Service, a named container port and default TCP probes', () => {
    const { get } = render({ image: 'r/svc', port: 8080 });
    expect(get('service.yaml').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'svc' },
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
    const c = get('deployment.yaml').spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 'http' } });
  });

  test('no port: no Service, no probes, and the base kustomization lists only what exists', () => {
    const { get, files } = render({ image: 'r/worker' });
    expect(files.map((f) => f.path)).not.toContain('apps/svc/base/service.yaml');
    expect(get('kustomization.yaml').resources).toEqual(['service-account.yaml', 'deployment.yaml']);
    const c = get('deployment.yaml').spec.template.spec.containers[0];
    expect(c.readinessProbe).toBeUndefined();
    expect(c.ports).toBeUndefined();
  });

  test('explicit probes, env and resources', () => {
    const { get } = render({
      image: 'r/svc',
      port: 8080,
      env: { A: 'x', B: 'y' },
      readiness: Probe.fromHttpGet('/ready', { periodSeconds: 5 }),
      liveness: Probe.fromCommand(['true']),
      resources: { cpu: '1', memory: '1Gi', memoryLimit: '2Gi' },
    });
    const c = get('deployment.yaml').spec.template.spec.containers[0];
    expect(c.env).toEqual([{ name: 'A', value: 'x' }, { name: 'B', value: 'y' }]);
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 });
    expect(c.livenessProbe).toEqual({ exec: { command: ['true'] } });
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } });
  });
});
