import * as path from 'path';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { AwsSide, splitImage } from './aws-side';
import { App, S3Backend, TerraformStack } from './cdktf';
import { irsaTrustPolicy, secretsReadPolicy, untaggedExpiryLifecyclePolicy } from './iam-policies';
import type { GitOpsRepo } from '../repo/gitops-repo';

/** The Terraform JSON of a stack: what `cdk.tf.json` holds. */
export type TerraformJson = Record<string, unknown>;

/** A service's ECR repository as the stack creates it. */
export interface PlannedRepository {
  /** Repository name. */
  readonly name: string;
  /** Services pushing to it. */
  readonly services: readonly string[];
}

/** A Secrets Manager secret as the stack creates it. */
export interface PlannedSecret {
  /** The secret's name (the ExternalSecrets' remote key). */
  readonly name: string;
  /** Who reads it: `api-service (production)`, `api-service (all environments)`. */
  readonly consumers: readonly string[];
}

/** The ECR repositories the stack creates, by name, sorted: one per image of a service not marked external. */
export function plannedRepositories(repo: GitOpsRepo, side: AwsSide): PlannedRepository[] {
  const byName = new Map<string, string[]>();
  for (const service of repo.services) {
    if (service.props.externalImage) continue;
    const image = splitImage(service.image);
    // An image elsewhere still gets its repository here; the cross-plane check reports the mismatch.
    const name = image.registry === side.ecrRegistry ? image.repository : service.name;
    byName.set(name, [...(byName.get(name) ?? []), service.name]);
  }
  return [...byName.entries()].sort(([a], [b]) => compare(a, b)).map(([name, services]) => ({ name, services }));
}

/** The Secrets Manager secrets the stack creates, sorted: one per distinct key any ExternalSecret reads. */
export function plannedSecrets(repo: GitOpsRepo): PlannedSecret[] {
  const byKey = new Map<string, Set<string>>();
  for (const service of repo.services) {
    for (const es of service.externalSecrets) {
      for (const ref of es.refs) {
        if (ref.backend !== 'aws-secrets-manager') continue;
        const consumer = `${es.consumer.service} (${es.consumer.environment ?? 'all environments'})`;
        byKey.set(ref.key, (byKey.get(ref.key) ?? new Set()).add(consumer));
      }
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => compare(a, b)).map(([name, consumers]) => ({ name, consumers: [...consumers].sort() }));
}

/**
 * Builds the CDKTF stack of the AWS side: per service an ECR repository (immutable tags, scan on
 * push, untagged images expire), per referenced key a Secrets Manager secret without a value, and
 * the IAM role External Secrets Operator assumes through IRSA, allowed to read exactly those secrets.
 */
export function buildAwsStack(repo: GitOpsRepo, side: AwsSide): TerraformStack {
  const app = new App({ outdir: side.outdir ?? 'cdktf.out', skipValidation: true, stackTraces: false });
  const stack = new TerraformStack(app, side.stackName);
  if (side.s3Backend) {
    new S3Backend(stack, { ...side.s3Backend, region: side.s3Backend.region ?? side.region, encrypt: true });
  }
  new AwsProvider(stack, 'aws', {
    region: side.region,
    allowedAccountIds: [side.accountId],
    defaultTags: [{ tags: { 'managed-by': 'gitops-synth' } }],
  });
  const ids = new TerraformIds();
  for (const planned of plannedRepositories(repo, side)) {
    const id = ids.allocate(`ecr_${planned.name}`);
    const ecr = new EcrRepository(stack, id, {
      name: planned.name,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    new EcrLifecyclePolicy(stack, `${id}_lifecycle`, {
      repository: ecr.name,
      policy: JSON.stringify(untaggedExpiryLifecyclePolicy(side.untaggedImageExpiryDays)),
    });
  }
  const secretArns: string[] = [];
  for (const planned of plannedSecrets(repo)) {
    const secret = new SecretsmanagerSecret(stack, ids.allocate(`secret_${planned.name}`), {
      name: planned.name,
      description: `Read by ${planned.consumers.join(', ')} through External Secrets Operator; the value is set out of band, never in Git`,
      kmsKeyId: side.kmsKeyArn,
    });
    secretArns.push(secret.arn);
  }
  const role = new IamRole(stack, 'external_secrets_role', {
    name: side.externalSecretsRoleName,
    description: `Assumed by External Secrets Operator (${side.externalSecretsNamespace}/${side.externalSecretsServiceAccount}) through IRSA`,
    assumeRolePolicy: JSON.stringify(irsaTrustPolicy(
      side.oidcProviderArn, side.clusterOidcIssuer, side.externalSecretsNamespace, side.externalSecretsServiceAccount)),
  });
  if (secretArns.length > 0) {
    new IamRolePolicy(stack, 'external_secrets_read', {
      name: 'read-referenced-secrets',
      role: role.id,
      policy: JSON.stringify(secretsReadPolicy(secretArns, side.kmsKeyArn, side.region)),
    });
  }
  return stack;
}

/** The Terraform JSON of an AWS side. */
export interface RenderedTerraform {
  readonly side: AwsSide;
  readonly json: TerraformJson;
}

const rendered = new WeakMap<object, RenderedTerraform | undefined>();

/**
 * The Terraform JSON of the repository's AWS side, or `undefined` when it has none. Pure: no I/O.
 *
 * @param once an object that lives as long as one synth (its rendered files): the checks and the
 *   writer of that synth then share one build of the stack, the largest cost of a synth with an AWS side
 */
export function renderTerraform(repo: GitOpsRepo, once?: object): RenderedTerraform | undefined {
  if (once && rendered.has(once)) return rendered.get(once);
  const side = AwsSide.of(repo);
  const result = side && { side, json: withoutTokenStackTraces(() => buildAwsStack(repo, side).toTerraform() as TerraformJson) };
  if (once) rendered.set(once, result);
  return result;
}

/**
 * Runs `fn` with stack traces that cost nothing to format. CDKTF records the full creation stack of
 * every token, only to quote it in an error about that token; for thousands of resources that is a
 * third of the stack's build time (measured).
 */
function withoutTokenStackTraces<T>(fn: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => '';
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/**
 * The folder the Terraform JSON is written to, and the file's path inside it.
 *
 * @param treeOutdir the GitOps tree's output folder; `cdktf.out` goes next to it unless the AWS side names a folder
 */
export function terraformOutput(treeOutdir: string, side: AwsSide): { outdir: string; file: string } {
  return {
    outdir: side.outdir ?? path.join(path.dirname(treeOutdir), 'cdktf.out'),
    file: `stacks/${side.stackName}/cdk.tf.json`,
  };
}

/** Terraform resource ids from free-form names: letters, digits, `_` and `-`, unique within a stack. */
class TerraformIds {
  private readonly used = new Set<string>();

  public allocate(name: string): string {
    const base = name.replace(/[^A-Za-z0-9_-]/g, '_');
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}_${i}`;
    this.used.add(id);
    return id;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
