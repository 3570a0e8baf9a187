import * as path from 'path';
import { exportedNames } from '../support/public-surface';

const INDEX = path.resolve(__dirname, '../../src/index.ts');

/**
 * The public surface of the package: the values (classes, functions) and types `gitops-synth` exports.
 * A change here is a change of the user API: add a name on purpose, with its docs, and update this list.
 */
const VALUES = [
  'AcmeServer', 'AddOn', 'AppProject', 'ArgoApplication', 'AwsSide', 'awsSide', 'certManager',
  'Environment', 'EnvValue', 'externalDns', 'ExternalDnsPolicy', 'ExternalSecret', 'externalSecretsOperator',
  'GitOpsRepo', 'IgnoreDifference', 'ImageVersion', 'Ingress', 'IngressController', 'Overlay', 'Probe',
  'Releases', 'RetryPolicy', 'SchemaValidator', 'SecretRef', 'Service', 'ServiceApplications', 'SyncPolicy',
  'SyncWave', 'synth', 'SynthError', 'synthesize', 'Testing', 'TreeLayout', 'renderEnvironment',
  'DisruptionBudget', 'GatewayController', 'HttpRoute', 'TopologySpread',
];

const TYPES = [
  'AddOnCluster', 'AddOnOptions', 'AddOnPreset', 'AddOnProps', 'ApplicationDestination', 'ApplicationSource',
  'AppProjectProps', 'ArgoApplicationProps', 'AutomatedSyncOptions', 'AwsClusterSecretStoreOptions',
  'AwsSecretsManagerRefOptions', 'AwsSideProps', 'BackoffOptions', 'CertManagerOptions', 'Check',
  'CheckContext', 'ClusterTarget', 'ContainerPort', 'CustomIngressControllerOptions', 'DefineRepo',
  'DefineRepoOptions', 'EnvInput', 'EnvironmentOptions', 'EnvironmentProps', 'ExternalDnsIdentity', 'ExternalDnsOptions',
  'ExternalSecretEntry', 'ExternalSecretOptions', 'ExternalSecretProps', 'ExternalSecretsIdentity',
  'ExternalSecretsOperatorOptions', 'GitOpsRepoProps', 'GroupKind', 'HelmChart', 'IAddOnHost', 'IAddOnPreset',
  'IngressOptions', 'IngressProps', 'JsonPointersOptions', 'LetsEncryptIssuerOptions', 'LiteralEnvOptions',
  'Manifest', 'ManifestFile', 'NginxIngressOptions', 'OverlayOptions', 'OverlayProps', 'PendingOverlay',
  'PolicyRule', 'ProbeOptions', 'Problem', 'ReleasesData', 'RenderEnvironmentOptions', 'Resources', 'RootApplicationProps',
  'S3StateBackend', 'SecretConsumer', 'SecurityOverrides', 'ServiceApplicationSetOptions', 'ServiceOptions',
  'ServiceProps', 'ServiceSource', 'Synthesized', 'SynthesizedOutput', 'SynthesizeOptions', 'SynthOptions',
  'SynthResult', 'TreeFile', 'Waivers', 'WriteResult',
  'AddObjectOptions', 'AutoscalingOptions', 'EnvoyGatewayOptions', 'GatewayOptions', 'GatewayReference', 'HttpRouteOptions',
  'HttpRouteProps', 'NetworkPolicyOptions', 'PlainObject', 'SecretKeyOptions', 'ServiceObject', 'TopologySpreadOptions',
];

describe('the public API', () => {
  const names = exportedNames(INDEX);

  test('exports exactly these values', () => {
    expect(names.filter((n) => n.startsWith('value ')).map((n) => n.slice('value '.length))).toEqual([...VALUES].sort());
  });

  test('exports exactly these types', () => {
    expect(names.filter((n) => n.startsWith('type ')).map((n) => n.slice('type '.length))).toEqual([...TYPES].sort());
  });

  test('the module loaded at run time holds the same values', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(Object.keys(require(INDEX)).sort()).toEqual([...VALUES].sort());
  });

  test('fits on a page: about 40 values (constructs, choices, presets, synth, the test helper, errors)', () => {
    expect(VALUES.length).toBeLessThanOrEqual(40);
  });
});
