import * as fs from 'fs';
import * as path from 'path';
import { SchemaValidator } from '../../src/schema/schema-validator';

/** The reference schemas next to the project (CRDs and Kubernetes definitions), when present. */
export const SHARED_DIR = process.env.GITOPS_SYNTH_SCHEMAS ?? path.resolve(__dirname, '../../../shared');
export const CRDS_DIR = path.join(SHARED_DIR, 'crds');
export const K8S_SCHEMA_DIR = path.join(SHARED_DIR, 'k8s-schema');

/** Whether the reference schemas are available. Under CI they must be. */
export const HAS_SCHEMAS = fs.existsSync(CRDS_DIR) && fs.existsSync(K8S_SCHEMA_DIR);

if (!HAS_SCHEMAS) {
  if (process.env.CI) throw new Error(`reference schemas not found at ${SHARED_DIR} (set GITOPS_SYNTH_SCHEMAS)`);
  // eslint-disable-next-line no-console
  console.warn(`schema tests skipped: no reference schemas at ${SHARED_DIR}`);
}

/** `describe` that skips, with the warning above, where the schemas are absent. */
export const describeWithSchemas = HAS_SCHEMAS ? describe : describe.skip;

let cached: SchemaValidator | undefined;
/** A validator over the reference schemas, loaded once per test file. */
export function referenceValidator(): SchemaValidator {
  cached ??= SchemaValidator.fromDirectories([K8S_SCHEMA_DIR, CRDS_DIR]);
  return cached;
}
