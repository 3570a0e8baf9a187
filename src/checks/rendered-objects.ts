import { Manifest, ManifestFile } from '../core/manifest';

/** A rendered object and the file it is in. */
export interface LocatedObject {
  readonly file: ManifestFile;
  readonly obj: Manifest;
}

/**
 * The rendered objects the checks of the tree look at, picked by kind in one pass over every object
 * of the tree, each list in file order. A large tree holds tens of thousands of objects; walking all
 * of them once per check was a large part of what checking it cost.
 */
export interface RenderedObjects {
  /** The objects of the kinds that hold a pod spec: Pod, CronJob, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job. */
  readonly workloads: readonly LocatedObject[];
  /** The `v1` Secrets. */
  readonly secrets: readonly LocatedObject[];
  /** The objects of kind Application, of any API version. */
  readonly applications: readonly LocatedObject[];
  /** The `v1` ServiceAccounts. */
  readonly serviceAccounts: readonly LocatedObject[];
  /** The `external-secrets.io/v1` ClusterSecretStores. */
  readonly clusterSecretStores: readonly LocatedObject[];
  /** The `external-secrets.io/v1` ExternalSecrets. */
  readonly externalSecrets: readonly LocatedObject[];
  /** The Kustomizations of files named `kustomization.yaml` below a folder. */
  readonly kustomizations: readonly LocatedObject[];
}

const ESO_API_VERSION = 'external-secrets.io/v1';

/** Picks the objects of `files` the checks of the tree look at (see {@link RenderedObjects}). Pure. */
export function renderedObjects(files: readonly ManifestFile[]): RenderedObjects {
  const workloads: LocatedObject[] = [];
  const secrets: LocatedObject[] = [];
  const applications: LocatedObject[] = [];
  const serviceAccounts: LocatedObject[] = [];
  const clusterSecretStores: LocatedObject[] = [];
  const externalSecrets: LocatedObject[] = [];
  const kustomizations: LocatedObject[] = [];
  for (const file of files) {
    for (const obj of file.objects) {
      switch (obj.kind) {
        case 'Pod': case 'CronJob': case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
          workloads.push({ file, obj });
          break;
        case 'Secret':
          if (obj.apiVersion === 'v1') secrets.push({ file, obj });
          break;
        case 'Application':
          applications.push({ file, obj });
          break;
        case 'ServiceAccount':
          if (obj.apiVersion === 'v1') serviceAccounts.push({ file, obj });
          break;
        case 'ClusterSecretStore':
          if (obj.apiVersion === ESO_API_VERSION) clusterSecretStores.push({ file, obj });
          break;
        case 'ExternalSecret':
          if (obj.apiVersion === ESO_API_VERSION) externalSecrets.push({ file, obj });
          break;
        case 'Kustomization':
          if (file.path.endsWith('/kustomization.yaml')) kustomizations.push({ file, obj });
          break;
      }
    }
  }
  return { workloads, secrets, applications, serviceAccounts, clusterSecretStores, externalSecrets, kustomizations };
}

/** The rendered objects of a check's files: those the synth picked once for all its checks, else picked now. */
export function renderedObjectsOf(ctx: { readonly files: readonly ManifestFile[]; readonly rendered?: RenderedObjects }): RenderedObjects {
  return ctx.rendered ?? renderedObjects(ctx.files);
}
