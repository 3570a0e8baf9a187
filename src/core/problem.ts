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
  /** All problems, in a stable order (by subject, then field). */
  public readonly problems: readonly Problem[];

  /**
   * @param header the report's first line, for the rare error after which something was written
   * @default - `gitops-synth: N problems found, nothing was written`
   */
  constructor(problems: readonly Problem[], header?: string) {
    const sorted = sortProblems(problems);
    super(formatProblems(sorted, header));
    this.name = 'SynthError';
    this.problems = sorted;
  }
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
