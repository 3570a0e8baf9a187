import * as fs from 'fs';
import * as path from 'path';
import { SchemaValidator } from '../../src/schema/schema-validator';

/** The reference schemas next to the project (CRDs and Kubernetes definitions), when present. */
export const SHARED_DIR = process.env.GITOPS_SYNTH_SCHEMAS ?? path.resolve(__dirname, '../../../shared');
export const CRDS_DIR = path.join(SHARED_DIR, 'crds');
export const K8S_SCHEMA_DIR = path.join(SHARED_DIR, 'k8s-schema');

/**
 * Whether the exact pinned reference schemas are available. Where they are not (a fresh machine, a
 * team's CI), the schema tests validate against the packaged schemas instead: nothing is skipped.
 */
export const HAS_SCHEMAS = fs.existsSync(CRDS_DIR) && fs.existsSync(K8S_SCHEMA_DIR);

/** `describe`: the schema tests run everywhere, against the reference or the packaged schemas. */
export const describeWithSchemas = describe;

let cached: SchemaValidator | undefined;
/** A validator over the reference schemas where present, else the packaged schemas; loaded once per test file. */
export function referenceValidator(): SchemaValidator {
  cached ??= HAS_SCHEMAS ? SchemaValidator.fromDirectories([K8S_SCHEMA_DIR, CRDS_DIR]) : SchemaValidator.fromPackages();
  return cached;
}
