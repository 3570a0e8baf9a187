/**
 * One thing wrong with the definitions, found before anything is written.
 */
export interface Problem {
  /** What the problem is about, e.g. `service api-service` or `releases src/apps/releases.json`. */
  readonly subject: string;
  /** The field at fault, e.g. `overlays.staging.replicas`. */
  readonly field: string;
  /** The offending value, rendered for humans (`undefined` when the value is missing). */
  readonly value?: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
  /**
   * What kind of problem it is, stable across releases for tools that filter or count problems: the
   * check that found it (e.g. `names`, `production-policy`, `cross-plane`), `undeploy` or `schema`.
   * @default - none: a problem raised outside the checks (the writer, the releases file)
   */
  readonly code?: string;
}

/**
 * Thrown when the definitions cannot be synthesized; carries every problem found, not just the first.
 * Nothing has been written when this is thrown.
 */
export class SynthError extends Error {
  /** All problems, in a stable order (by subject, then field), one per root cause (see {@link rootCauses}). */
  public readonly problems: readonly Problem[];

  /**
   * @param header the report's first line, for the rare error after which something was written
   * @default - `gitops-synth: N problems found, nothing was written`
   */
  constructor(problems: readonly Problem[], header?: string) {
    const sorted = sortProblems(rootCauses(problems));
    super(formatProblems(sorted, header));
    this.name = 'SynthError';
    this.problems = sorted;
  }
}

/**
 * Checks whose problems never follow from a name alone: they look at values the definitions give, so a
 * problem of theirs stays when the name is fixed.
 */
const NAME_INDEPENDENT_CODES: ReadonlySet<string> = new Set([
  'props', 'unknown-props', 'names', 'production-policy', 'add-ons', 'ingress', 'http-routes', 'workload-policies',
  'service-objects', 'privileged-ports', 'secret-references', 'pod-security', 'plaintext-secrets', 'secret-keys', 'custom',
]);

/**
 * One line per root cause: identical problems are reported once, and when a name is refused (the
 * names check's `name` or `namespace`), the problems that follow only from it are left out — paths,
 * object names and schema errors built from it, releases entries that name it or would name it once
 * it is fixed. Their fixes could not work while the name is wrong, and fixing the name fixes them.
 */
export function rootCauses(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = JSON.stringify([p.subject, p.field, p.value, p.message, p.hint]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const refused: Array<{ subject: string; name: string; mentions: RegExp; fixed: string }> = [];
  for (const p of unique) {
    if (p.code !== 'names' || (p.field !== 'name' && p.field !== 'namespace') || p.value === undefined) continue;
    let name: unknown;
    try {
      name = JSON.parse(p.value);
    } catch {
      continue;
    }
    if (typeof name !== 'string' || name === '') continue;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    refused.push({ subject: p.subject, name, mentions: new RegExp(`(^|[^A-Za-z0-9])${escaped}($|[^A-Za-z0-9])`), fixed: asLabel(name) });
  }
  if (refused.length === 0) return unique;
  return unique.filter((p) => !refused.some((r) => followsFrom(p, r)));
}

/** Whether a problem follows only from the refused name `r`. */
function followsFrom(p: Problem, r: { subject: string; name: string; mentions: RegExp; fixed: string }): boolean {
  if (p.code === undefined || NAME_INDEPENDENT_CODES.has(p.code)) return false;
  if (p.code === 'releases') {
    // An entry under the name the definitions will have once fixed ("payments" for "Payments"): its
    // fix, defining that service, is the name's fix.
    const unknown = /^names service "(.*)", which is not defined$/.exec(p.message)?.[1];
    return unknown !== undefined && unknown !== r.name && asLabel(unknown) === r.fixed;
  }
  // A tag to add under the refused name would be the wrong fix: the name changes.
  if (p.code === 'undeploy') return r.mentions.test(p.field) || r.mentions.test(p.message) || r.mentions.test(p.hint);
  if (p.subject !== r.subject) return false;
  const text = `${p.field} ${p.value ?? ''}`;
  if (!r.mentions.test(text)) return false;
  // A schema error elsewhere in an object named after the service stays: only its names follow from it.
  return p.code !== 'schema' || /(\/name|Name|\/namespace)$/.test(p.field) || /pattern/.test(p.message);
}

/** A name as a DNS-1123 label would write it: lowercase, other characters as "-". */
function asLabel(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Sorts problems by subject, then field, then message; stable across runs. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) =>
    compare(a.subject, b.subject) || compare(a.field, b.field) || compare(a.message, b.message));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Formats problems as a terminal report: a header, then per subject one line per problem
 * with the field, the value and a hint.
 */
export function formatProblems(problems: readonly Problem[], header?: string): string {
  const lines = [header ?? `gitops-synth: ${problems.length} problem${problems.length === 1 ? '' : 's'} found, nothing was written`];
  let subject: string | undefined;
  for (const p of problems) {
    if (p.subject !== subject) {
      subject = p.subject;
      lines.push(`${subject}:`);
    }
    const value = p.value === undefined ? '' : ` = ${p.value}`;
    lines.push(`  ✖ ${p.field}${value}: ${p.message} (fix: ${p.hint})`);
  }
  return lines.join('\n');
}

/**
 * Collects problems during checks; `throwIfAny` raises them together.
 */
export class ProblemCollector {
  private readonly items: Problem[] = [];

  /** Records a problem. */
  public add(problem: Problem): void {
    this.items.push(problem);
  }

  /** Records several problems. */
  public addAll(problems: readonly Problem[]): void {
    this.items.push(...problems);
  }

  /** The problems recorded so far. */
  public get problems(): readonly Problem[] {
    return this.items;
  }

  /** Throws a {@link SynthError} holding every recorded problem, if there is any. */
  public throwIfAny(): void {
    if (this.items.length > 0) throw new SynthError(this.items);
  }
}
