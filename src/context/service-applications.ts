/** Options of {@link ServiceApplications.applicationSet}. */
export interface ServiceApplicationSetOptions {
  /**
   * Name of the ApplicationSet (and of its file under `argocd/applications/`).
   * @default 'services'
   */
  readonly name?: string;
}

/**
 * How the services' Applications reach Argo CD: one Application file per service and environment,
 * or one ApplicationSet whose list generator yields the same Applications.
 *
 * Both produce the same Applications in the cluster. Files are easier to review one by one; the
 * ApplicationSet keeps `argocd/applications/` to one file however many services there are.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/
 */
export class ServiceApplications {
  /** One `argocd/applications/<service>-<env>.yaml` per overlay (the default). */
  public static perOverlay(): ServiceApplications {
    return new ServiceApplications(undefined);
  }

  /** One ApplicationSet (list generator, Go templates, `missingkey=error`) for every overlay. */
  public static applicationSet(options: ServiceApplicationSetOptions = {}): ServiceApplications {
    return new ServiceApplications(options.name ?? 'services');
  }

  private constructor(
    /** The ApplicationSet name, or `undefined` for one Application file per overlay. */
    public readonly applicationSetName: string | undefined,
  ) {}

  /** Whether an ApplicationSet generates the services' Applications. */
  public get isApplicationSet(): boolean {
    return this.applicationSetName !== undefined;
  }
}
