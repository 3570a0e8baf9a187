/** The `spec.ignoreDifferences[]` entry of an Application. */
export interface IgnoreDifferenceBlock {
  /** API group of the objects (`''` for the core group). */
  readonly group?: string;
  /** Kind of the objects. */
  readonly kind: string;
  /** Name of the object; every object of the kind when absent. */
  readonly name?: string;
  /** JSON pointers of the ignored fields. */
  readonly jsonPointers?: string[];
}

/** Options of {@link IgnoreDifference.jsonPointers}. */
export interface JsonPointersOptions {
  /**
   * API group of the object (`''` for the core group).
   * @default 'apps'
   */
  readonly group?: string;
  /** Kind of the object, e.g. `Deployment`. */
  readonly kind: string;
  /**
   * Name of the object.
   * @default - every object of the kind in the Application
   */
  readonly name?: string;
  /** JSON pointers of the fields Argo CD leaves alone, e.g. `/spec/replicas`. */
  readonly jsonPointers: readonly string[];
}

/**
 * A field of the live objects that Argo CD does not compare with Git and, because the Application
 * then also gets `RespectIgnoreDifferences=true`, does not overwrite on sync — for fields another
 * controller owns, such as the replicas of a Deployment scaled by a HorizontalPodAutoscaler.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/
 */
export class IgnoreDifference {
  /** `spec.replicas` of a Deployment, owned by a HorizontalPodAutoscaler. */
  public static hpaReplicas(deploymentName?: string): IgnoreDifference {
    return new IgnoreDifference({ group: 'apps', kind: 'Deployment', name: deploymentName, jsonPointers: ['/spec/replicas'] });
  }

  /** Any fields, by JSON pointer. */
  public static jsonPointers(options: JsonPointersOptions): IgnoreDifference {
    if (options.jsonPointers.length === 0) throw new Error(`IgnoreDifference.jsonPointers: jsonPointers of ${options.kind} must not be empty`);
    for (const pointer of options.jsonPointers) {
      if (!pointer.startsWith('/')) throw new Error(`IgnoreDifference.jsonPointers: "${pointer}" is not a JSON pointer (it must start with "/", e.g. "/spec/replicas")`);
    }
    return new IgnoreDifference({ group: options.group ?? 'apps', kind: options.kind, name: options.name, jsonPointers: [...options.jsonPointers] });
  }

  private constructor(private readonly block: IgnoreDifferenceBlock) {}

  /** The `spec.ignoreDifferences[]` entry. */
  public render(): IgnoreDifferenceBlock {
    const b = this.block;
    return {
      group: b.group,
      kind: b.kind,
      ...(b.name ? { name: b.name } : {}),
      ...(b.jsonPointers ? { jsonPointers: [...b.jsonPointers] } : {}),
    };
  }
}
