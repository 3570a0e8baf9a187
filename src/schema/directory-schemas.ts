import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { loadAll } from 'js-yaml';

type JsonSchema = Record<string, unknown>;

const K8S_SCHEMA_ID = 'k8s-definitions';

/**
 * Schemas read from files a cluster serves: Kubernetes OpenAPI definitions (a `*.json` file with
 * `definitions`, as published with each Kubernetes release) and CustomResourceDefinition files
 * (`*.yaml`), compiled with Ajv so that unknown fields are rejected, as the API server does with
 * strict field validation.
 */
export class DirectorySchemas {
  /**
   * Loads every `*.json` Kubernetes definitions file and every `*.yaml`/`*.yml` CRD file in `dirs` and
   * their subfolders. Kubernetes definitions are loaded first, so that CRD objects' metadata is
   * checked as ObjectMeta.
   * @throws Error when a folder cannot be read or none holds a schema
   */
  public static load(dirs: readonly string[]): DirectorySchemas {
    const schemas = new DirectorySchemas();
    const files = dirs.flatMap(listFiles);
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      schemas.addKubernetesDefinitions(JSON.parse(fs.readFileSync(file, 'utf8')) as { definitions?: Record<string, JsonSchema> });
    }
    for (const file of files.filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))) {
      for (const doc of loadAll(fs.readFileSync(file, 'utf8'))) {
        if (isCrd(doc)) schemas.addCrd(doc);
      }
    }
    if (schemas.schemas.size === 0) {
      throw new Error(`no schema found in ${dirs.join(', ')}: expected Kubernetes definitions (*.json) or CRD files (*.yaml)`);
    }
    return schemas;
  }

  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  /** `apiVersion/kind` → schema reference or inline schema. */
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private hasK8sDefinitions = false;

  private constructor() {}

  /** The `apiVersion/kind` pairs these files describe, sorted. */
  public kinds(): string[] {
    return [...this.schemas.keys()].sort();
  }

  /** The compiled validator of `apiVersion/kind`, compiled when first asked for. */
  public lookup(key: string): ValidateFunction | undefined {
    const schema = this.schemas.get(key);
    if (!schema) return undefined;
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.compiled.set(key, fn);
    }
    return fn;
  }

  private addKubernetesDefinitions(doc: { definitions?: Record<string, JsonSchema> }): void {
    if (!doc.definitions) return;
    this.hasK8sDefinitions = true;
    const strict: Record<string, JsonSchema> = {};
    for (const [name, schema] of Object.entries(doc.definitions)) strict[name] = strictify(schema) as JsonSchema;
    this.ajv.addSchema({ $id: K8S_SCHEMA_ID, definitions: strict });
    for (const [name, schema] of Object.entries(doc.definitions)) {
      const gvks = schema['x-kubernetes-group-version-kind'] as Array<{ group: string; version: string; kind: string }> | undefined;
      for (const gvk of gvks ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        this.schemas.set(`${apiVersion}/${gvk.kind}`, { $ref: `${K8S_SCHEMA_ID}#/definitions/${name}` });
      }
    }
  }

  private addCrd(crd: CrdDocument): void {
    for (const version of crd.spec.versions ?? []) {
      if (version.served === false || !version.schema?.openAPIV3Schema) continue;
      const schema = strictify(version.schema.openAPIV3Schema) as JsonSchema;
      const properties = { ...(schema.properties as Record<string, JsonSchema>) };
      // CRD schemas leave metadata open; the API server checks it as ObjectMeta.
      properties.metadata = this.hasK8sDefinitions
        ? { $ref: `${K8S_SCHEMA_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` }
        : { type: 'object' };
      properties.apiVersion = { type: 'string' };
      properties.kind = { type: 'string' };
      this.schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, { ...schema, properties, additionalProperties: false });
    }
  }
}

interface CrdDocument {
  kind: 'CustomResourceDefinition';
  spec: {
    group: string;
    names: { kind: string };
    versions?: Array<{ name: string; served?: boolean; schema?: { openAPIV3Schema?: JsonSchema } }>;
  };
}

/** Files under `dir`, recursively, in a stable order. */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : [full];
    });
}

function isCrd(doc: unknown): doc is CrdDocument {
  return typeof doc === 'object' && doc !== null && (doc as { kind?: unknown }).kind === 'CustomResourceDefinition';
}

/**
 * Copies a schema so that objects with declared properties reject unknown ones, and the
 * Kubernetes int-or-string markers accept both types. Schemas that preserve unknown fields stay open.
 */
function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (typeof node !== 'object' || node === null) return node;
  const src = node as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === 'description' || key === 'x-kubernetes-validations') continue;
    out[key] = key === 'properties' ? mapValues(value as Record<string, unknown>, strictify)
      : key === 'enum' || key === 'required' || key === 'default' || key === 'example' ? value
        : strictify(value);
  }
  if (src['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (src.format === 'int-or-string') {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (src.properties && src.additionalProperties === undefined && src['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

function mapValues(obj: Record<string, unknown>, fn: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}
