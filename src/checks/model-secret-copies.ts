import type { Environment } from '../argocd/environment';
import type { ModelIndex } from '../repo/model-index';
import type { ExternalSecret } from '../secrets/external-secret';
import { Overlay } from '../workload/overlay';
import { Service } from '../workload/service';

/**
 * Visits one copy a cluster receives of an ExternalSecret construct: the environment whose namespace
 * it lands in, the store it reads through there, and the construct (what it reads). Returns whether
 * the copy passes; the first that does not ends the visit.
 */
export type SecretCopyVisitor = (environment: Environment, store: string, secret: ExternalSecret) => boolean;

/**
 * Visits every copy of the model's ExternalSecrets that a render deploys, placed as the render places
 * it: an overlay's own ExternalSecret in its environment, through its store; a base's in every
 * deployed overlay of its service, through that environment's store unless it names its own. Those of
 * pending overlays are not deployed, so not visited.
 *
 * Returns `true` when every copy was visited and passed; `false` as soon as one did not, or when a
 * copy cannot be placed from the model alone (an ExternalSecret below something else than a service or
 * an overlay, or a base's that no overlay deploys): the caller then decides from
 * the rendered objects.
 */
export function everyModelSecretCopy(index: ModelIndex, visit: SecretCopyVisitor): boolean {
  const pending = new Set<Overlay>(index.pendingOverlays);
  // The deployed overlays by service, found when a base's ExternalSecret first asks.
  let deployedOf: Map<Service, Overlay[]> | undefined;
  for (const service of index.services) {
    for (const secret of index.externalSecretsOf(service)) {
      const scope = secret.node.scope;
      if (scope instanceof Overlay && scope.node.scope === service) {
        if (!pending.has(scope) && !visit(scope.environment, secret.storeName, secret)) return false;
      } else if (scope === service) {
        deployedOf ??= deployedOverlaysByService(index);
        const overlays = deployedOf.get(service);
        // A base no overlay deploys follows the rendered objects' rules: not placed here.
        if (!overlays) return false;
        for (const overlay of overlays) {
          if (!visit(overlay.environment, secret.storeIn(overlay.environment.name), secret)) return false;
        }
      } else {
        return false;
      }
    }
  }
  return true;
}

/** The deployed overlays of each service, in the order the index found them. */
function deployedOverlaysByService(index: ModelIndex): Map<Service, Overlay[]> {
  const byService = new Map<Service, Overlay[]>();
  for (const overlay of index.deployedOverlays) {
    const service = overlay.node.scope;
    if (!(service instanceof Service)) continue;
    const list = byService.get(service);
    if (list) list.push(overlay);
    else byService.set(service, [overlay]);
  }
  return byService;
}
