/** The annotation Argo CD orders a sync by: lower waves are applied (and must be healthy) first. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * When Argo CD applies an object relative to the others of the same sync: AppProjects first, then the
 * infrastructure add-ons (CRDs, controllers, webhooks), then the services that rely on them.
 *
 * Waves order the Applications the root app-of-apps creates only when Argo CD assesses an
 * Application's health (see the README: `resource.customizations.health.argoproj.io_Application`).
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
 */
export class SyncWave {
  /** AppProjects: they must exist before any Application that names them. */
  public static projects(): SyncWave {
    return new SyncWave(-20);
  }

  /**
   * Cluster add-ons (cert-manager, external-secrets, external-dns, ingress controllers).
   * @param step offset inside the infrastructure band (e.g. 1 for an add-on that needs another add-on's CRDs)
   */
  public static infrastructure(step: number = 0): SyncWave {
    return new SyncWave(-10 + step);
  }

  /**
   * Services (one Application per service and environment).
   * @param step offset inside the services band
   */
  public static services(step: number = 0): SyncWave {
    return new SyncWave(step);
  }

  /** Any wave; negative waves run before the default wave 0. */
  public static of(wave: number): SyncWave {
    return new SyncWave(wave);
  }

  private constructor(
    /** The wave number. */
    public readonly wave: number,
  ) {
    if (!Number.isInteger(wave)) throw new Error(`sync wave must be an integer, got ${wave}`);
  }

  /** The annotation that places an object in this wave. */
  public annotations(): Record<string, string> {
    return { [SYNC_WAVE_ANNOTATION]: String(this.wave) };
  }
}
