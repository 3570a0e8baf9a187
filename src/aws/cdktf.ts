import { DISABLE_STACK_TRACE_IN_METADATA } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The only module that imports the CDKTF core. CDKTF is archived upstream and continues as `cdktn`,
 * a drop-in rename: moving is a change of this import (and of the provider's package name).
 */
export { App, ref, S3Backend, TerraformIterator, TerraformStack, Testing, Token } from 'cdktf';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDKTF_VERSION = (require('cdktf/package.json') as { version: string }).version;

/**
 * A root for stacks that are only turned into JSON (`TerraformStack.toTerraform()`), never synthesized
 * by CDKTF. An `App` creates its output folder and `stacks/` in it as soon as it is constructed (even
 * with nothing to write), so `synth --check` and `diff` would leave an empty `cdktf.out/stacks/`
 * wherever they run. This root carries the context an `App` gives its stacks instead: the CDKTF
 * version (written into `cdk.tf.json`'s metadata) and no creation stack traces in the metadata.
 */
export function inMemoryApp(): Construct {
  // A construct without scope is a root, as `App` itself is.
  const root = new Construct(undefined as unknown as Construct, '');
  root.node.setContext('cdktfVersion', CDKTF_VERSION);
  root.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
  return root;
}
