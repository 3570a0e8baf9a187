/** Options of {@link RetryPolicy.backoff}. */
export interface BackoffOptions {
  /**
   * How many times a failed sync is retried.
   * @default 5
   */
  readonly limit?: number;
  /**
   * Wait before the first retry (a Go duration such as `10s`, `1m`).
   * @default '10s'
   */
  readonly duration?: string;
  /**
   * Multiplier of the wait after each failed retry.
   * @default 2
   */
  readonly factor?: number;
  /**
   * Upper bound of the wait.
   * @default '3m'
   */
  readonly maxDuration?: string;
}

/** The `spec.syncPolicy.retry` block of an Application. */
export interface RetryBlock {
  /** Retries before the sync stays failed. */
  readonly limit: number;
  /** First wait, its multiplier, and the longest wait. */
  readonly backoff: { readonly duration: string; readonly factor: number; readonly maxDuration: string };
}

const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * How Argo CD retries a failed sync. A first sync often fails for a moment (a CRD not yet
 * established, a webhook not yet ready); retrying with backoff lets it converge without a person.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/#automatic-retry
 */
export class RetryPolicy {
  /** Retries with exponential backoff (10s, 20s, 40s, … up to 3m, 5 times by default). */
  public static backoff(options: BackoffOptions = {}): RetryPolicy {
    const limit = options.limit ?? 5;
    const duration = options.duration ?? '10s';
    const factor = options.factor ?? 2;
    const maxDuration = options.maxDuration ?? '3m';
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`RetryPolicy.backoff: limit must be a positive integer, got ${limit}`);
    if (!Number.isInteger(factor) || factor < 1) throw new Error(`RetryPolicy.backoff: factor must be a positive integer, got ${factor}`);
    for (const [field, value] of [['duration', duration], ['maxDuration', maxDuration]]) {
      if (!GO_DURATION.test(value)) throw new Error(`RetryPolicy.backoff: ${field} must be a Go duration such as "10s" or "3m", got "${value}"`);
    }
    return new RetryPolicy({ limit, backoff: { duration, factor, maxDuration } });
  }

  /** No retry: a failed sync stays failed until the next change or a manual sync. */
  public static none(): RetryPolicy {
    return new RetryPolicy(undefined);
  }

  private constructor(private readonly block: RetryBlock | undefined) {}

  /** The `spec.syncPolicy.retry` block, or `undefined` for no retry. */
  public render(): RetryBlock | undefined {
    return this.block ? { limit: this.block.limit, backoff: { ...this.block.backoff } } : undefined;
  }
}
