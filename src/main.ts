import * as path from 'path';
import { parseArgs } from 'util';
import { SchemaValidator, SynthError, summarize, synth } from '.';
import { defineRepo } from './apps';

const USAGE = `usage: npm run synth [-- --schemas DIR] [--verbose]

Writes this repository's GitOps tree into dist/ and prints a one-line summary.
  --schemas DIR  validate every object against the Kubernetes definitions (*.json) and CRDs (*.yaml)
                 found in DIR and its subfolders before writing (e.g. --schemas ../shared)
  --verbose      print stack traces of unexpected errors`;

/** `npm run synth`: writes this repository's tree into dist/ and prints a one-line summary. */
function main(argv: string[]): number {
  let values: { schemas?: string; verbose?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { schemas: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const schemas = values.schemas ? SchemaValidator.fromDirectory(path.resolve(values.schemas)) : undefined;
    const result = synth(defineRepo(), { schemas });
    console.log(summarize({ ...result, outdir: 'dist', terraform: result.terraform && { ...result.terraform, outdir: 'cdktf.out' } }) + (schemas ? ` (schema-valid against ${values.schemas})` : ''));
    return 0;
  } catch (e) {
    if (e instanceof SynthError) {
      console.error(e.message);
      return 2;
    }
    console.error(values.verbose ? (e as Error).stack : `gitops-synth: ${(e as Error).message} (run with --verbose for details)`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
