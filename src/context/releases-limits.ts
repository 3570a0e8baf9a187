/**
 * Bounds on the releases data, so that a runaway or hostile file is refused with one clear problem
 * instead of exhausting memory or the stack. Each is far above what a real repository writes:
 * a service per entry of the benchmark's 5,000 services × 3 environments is 15,000 entries in ~0.6 MB.
 */
export const RELEASES_LIMITS = {
  /** Largest releases file read, in bytes (8 MiB): 50,000 entries of sha256 digests take ~5 MB. */
  fileBytes: 8 * 1024 * 1024,
  /** Most entries: services plus service/environment pairs. Every entry may become one problem line. */
  entries: 50_000,
  /**
   * Deepest nesting of objects and lists. The format has two levels (service → environment → tag);
   * a mistaken value a few levels deep is still reported as such, and every reader stays far from
   * the stack limit.
   */
  depth: 16,
} as const;

/** What exceeds a limit, found without recursion (and so also in data with cycles). */
export interface LimitExcess {
  /** The limit exceeded. */
  readonly limit: 'entries' | 'depth';
  /** For `entries`: how many the data holds. */
  readonly entries?: number;
  /** For `depth`: the keys (and `[index]` of lists) down to the first object or list nested too deep. */
  readonly path?: readonly string[];
}

/** Whether releases data stays within {@link RELEASES_LIMITS}: the first excess found, if any. */
export function releasesLimitExcess(data: unknown): LimitExcess | undefined {
  if (isContainer(data)) {
    let entries = 0;
    for (const envs of Object.values(data)) {
      entries += 1 + (isContainer(envs) && !Array.isArray(envs) ? Object.keys(envs).length : 0);
    }
    if (entries > RELEASES_LIMITS.entries) return { limit: 'entries', entries };
  }
  // Depth first with an explicit stack: a recursive walk is what overflowed on deep input.
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (!isContainer(value)) continue;
    if (path.length >= RELEASES_LIMITS.depth) return { limit: 'depth', path };
    for (const [key, child] of Object.entries(value)) {
      if (isContainer(child)) stack.push({ value: child, path: [...path, Array.isArray(value) ? `[${key}]` : key] });
    }
  }
  return undefined;
}

function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
