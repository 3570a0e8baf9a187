import * as fs from 'fs';
import * as path from 'path';

/** What the command reads of its own package.json. */
export interface PackageInfo {
  /** The package's version, e.g. `1.2.0`. */
  readonly version: string;
  /** Its development dependencies (the tool versions its own tests run with). */
  readonly devDependencies: Readonly<Record<string, string>>;
}

const PACKAGE_NAME = 'gitops-synth';

let cached: PackageInfo | undefined;

/**
 * This package's package.json, found by walking up from this file: the compiled CLI
 * (`lib/src/cli/`) and its sources (`src/cli/`) sit at different depths.
 */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string; devDependencies?: Record<string, string> };
      if (manifest.name === PACKAGE_NAME) {
        cached = { version: manifest.version ?? '0.0.0', devDependencies: manifest.devDependencies ?? {} };
        return cached;
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`the package.json of ${PACKAGE_NAME} was not found above ${__dirname}`);
  }
}
