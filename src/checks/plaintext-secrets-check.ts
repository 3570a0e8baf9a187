import { Check } from './check';
import { renderedObjectsOf } from './rendered-objects';
import { Problem } from '../core/problem';
import { EnvInput } from '../workload/env-value';

/**
 * Words in an env var name that mark a credential. Matched on the name's `_`/`-` separated words,
 * so `DB_PASSWORD` and `GITHUB_TOKEN` match while `TOKENIZER_MODEL` does not.
 */
const CREDENTIAL_WORDS = ['PASSWORD', 'PASSWD', 'PWD', 'PASSPHRASE', 'SECRET', 'SECRETS', 'TOKEN', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY'];
/** Two-word credential names (`API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, `CLIENT_SECRET` is covered above). */
const CREDENTIAL_PAIRS = [['API', 'KEY'], ['PRIVATE', 'KEY'], ['ACCESS', 'KEY'], ['SIGNING', 'KEY'], ['ENCRYPTION', 'KEY']];

const credentialNames = new Map<string, boolean>();

/** Whether an env var name looks like it holds a credential (PASSWORD, TOKEN, SECRET, API_KEY, …). */
export function looksLikeCredential(name: string): boolean {
  // The same few names recur in every service and environment.
  let answer = credentialNames.get(name);
  if (answer === undefined) {
    answer = splitsIntoCredentialWords(name);
    if (credentialNames.size < 10_000) credentialNames.set(name, answer);
  }
  return answer;
}

function splitsIntoCredentialWords(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  if (words.some((w) => CREDENTIAL_WORDS.includes(w))) return true;
  return words.some((w, i) => CREDENTIAL_PAIRS.some(([a, b]) => w === a && words[i + 1] === b));
}

/**
 * Nothing plaintext reaches Git: no `Secret` object with `data` or `stringData` anywhere in the tree,
 * and no literal env value whose name looks like a credential (unless the definition says why it is
 * not a secret with `EnvValue.fromValue(value, { notSecretBecause })`). Values are never echoed.
 */
export const checkPlaintextSecrets: Check = (ctx) => {
  const problems: Problem[] = [];
  for (const { file, obj } of renderedObjectsOf(ctx).secrets) {
    const fields = (['data', 'stringData'] as const).filter((f) => {
      const v = obj[f];
      return typeof v === 'object' && v !== null && Object.keys(v).length > 0;
    });
    for (const field of fields) {
      problems.push({
        subject: file.source,
        field: `${file.path} Secret/${obj.metadata?.name ?? '?'} ${field}`,
        message: `holds secret values (${Object.keys(obj[field] as object).sort().join(', ')}) that would be written to Git in plain text`,
        hint: 'store the values in AWS Secrets Manager and read them with an ExternalSecret (EnvValue.fromSecret(SecretRef.fromAwsSecretsManager(...)) or service.addExternalSecret(...))',
      });
    }
  }
  for (const service of ctx.index.services) {
    const literalProblem = (field: string, name: string, value: EnvInput, environment?: string) => {
      // A plain string is a literal value with no reason given (what `EnvValue.fromValue` makes of it).
      const literal = typeof value === 'string' ? value : value.literal;
      if (literal === undefined || (typeof value !== 'string' && value.notSecretBecause) || !looksLikeCredential(name)) return;
      const key = `${environment ?? '<environment>'}/${service.name}/${name.toLowerCase().replace(/_/g, '-')}`;
      const fromSecret = `${name}: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('${key}'))`;
      problems.push({
        subject: `service ${service.name}`,
        field,
        message: `is a literal value and "${name}" looks like a credential; it would be written to Git in plain text`,
        hint: `${environment ? `use ${fromSecret}` : `set it per environment with addOverlay(environment, { env: { ${fromSecret} } })`} with the value in AWS Secrets Manager, or, if it is not a secret, EnvValue.fromValue(value, { notSecretBecause: '…' })`,
      });
    };
    for (const [name, value] of envEntries(service.props.env)) literalProblem(`env.${name}`, name, value);
    for (const overlay of service.overlays) {
      for (const [name, value] of envEntries(overlay.options.env)) literalProblem(`overlays.${overlay.environment.name}.env.${name}`, name, value, overlay.environment.name);
    }
  }
  return problems;
};

/** The entries of a definition's env map as `service.env` and `overlay.env` list them, strings not converted. */
function envEntries(env: Readonly<Record<string, EnvInput>> | undefined): Array<[string, EnvInput]> {
  return Object.entries(env ?? {});
}
