/**
 * Terraform reads every string of a `.tf.json` file as a template: `${…}` interpolates and `%{…}` is a
 * directive, in object keys as in values. A string from the definitions (a secret's name, a branch, a
 * tag) reaches the JSON through these functions, so it stays the literal it is.
 *
 * @see https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping
 */

/** `s` as a literal in a Terraform template: `${` becomes `$${`, `%{` becomes `%%{`. */
export function escapeTerraform(s: string): string {
  return s.includes('{') ? s.replace(/([$%])\{/g, '$1$1{') : s;
}

/** The literal an {@link escapeTerraform}d string stands for. */
export function unescapeTerraform(s: string): string {
  return s.includes('{') ? s.replace(/([$%])\1\{/g, '$1{') : s;
}

/** Every key and string of plain JSON data, {@link escapeTerraform}d; other values as they are. */
export function escapeTerraformData<T>(value: T): T {
  if (typeof value === 'string') return escapeTerraform(value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeTerraformData(v)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeTerraform(k)] = escapeTerraformData(v);
    return out as T;
  }
  return value;
}
