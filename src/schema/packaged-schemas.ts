import * as fs from 'fs';
import * as path from 'path';
import { nodeRequire, NodeRequire } from './node-require';
import { CompiledValidator } from './unknown-fields';

/**
 * An npm package of compiled schemas: `<group>/<version>/<Kind>.js` model modules (the core group's
 * at `<version>/<Kind>.js`), each importing its validator from `_schemas/<Name>.js`.
 */
interface SchemaPackage {
  /** npm name, a dependency of gitops-synth. */
  readonly name: string;
  /** What it covers, for messages and the README. */
  readonly covers: string;
  /** Whether the API group is this package's. */
  readonly owns: (group: string) => boolean;
}

/**
 * The packages, in lookup order: the last one owns every other group. Versions are the dependencies'
 * (package.json); their schemas come from the projects' Go types.
 */
export const SCHEMA_PACKAGES: readonly SchemaPackage[] = [
  { name: '@kubernetes-models/argo-cd', covers: 'Argo CD (argoproj.io)', owns: (g) => g === 'argoproj.io' },
  { name: '@kubernetes-models/external-secrets', covers: 'External Secrets Operator (external-secrets.io)', owns: (g) => g.endsWith('external-secrets.io') },
  { name: '@kubernetes-models/cert-manager', covers: 'cert-manager (cert-manager.io)', owns: (g) => g.endsWith('cert-manager.io') || g === 'trust-manager.io' },
  { name: '@kubernetes-models/gateway-api', covers: 'the Gateway API (gateway.networking.k8s.io)', owns: (g) => g === 'gateway.networking.k8s.io' || g === 'gateway.networking.x-k8s.io' },
  { name: 'kubernetes-models', covers: 'the Kubernetes API', owns: () => true },
];

/**
 * API versions the packages still describe but the targeted servers no longer serve
 * (Kubernetes 1.28+, External Secrets Operator 0.17+): an object of one would be refused by the cluster.
 */
const NOT_SERVED: ReadonlyMap<string, string> = new Map([
  ['external-secrets.io/v1beta1', 'not served by External Secrets Operator since v0.17 (use external-secrets.io/v1)'],
  ['extensions/v1beta1', 'not served by Kubernetes since 1.22'],
  ['apps/v1beta1', 'not served by Kubernetes since 1.16 (use apps/v1)'],
  ['apps/v1beta2', 'not served by Kubernetes since 1.16 (use apps/v1)'],
]);

/** The outcome of looking a kind up: its validator, or why there is none. */
export type PackagedLookup = { readonly validate: CompiledValidator } | { readonly missing: string };

/**
 * The compiled validators of the schema packages, loaded one kind at a time when first needed
 * (a package holds thousands of schemas; a tree uses a dozen).
 */
export class PackagedSchemas {
  private readonly require: NodeRequire = nodeRequire();
  private readonly cache = new Map<string, PackagedLookup>();
  private readonly roots = new Map<string, string>();

  /** The validator of `apiVersion`/`kind`, or why there is none. */
  public lookup(apiVersion: string, kind: string): PackagedLookup {
    const key = `${apiVersion}/${kind}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.load(apiVersion, kind);
      this.cache.set(key, found);
    }
    return found;
  }

  /** Every `apiVersion/kind` the packages describe and the targeted servers serve, sorted. */
  public kinds(): string[] {
    const kinds: string[] = [];
    for (const pkg of SCHEMA_PACKAGES) {
      const root = this.root(pkg.name);
      for (const group of subfolders(root)) {
        // The core group's versions (`v1`) sit at the top, beside the other groups' folders.
        const versions = /^v\d/.test(group) ? [['', group]] : subfolders(path.join(root, group)).map((v) => [group, v]);
        for (const [g, version] of versions) {
          const apiVersion = g ? `${g}/${version}` : version;
          if (NOT_SERVED.has(apiVersion) || packageOf(g) !== pkg) continue;
          for (const file of fs.readdirSync(path.join(root, g, version))) {
            if (/^[A-Z]\w*\.js$/.test(file)) kinds.push(`${apiVersion}/${file.slice(0, -3)}`);
          }
        }
      }
    }
    return kinds.sort();
  }

  private load(apiVersion: string, kind: string): PackagedLookup {
    const notServed = NOT_SERVED.get(apiVersion);
    if (notServed) return { missing: `no schema for ${apiVersion}/${kind}: ${notServed}` };
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const pkg = packageOf(group);
    const missing = { missing: `no schema for ${apiVersion}/${kind} in ${pkg.name} (${pkg.covers})` };
    if (![group, version, kind].every((part) => part === '' || /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(part))) return missing;
    const model = path.join(this.root(pkg.name), group, version, `${kind}.js`);
    if (!fs.existsSync(model)) return missing;
    // The model module imports its compiled validator; load that alone (the model class is not needed).
    const schema = /["']((?:\.\.\/)+_schemas\/[A-Za-z0-9]+\.js)["']/.exec(fs.readFileSync(model, 'utf8'))?.[1];
    if (!schema) throw new Error(`${pkg.name}: no compiled schema imported by ${model}; is this version of the package supported?`);
    const loaded = this.requireModule(pkg.name, path.resolve(path.dirname(model), schema)) as { validate?: CompiledValidator };
    if (typeof loaded.validate !== 'function') throw new Error(`${pkg.name}: ${schema} exports no validate function; is this version of the package supported?`);
    return { validate: loaded.validate };
  }

  private requireModule(pkg: string, file: string): unknown {
    try {
      return this.require(file);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_REQUIRE_ESM') {
        throw new Error(`${pkg} is an ES module package, which Node.js ${process.versions.node} cannot load synchronously: use Node.js 20.19+ or 22.12+, or pass the cluster's schema files (--schemas DIR)`);
      }
      throw e;
    }
  }

  /** The folder of an installed package. */
  private root(name: string): string {
    let root = this.roots.get(name);
    if (!root) {
      try {
        root = path.dirname(this.require.resolve(`${name}/package.json`));
      } catch (e) {
        throw new Error(`schema package ${name} is not installed (${(e as Error).message.split('\n')[0]}); install the schema packages (npm install --save-dev ${SCHEMA_PACKAGES.map((p) => p.name).join(' ')}), or pass the cluster's schema files (--schemas DIR)`);
      }
      this.roots.set(name, root);
    }
    return root;
  }
}

function packageOf(group: string): SchemaPackage {
  return SCHEMA_PACKAGES.find((p) => p.owns(group))!;
}

function subfolders(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== '_schemas' && e.name !== 'node_modules' && e.name !== 'github.com')
    .map((e) => e.name);
}
