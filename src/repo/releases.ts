import * as fs from 'fs';
import * as path from 'path';
import { Problem } from '../synth/problem';
import { ImageVersion } from '../workload/image-version';

/** The releases data: for each service, the image tag or digest per environment. */
export type ReleasesData = Record<string, Record<string, string>>;

/**
 * The image versions deployed per service and environment, kept as data next to the
 * definitions so that CI changes a tag without editing TypeScript.
 *
 * File format (JSON, keys sorted when written by `gitops-synth set-image`):
 * ```json
 * { "api-service": { "production": "sha-1b7e3d0", "staging": "sha-4f2a9c1" } }
 * ```
 */
export class Releases {
  /**
   * Reads a releases file; `displayName` is how messages name it (e.g. the path relative to the repository). A missing, unreadable or malformed file does not throw here:
   * its problems are reported by the synth together with every other problem.
   */
  public static fromFile(file: string, displayName: string = file): Releases {
    const absolute = path.resolve(file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return new Releases(displayName, {}, [problem(displayName, '(file)', undefined, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'create the file (it may hold {}) or point the definitions at the right path')], absolute);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return new Releases(displayName, {}, [problem(displayName, '(file)', undefined, `is not valid JSON: ${(e as Error).message}`, 'fix the JSON syntax, e.g. { "api-service": { "staging": "sha-4f2a9c1" } }')], absolute);
    }
    const loaded = Releases.fromData(data, displayName);
    return new Releases(displayName, loaded.data, loaded.loadProblems, absolute);
  }

  /**
   * Builds releases from data already in memory (tests, generated definitions).
   * @param source a name for error messages
   */
  public static fromData(data: unknown, source: string = 'releases'): Releases {
    const problems: Problem[] = [];
    const clean: ReleasesData = {};
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      problems.push(problem(source, '(file)', describe(data), 'must be an object of services, each an object of environment: tag', 'write { "<service>": { "<environment>": "<tag or sha256 digest>" } }'));
      return new Releases(source, clean, problems);
    }
    for (const [service, envs] of Object.entries(data as Record<string, unknown>)) {
      if (typeof envs !== 'object' || envs === null || Array.isArray(envs)) {
        problems.push(problem(source, service, describe(envs), 'must be an object of environment: tag', `write "${service}": { "<environment>": "<tag or sha256 digest>" }`));
        continue;
      }
      clean[service] = {};
      for (const [env, version] of Object.entries(envs as Record<string, unknown>)) {
        const parsed = ImageVersion.parse(version);
        if (typeof parsed === 'string') {
          problems.push(problem(source, `${service}.${env}`, describe(version), parsed, 'set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest'));
          continue;
        }
        clean[service][env] = parsed.value;
      }
    }
    return new Releases(source, clean, problems);
  }

  private constructor(
    /** Where the releases came from (a file path or a name), for error messages. */
    public readonly source: string,
    private readonly data: ReleasesData,
    /** Problems found while loading; reported by the synth. */
    public readonly loadProblems: readonly Problem[],
    /**
     * The file the releases were read from (absolute), so `gitops-synth set-image` and `promote`
     * know where to write; `undefined` for releases built from data.
     */
    public readonly file?: string,
  ) {}

  /** A copy of the valid entries: service → environment → tag or digest. */
  public toData(): ReleasesData {
    return Object.fromEntries(Object.entries(this.data).map(([s, envs]) => [s, { ...envs }]));
  }

  /** The image version of a service in an environment, if the releases name one. */
  public versionOf(service: string, environment: string): ImageVersion | undefined {
    const value = this.data[service]?.[environment];
    if (value === undefined) return undefined;
    const parsed = ImageVersion.parse(value);
    return typeof parsed === 'string' ? undefined : parsed;
  }

  /** Every (service, environment) pair the releases name, in file order. */
  public entries(): Array<{ service: string; environment: string; version: string }> {
    return Object.entries(this.data).flatMap(([service, envs]) =>
      Object.entries(envs).map(([environment, version]) => ({ service, environment, version })));
  }
}

/**
 * The text of a releases file: keys sorted at both levels, two-space JSON and a final newline,
 * so that a tag update is a one-line diff.
 */
export function renderReleases(data: ReleasesData): string {
  const sorted = Object.fromEntries(Object.keys(data).sort().map((service) => [
    service,
    Object.fromEntries(Object.keys(data[service]).sort().map((env) => [env, data[service][env]])),
  ]));
  return JSON.stringify(sorted, null, 2) + '\n';
}

function problem(source: string, field: string, value: string | undefined, message: string, hint: string): Problem {
  return { subject: `releases ${source}`, field, value, message, hint };
}

function describe(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
}
