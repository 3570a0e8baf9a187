/**
 * The user API of gitops-synth: the constructs a team defines its GitOps repository with, the choices
 * and presets they take, and the functions that synthesize and test it. Everything else is internal
 * (the package's `exports` map exposes this module only) and free to change.
 *
 * @packageDocumentation
 */

// The repository and its environments.
export { GitOpsRepo } from './repo/gitops-repo';
export type { GitOpsRepoProps } from './repo/gitops-repo';
export type { RootApplicationProps } from './repo/root-application';
export type { DefineRepo, DefineRepoOptions } from './repo/define-repo';
export { Environment } from './argocd/environment';
export type { ClusterTarget, EnvironmentOptions, EnvironmentProps } from './argocd/environment';
export { Releases } from './context/releases';
export type { ReleasesData } from './context/releases';
export { ImageVersion } from './context/image-version';
export { ServiceApplications } from './context/service-applications';
export { TreeLayout } from './context/layout';
export type { ServiceApplicationSetOptions } from './context/service-applications';
export type { Waivers, PolicyRule } from './policy/waivers';

// Services, their overlays and what they run.
export { Service } from './workload/service';
export type { ContainerPort, ServiceOptions, ServiceProps } from './workload/service-props';
export type { ServiceSource } from './workload/service-source';
export { Overlay } from './workload/overlay';
export type { OverlayOptions, OverlayProps } from './workload/overlay';
export { Ingress } from './workload/ingress';
export type { IngressOptions, IngressProps } from './workload/ingress';
export { HttpRoute } from './workload/http-route';
export type { HttpRouteOptions, HttpRouteProps } from './workload/http-route';
export type { AddObjectOptions, PlainObject, ServiceObject } from './workload/service-object';
export type { AutoscalingOptions } from './workload/autoscaling';
export { DisruptionBudget } from './workload/disruption-budget';
export { TopologySpread } from './workload/topology-spread';
export type { TopologySpreadOptions } from './workload/topology-spread';
export type { NetworkPolicyOptions } from './workload/network-policy';
export { EnvValue } from './workload/env-value';
export type { EnvInput, LiteralEnvOptions, SecretKeyOptions } from './workload/env-value';
export { Probe } from './workload/probe';
export type { ProbeOptions } from './workload/probe';
export type { Resources } from './workload/resources';
export type { SecurityOverrides } from './workload/security-context';

// Secrets.
export { SecretRef } from './secrets/secret-ref';
export type { AwsSecretsManagerRefOptions } from './secrets/secret-ref';
export { ExternalSecret } from './secrets/external-secret';
export type { ExternalSecretEntry, ExternalSecretOptions, ExternalSecretProps, SecretConsumer } from './secrets/external-secret';

// Argo CD.
export { ArgoApplication } from './argocd/argo-application';
export type { ApplicationDestination, ApplicationSource, ArgoApplicationProps } from './argocd/argo-application';
export { AppProject } from './argocd/app-project';
export type { AppProjectProps, GroupKind } from './argocd/app-project';
export { SyncPolicy } from './argocd/sync-policy';
export type { AutomatedSyncOptions } from './argocd/sync-policy';
export { SyncWave } from './argocd/sync-wave';
export { RetryPolicy } from './argocd/retry-policy';
export type { BackoffOptions } from './argocd/retry-policy';
export { IgnoreDifference } from './argocd/ignore-difference';
export type { JsonPointersOptions } from './argocd/ignore-difference';

// Cluster add-ons and their presets.
export { AddOn } from './infrastructure/add-on';
export type { AddOnCluster, AddOnOptions, AddOnProps, HelmChart } from './infrastructure/add-on';
export type { IAddOnHost, IAddOnPreset } from './infrastructure/add-on-host';
export type { AddOnPreset } from './infrastructure/add-on-preset';
export { AcmeServer, certManager } from './infrastructure/cert-manager';
export type { CertManagerOptions, LetsEncryptIssuerOptions } from './infrastructure/cert-manager';
export { externalDns, ExternalDnsPolicy } from './infrastructure/external-dns';
export type { ExternalDnsOptions } from './infrastructure/external-dns';
export { externalSecretsOperator } from './infrastructure/external-secrets-operator';
export type { AwsClusterSecretStoreOptions, ExternalSecretsOperatorOptions } from './infrastructure/external-secrets-operator';
export { IngressController } from './infrastructure/ingress-controller';
export type { CustomIngressControllerOptions, NginxIngressOptions } from './infrastructure/ingress-controller';
export { GatewayController } from './infrastructure/gateway-controller';
export type { EnvoyGatewayOptions, GatewayOptions, GatewayReference } from './infrastructure/gateway-controller';

// The AWS side (CDKTF).
export { AwsSide, awsSide } from './aws/aws-side';
export type { AwsSideProps, ExternalDnsIdentity, ExternalSecretsIdentity, S3StateBackend } from './aws/aws-side';

// Synthesizing, checking and testing.
export { synthesize, synth } from './synth/synthesize';
export type { Synthesized, SynthesizedOutput, SynthesizeOptions, SynthOptions, SynthResult } from './synth/synthesize';
export { renderEnvironment } from './synth/render';
export type { RenderEnvironmentOptions } from './synth/render';
export { Testing } from './synth/testing';
export { SchemaValidator } from './schema/schema-validator';
export type { Check, CheckContext } from './checks/check';
export type { Manifest, ManifestFile } from './core/manifest';
export { SynthError } from './core/problem';
export type { Problem } from './core/problem';
export type { PendingOverlay } from './repo/pending-overlays';
export type { TreeFile } from './output/tree-file';
export type { WriteResult } from './output/write-result';
