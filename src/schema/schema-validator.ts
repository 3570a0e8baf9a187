import { DirectorySchemas } from './directory-schemas';
import { PackagedSchemas, SCHEMA_PACKAGES } from './packaged-schemas';
import { AjvError, SchemaError, schemaErrorOf, UNKNOWN_FIELD } from './schema-error';
import { validateReadingFields } from './unknown-fields';
import { Manifest, ManifestFile } from '../core/manifest';
import { Problem } from '../core/problem';

export { SchemaError } from './schema-error';

/** Where a validator's schemas come from. */
type SchemaSource =
  | { readonly type: 'files'; readonly schemas: DirectorySchemas; readonly description: string }
  | { readonly type: 'packages'; readonly schemas: PackagedSchemas; readonly description: string };

/**
 * Validates objects against the schemas their cluster serves, rejecting wrong types and unknown
 * fields as the API server does with strict field validation.
 *
 * Two sources: the schemas that ship with gitops-synth ({@link SchemaValidator.fromPackages}: the
 * `kubernetes-models` packages, for the Kubernetes API, Argo CD, External Secrets Operator,
 * cert-manager and the Gateway API), or a cluster's own schema files ({@link SchemaValidator.fromDirectory}).
 */
export class SchemaValidator {
  /**
   * The schemas of the npm packages gitops-synth depends on: `kubernetes-models` (the Kubernetes
   * API), `@kubernetes-models/argo-cd` (argoproj.io/v1alpha1), `@kubernetes-models/external-secrets`
   * (external-secrets.io/v1), `@kubernetes-models/cert-manager` (cert-manager.io/v1) and
   * `@kubernetes-models/gateway-api` (gateway.networking.k8s.io/v1). Each kind's
   * schema is loaded when first needed; one validator is shared by every caller.
   */
  public static fromPackages(): SchemaValidator {
    packaged ??= new SchemaValidator({
      type: 'packages',
      schemas: new PackagedSchemas(),
      description: `the packaged schemas (${SCHEMA_PACKAGES.map((p) => p.name).join(', ')})`,
    });
    return packaged;
  }

  /**
   * Loads every `*.json` Kubernetes definitions file and every `*.yaml`/`*.yml` CRD file in `dir`
   * and its subfolders: the schemas of a cluster's own versions.
   * @throws Error when the folder cannot be read or holds no schema
   */
  public static fromDirectory(dir: string): SchemaValidator {
    return SchemaValidator.fromDirectories([dir]);
  }

  /**
   * Loads several folders (e.g. Kubernetes definitions and CRDs kept apart). Kubernetes definitions
   * are loaded first, so that CRD objects' metadata is checked as ObjectMeta.
   * @throws Error when a folder cannot be read or none holds a schema
   */
  public static fromDirectories(dirs: readonly string[]): SchemaValidator {
    return new SchemaValidator({ type: 'files', schemas: DirectorySchemas.load(dirs), description: dirs.join(', ') });
  }

  private constructor(private readonly source: SchemaSource) {}

  /** Where the schemas come from: the folders, or the packages. */
  public get description(): string {
    return this.source.description;
  }

  /** The `apiVersion/kind` pairs this validator knows, sorted. */
  public get knownKinds(): string[] {
    return this.source.schemas.kinds();
  }

  /** Whether a schema is known for the object's apiVersion and kind. */
  public knows(obj: Pick<Manifest, 'apiVersion' | 'kind'>): boolean {
    return this.source.type === 'files'
      ? this.source.schemas.lookup(`${obj.apiVersion}/${obj.kind}`) !== undefined
      : 'validate' in this.source.schemas.lookup(obj.apiVersion, obj.kind);
  }

  /**
   * Validates one object. An object of an unknown apiVersion/kind is an error: the cluster would
   * not accept it either.
   */
  public validate(obj: Manifest): SchemaError[] {
    const key = `${obj.apiVersion}/${obj.kind}`;
    if (this.source.type === 'files') {
      const fn = this.source.schemas.lookup(key);
      if (!fn) return [{ pointer: '', message: `no schema for ${key} (known: ${this.knownKinds.length} kinds)` }];
      return fn(obj) ? [] : unique((fn.errors ?? []).map((e) => schemaErrorOf(e as AjvError)));
    }
    const found = this.source.schemas.lookup(obj.apiVersion, obj.kind);
    if ('missing' in found) return [{ pointer: '', message: found.missing }];
    const outcome = validateReadingFields(found.validate, obj);
    return unique([
      ...outcome.errors.map(schemaErrorOf),
      ...outcome.unknownFields.map((pointer) => ({ pointer, message: UNKNOWN_FIELD })),
    ]);
  }

  /**
   * Validates every object of every file, skipping kinds the tree-only tools read (kustomize's
   * `Kustomization`), and returns one problem per schema error.
   */
  public validateFiles(files: readonly ManifestFile[]): Problem[] {
    const problems: Problem[] = [];
    for (const file of files) {
      for (const obj of file.objects) {
        if (obj.apiVersion.startsWith('kustomize.config.k8s.io/')) continue;
        for (const error of this.validate(obj)) {
          problems.push({
            subject: file.source,
            field: `${file.path} ${obj.kind}/${obj.metadata?.name ?? '?'}${error.pointer}`,
            message: error.message,
            hint: this.source.type === 'files'
              ? 'fix the definition; the schema is the one the cluster serves'
              : 'fix the definition; the schema is the packaged one (pass the cluster\'s own with --schemas DIR)',
          });
        }
      }
    }
    return problems;
  }
}

let packaged: SchemaValidator | undefined;

function unique(errors: SchemaError[]): SchemaError[] {
  return errors.filter((e, i) => errors.findIndex((u) => u.pointer === e.pointer && u.message === e.message) === i);
}
