import { k8s } from 'cdk8s-plus-28';
import { plainManifest } from '../../src/core/plain-manifest';

describe('plainManifest', () => {
  test('returns what the generated manifest() returns for every field a Service renders', () => {
    const props: k8s.KubeDeploymentProps = {
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' }, annotations: undefined },
      spec: {
        replicas: 2,
        revisionHistoryLimit: 5,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
          spec: {
            serviceAccountName: 'web',
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'web',
              image: 'registry.example.com/web',
              command: ['/bin/web'],
              args: ['--port', '8080'],
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [
                { name: 'A', value: 'a' },
                { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
                { name: 'C', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              ],
              readinessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromString('http') }, periodSeconds: 10, timeoutSeconds: undefined },
              livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(8080) } },
              startupProbe: { exec: { command: ['true'] }, failureThreshold: 3 },
              resources: {
                requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
                limits: { cpu: k8s.Quantity.fromNumber(1), memory: k8s.Quantity.fromString('128Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    };
    expect(plainManifest(k8s.KubeDeployment.GVK, props)).toStrictEqual(k8s.KubeDeployment.manifest(props));
  });

  test('returns what the generated manifest() returns for a Service and a ServiceAccount', () => {
    const service: k8s.KubeServiceProps = {
      metadata: { name: 'web' },
      spec: { type: 'ClusterIP', selector: { a: 'b' }, ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }] },
    };
    expect(plainManifest(k8s.KubeService.GVK, service)).toStrictEqual(k8s.KubeService.manifest(service));
    const account: k8s.KubeServiceAccountProps = { metadata: { name: 'web' }, automountServiceAccountToken: false };
    expect(plainManifest(k8s.KubeServiceAccount.GVK, account)).toStrictEqual(k8s.KubeServiceAccount.manifest(account));
  });
});
