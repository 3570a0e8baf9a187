/**
 * The only module that imports the CDKTF core. CDKTF is archived upstream and continues as `cdktn`,
 * a drop-in rename: moving is a change of this import (and of the provider's package name).
 */
export { App, ref, S3Backend, TerraformIterator, TerraformStack, Testing, Token } from 'cdktf';
