import { closest, distance } from 'fastest-levenshtein';
import { Check } from './check';
import { Problem } from '../core/problem';
import { ExternalSecret } from '../secrets/external-secret';
import { EnvValue } from '../workload/env-value';

/**
 * The name AWS Secrets Manager accepts for a secret: letters, digits and `/_+=.@-`, at most 512
 * characters.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 */
const AWS_SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/**
 * Secrets are wired end to end: every `EnvValue.fromSecretKey(name, key)` names a Secret an
 * ExternalSecret of the service creates where the container runs (the base's for every environment,
 * an overlay's for its own) and, when that ExternalSecret lists its keys, one of them — unless the
 * definition says what else creates it (`createdBy`); and every AWS Secrets Manager name read is one
 * AWS accepts, so nothing like `${…}` reaches the Terraform stack.
 */
export const checkSecretReferences: Check = ({ index }) => {
  const problems: Problem[] = [];
  for (const service of index.services) {
    const subject = service.subject;
    const secrets = index.externalSecretsOf(service);
    const base = secrets.filter((es) => es.consumer.environment === undefined);
    // Each environment's ExternalSecrets, listed once per service rather than once per env var.
    const environments = new Map<string, ExternalSecret[]>();
    const byEnvironment = (environment: string) => {
      let list = environments.get(environment);
      if (!list) environments.set(environment, list = secrets.filter((es) => es.consumer.environment === environment));
      return list;
    };
    const reference = (field: string, value: EnvValue, visible: readonly ExternalSecret[], where: string) => {
      const ref = value.secretKeyRef!;
      const found = visible.find((es) => es.name === ref.name);
      if (!found) {
        const names = [...new Set(visible.map((es) => es.name))].sort();
        const suggestion = names.length > 0 ? closest(ref.name, names) : undefined;
        const near = suggestion !== undefined && distance(ref.name, suggestion) <= Math.max(2, Math.floor(ref.name.length / 4));
        problems.push({
          subject,
          field,
          value: JSON.stringify(ref.name),
          message: `reads Secret "${ref.name}", which no ExternalSecret of ${subject} creates ${where} (ExternalSecrets: ${names.join(', ') || 'none'}); the pods would fail to start`,
          hint: `${near ? `did you mean "${suggestion}"? ` : ''}name a Secret of service.addExternalSecret(…) (its .name), or say what else creates it: EnvValue.fromSecretKey('${ref.name}', '${ref.key}', { createdBy: '…' })`,
        });
        return;
      }
      if (found.extract.length === 0 && !found.data.some((d) => d.secretKey === ref.key)) {
        const keys = found.data.map((d) => d.secretKey).sort();
        problems.push({
          subject,
          field,
          value: JSON.stringify(ref.key),
          message: `is not a key of Secret "${found.name}", whose ExternalSecret copies only ${keys.join(', ')}; the pods would fail to start`,
          hint: `use one of ${keys.join(', ')}, or add the key to the ExternalSecret's data`,
        });
      }
    };
    const overlays = service.overlays;
    // What the base's variables see, found at the first that reads a Secret key.
    let visibleEverywhere: ExternalSecret[] | undefined;
    // The definitions' env maps as `service.env` and `overlay.env` list them: a plain string is a literal.
    for (const [name, value] of Object.entries(service.props.env ?? {})) {
      if (!readsSecretKey(value)) continue;
      // A base variable runs in every environment: its Secret comes from the base or from every overlay.
      visibleEverywhere ??= [...base, ...(overlays.length > 0
        ? byEnvironment(overlays[0].environmentName)
          .filter((es) => overlays.every((o) => byEnvironment(o.environmentName).some((other) => other.name === es.name)))
        : [])];
      reference(`env.${name}`, value, visibleEverywhere, 'in the base (nor every overlay)');
    }
    for (const overlay of overlays) {
      const environment = overlay.environmentName;
      for (const [name, value] of Object.entries(overlay.options.env ?? {})) {
        if (!readsSecretKey(value)) continue;
        reference(`overlays.${environment}.env.${name}`, value, [...base, ...byEnvironment(environment)], `in the base or overlay ${environment}`);
      }
    }
    const reported = new Set<string>();
    for (const es of secrets) {
      for (const ref of es.refs) {
        if (ref.backend !== 'aws-secrets-manager' || AWS_SECRET_NAME.test(ref.key) || reported.has(ref.key)) continue;
        reported.add(ref.key);
        const where = es.consumer.environment ? `overlays.${es.consumer.environment}` : 'base';
        problems.push({
          subject,
          field: `${where} ExternalSecret ${es.name}`,
          value: JSON.stringify(ref.key),
          message: `is not an AWS Secrets Manager secret name: ${ref.key.length > 512 ? `${ref.key.length} characters, at most 512` : 'only letters, digits and / _ + = . @ - are allowed'}`,
          hint: "name the secret like 'prod/api-service/db' (no spaces, no ${…} placeholders)",
        });
      }
    }
  }
  return problems;
};

/** Whether an env value reads a key of a Secret that no definition says something else creates. */
function readsSecretKey(value: unknown): value is EnvValue {
  return value instanceof EnvValue && value.secretKeyRef !== undefined && (value.secretCreatedBy ?? '').trim() === '';
}
