import * as fs from 'fs';
import * as path from 'path';
import { ImageVersion } from './image-version';
import { DuplicateKey, duplicateJsonKeys } from './json-duplicate-keys';
import { releasesLimitExcess, RELEASES_LIMITS } from './releases-limits';
import { Problem } from '../core/problem';
import { shownKey, shownText, shownValue } from '../core/shown-value';

export { RELEASES_LIMITS } from './releases-limits';

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
    const fail = (message: string, hint: string) => new Releases(displayName, {}, [problem(displayName, '(file)', undefined, message, hint)], absolute);
    let text: string;
    try {
      const read = readLimited(file);
      if (typeof read === 'number') {
        return fail(`is ${read} bytes; a releases file is read only up to ${RELEASES_LIMITS.fileBytes} bytes (8 MiB)`, TOO_BIG_HINT);
      }
      text = read;
    } catch (e) {
      return fail(`cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'create the file (it may hold {}) or point the definitions at the right path');
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      // V8 cuts the text it quotes short itself.
      return fail(`is not valid JSON: ${(e as Error).message}`, 'fix the JSON syntax, e.g. { "api-service": { "staging": "sha-4f2a9c1" } }');
    }
    // The limits first: the duplicate-key scan recurses once per level of nesting.
    const excess = limitProblem(data, displayName);
    if (excess) return new Releases(displayName, {}, [excess], absolute);
    const duplicates = duplicateProblems(text, displayName);
    const loaded = Releases.fromData(data, displayName);
    return new Releases(displayName, loaded.data, [...duplicates, ...loaded.loadProblems], absolute, text);
  }

  /**
   * Builds releases from data already in memory (tests, generated definitions). The same limits apply
   * as to a file (see {@link RELEASES_LIMITS}), so data with a cycle is refused too.
   * @param source a name for error messages
   */
  public static fromData(data: unknown, source: string = 'releases'): Releases {
    const problems: Problem[] = [];
    // Without a prototype, a lookup of "constructor" or "toString" finds nothing rather than Object's own.
    const clean: ReleasesData = Object.create(null);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      problems.push(problem(source, '(file)', shownValue(data), 'must be an object of services, each an object of environment: tag', 'write { "<service>": { "<environment>": "<tag or sha256 digest>" } }'));
      return new Releases(source, clean, problems);
    }
    const excess = limitProblem(data, source);
    if (excess) return new Releases(source, clean, [excess]);
    for (const [service, envs] of Object.entries(data as Record<string, unknown>)) {
      const serviceField = shownKey(service);
      if (RESERVED_KEYS.has(service)) {
        problems.push(problem(source, serviceField, shownValue(envs), 'is a reserved JavaScript property name, so it cannot name a service', RESERVED_HINT));
        continue;
      }
      if (typeof envs !== 'object' || envs === null || Array.isArray(envs)) {
        problems.push(problem(source, serviceField, shownValue(envs), 'must be an object of environment: tag', `write ${JSON.stringify(shownText(service))}: { "<environment>": "<tag or sha256 digest>" }`));
        continue;
      }
      const versions: Record<string, string> = Object.create(null);
      clean[service] = versions;
      for (const [env, version] of Object.entries(envs as Record<string, unknown>)) {
        const field = `${serviceField}.${shownKey(env)}`;
        if (RESERVED_KEYS.has(env)) {
          problems.push(problem(source, field, shownValue(version), 'is a reserved JavaScript property name, so it cannot name an environment', RESERVED_HINT));
          continue;
        }
        const parsed = ImageVersion.parse(version);
        if (typeof parsed === 'string') {
          problems.push(problem(source, field, shownValue(version), parsed, 'set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest'));
          continue;
        }
        versions[env] = parsed.value;
      }
    }
    return new Releases(source, clean, problems);
  }

  /** Each version string of the data, parsed (`null`: not a valid version). */
  private readonly parsed = new Map<string, ImageVersion | null>();

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
    /** The file's text as read, to tell whether it changed since. */
    private readonly text?: string,
  ) {}

  /**
   * Whether the file still holds what was read from it: a command that read the definitions before
   * taking the output folder's lock builds them again only when another command changed the releases
   * meanwhile. Releases built from data are always current; a file that could not be read never is.
   */
  public isCurrent(): boolean {
    if (this.file === undefined) return true;
    if (this.text === undefined) return false;
    try {
      return readLimited(this.file) === this.text;
    } catch {
      return false;
    }
  }

  /** A copy of the valid entries: service → environment → tag or digest. */
  public toData(): ReleasesData {
    return Object.fromEntries(Object.entries(this.data).map(([s, envs]) => [s, { ...envs }]));
  }

  /** The services the releases name, in file order (also those with no valid entry). */
  public services(): string[] {
    return Object.keys(this.data);
  }

  /** The image version of a service in an environment, if the releases name one. */
  public versionOf(service: string, environment: string): ImageVersion | undefined {
    // The data has no prototype: "constructor" or "name" find only entries of the file.
    const value = this.data[service]?.[environment];
    if (value === undefined) return undefined;
    // Asked for every overlay several times per synth; the data never changes, nor does its parse.
    let parsed = this.parsed.get(value);
    if (parsed === undefined) {
      const version = ImageVersion.parse(value);
      parsed = typeof version === 'string' ? null : version;
      this.parsed.set(value, parsed);
    }
    return parsed ?? undefined;
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

/** Keys that name JavaScript's own properties: `__proto__` would set a prototype instead of an entry. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const RESERVED_HINT = 'remove the entry; services and environments cannot be named __proto__, constructor or prototype';
const TOO_BIG_HINT = 'keep one tag or digest per service and environment, and remove the entries of services and environments that no longer exist';

/** The text of a file, or its size in bytes when it is above the limit (then it is not read). */
function readLimited(file: string): string | number {
  const fd = fs.openSync(file, 'r');
  try {
    // The size of the opened file, so that a file swapped in between cannot slip past the limit.
    const size = fs.fstatSync(fd).size;
    if (size > RELEASES_LIMITS.fileBytes) return size;
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** The one problem of data above a limit of {@link RELEASES_LIMITS}: such data is not read at all. */
function limitProblem(data: unknown, source: string): Problem | undefined {
  const excess = releasesLimitExcess(data);
  if (!excess) return undefined;
  if (excess.limit === 'entries') {
    return problem(source, '(file)', undefined, `holds ${excess.entries} entries (services and service/environment pairs); at most ${RELEASES_LIMITS.entries} are read`, TOO_BIG_HINT);
  }
  return problem(source, shownText(fieldPath(excess.path ?? [])), undefined,
    `is nested more than ${RELEASES_LIMITS.depth} levels deep; releases data has two levels (service → environment → tag)`,
    'write { "<service>": { "<environment>": "<tag or sha256 digest>" } }');
}

/** One problem per key written twice: `JSON.parse` keeps the last, so the other would vanish unseen. */
function duplicateProblems(text: string, source: string): Problem[] {
  let duplicates: DuplicateKey[];
  try {
    duplicates = duplicateJsonKeys(text, RELEASES_LIMITS.depth + 1);
  } catch (e) {
    // Text JSON.parse accepted is YAML 1.2 too, so this is not expected; refuse rather than miss a duplicate.
    return [problem(source, '(file)', undefined, `could not be checked for duplicate keys: ${shownText((e as Error).message.split('\n')[0])}`, 'write plain JSON, e.g. { "api-service": { "staging": "sha-4f2a9c1" } }')];
  }
  return duplicates.map((d) => {
    const where = d.parents.length === 0 ? 'the file' : JSON.stringify(shownText(d.parents[d.parents.length - 1]));
    const hint = d.parents.length === 0
      ? 'merge the two into one entry of the service'
      : d.parents.length === 1 ? 'keep the one tag that should be deployed and remove the other' : 'remove one of the two';
    return problem(source, shownText(fieldPath([...d.parents, d.key])), undefined,
      `is written twice in ${where} (lines ${d.firstLine} and ${d.line}); JSON keeps only the last one and would drop the other without a word`, hint);
  });
}

/** Keys joined as a problem's field: `api.staging`, `api.staging[0]`. */
function fieldPath(keys: readonly string[]): string {
  return keys.map((k, i) => (k.startsWith('[') ? k : `${i === 0 ? '' : '.'}${shownKey(k)}`)).join('');
}
