/** The GitHub repository a service's image is built from. */
export interface ServiceSource {
  /** The GitHub repository, `<owner>/<repo>`, e.g. `acme/api-service`. */
  readonly repository: string;
  /**
   * The branch whose pushes build, push and deploy the image (the only ref the push role trusts).
   * @default 'main'
   */
  readonly branch?: string;
  /**
   * Trivy severities that fail the build, comma-separated.
   * @default 'HIGH,CRITICAL'
   */
  readonly failOnSeverity?: string;
  /**
   * Whether the build also runs a SonarQube scan (needs the `SONAR_TOKEN` and `SONAR_HOST_URL` secrets).
   * @default false
   */
  readonly sonarQube?: boolean;
}

/** A GitHub repository, `<owner>/<repo>`. */
export const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/** A branch name safe in an OIDC `sub` claim and a workflow's `branches:` (no wildcards). */
export const BRANCH = /^(?!\/)(?!.*\/\/)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}(?<!\/)$/;
/** Trivy severities, comma-separated. */
export const SEVERITIES = /^(UNKNOWN|LOW|MEDIUM|HIGH|CRITICAL)(,(UNKNOWN|LOW|MEDIUM|HIGH|CRITICAL))*$/;

/** A service's source with the defaults applied. */
export interface ResolvedSource {
  readonly repository: string;
  readonly branch: string;
  readonly failOnSeverity: string;
  readonly sonarQube: boolean;
}

/** The source with its defaults: branch `main`, failing on `HIGH,CRITICAL`, no SonarQube. */
export function resolveSource(source: ServiceSource): ResolvedSource {
  return {
    repository: source.repository,
    branch: source.branch ?? 'main',
    failOnSeverity: source.failOnSeverity ?? 'HIGH,CRITICAL',
    sonarQube: source.sonarQube ?? false,
  };
}

/** The problems of a service's `source`, as `[field, value, message, hint]`. */
export function sourceProblems(source: unknown): Array<[string, unknown, string, string]> {
  if (typeof source !== 'object' || source === null) {
    return [['source', source, 'must be an object { repository, branch? }', "set source: { repository: 'acme/api-service' } or leave it out"]];
  }
  const s = source as Record<string, unknown>;
  const problems: Array<[string, unknown, string, string]> = [];
  if (typeof s.repository !== 'string' || !GITHUB_REPOSITORY.test(s.repository)) {
    problems.push(['source.repository', s.repository, 'must be a GitHub repository "<owner>/<repo>"', "set repository: 'acme/api-service'"]);
  }
  if (s.branch !== undefined && (typeof s.branch !== 'string' || !BRANCH.test(s.branch))) {
    problems.push(['source.branch', s.branch, 'must be a branch name (letters, digits, ".", "_", "-", "/"; no wildcards)', "set branch: 'main' or leave it out"]);
  }
  if (s.failOnSeverity !== undefined && (typeof s.failOnSeverity !== 'string' || !SEVERITIES.test(s.failOnSeverity))) {
    problems.push(['source.failOnSeverity', s.failOnSeverity, 'must be Trivy severities, comma-separated', "set failOnSeverity: 'HIGH,CRITICAL' or leave it out"]);
  }
  if (s.sonarQube !== undefined && typeof s.sonarQube !== 'boolean') {
    problems.push(['source.sonarQube', s.sonarQube, 'must be true or false', 'set sonarQube: true or leave it out']);
  }
  return problems;
}
