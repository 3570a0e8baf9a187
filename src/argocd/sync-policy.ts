/**
 * Options for automated sync.
 */
export interface AutomatedSyncOptions {
  /**
   * Delete cluster resources that are no longer in Git.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * Revert changes made in the cluster that are not in Git (drift healing).
   * @default true
   */
  readonly selfHeal?: boolean;
}

/**
 * How Argo CD syncs an environment's Applications.
 *
 * Argo CD has no approval object: "manual" means the Application has no `syncPolicy.automated`,
 * so a person presses Sync after reviewing the diff.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/
 */
export class SyncPolicy {
  /** Argo CD syncs every change in Git automatically. */
  public static automated(options: AutomatedSyncOptions = {}): SyncPolicy {
    return new SyncPolicy(true, options.prune ?? true, options.selfHeal ?? true);
  }

  /** Changes wait for a manual sync (the production default). */
  public static manual(): SyncPolicy {
    return new SyncPolicy(false, false, false);
  }

  private constructor(
    /** Whether Argo CD syncs automatically. */
    public readonly isAutomated: boolean,
    /** Whether automated sync prunes resources removed from Git. */
    public readonly prune: boolean,
    /** Whether automated sync reverts drift in the cluster. */
    public readonly selfHeal: boolean,
  ) {}

  /** The `spec.syncPolicy.automated` block, or `undefined` for manual sync. */
  public renderAutomated(): { prune: boolean; selfHeal: boolean } | undefined {
    return this.isAutomated ? { prune: this.prune, selfHeal: this.selfHeal } : undefined;
  }

  /** A short description for summaries, e.g. `automated (prune, selfHeal)` or `manual`. */
  public describe(): string {
    if (!this.isAutomated) return 'manual';
    const flags = [this.prune ? 'prune' : undefined, this.selfHeal ? 'selfHeal' : undefined].filter(Boolean);
    return flags.length ? `automated (${flags.join(', ')})` : 'automated';
  }
}
