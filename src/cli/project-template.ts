/** What {@link projectTemplate} fills in. */
export interface ProjectTemplateOptions {
  /** The npm package name of the new project. */
  readonly name: string;
  /** The Git URL Argo CD pulls the tree from. */
  readonly repoURL: string;
  /** The dependency range written for gitops-synth, e.g. `^1.2.0`. */
  readonly gitopsSynthRange: string;
  /** Version ranges of the project's development tools, by package name (typescript, jest, ts-jest, @types/jest, @types/node). */
  readonly devDependencies: Readonly<Record<string, string>>;
}

/** The development tools a new project's `npm test` needs: the type-checker and the snapshot test runner. */
export const TEMPLATE_DEV_DEPENDENCIES = ['@types/jest', '@types/node', 'jest', 'ts-jest', 'typescript'] as const;

/**
 * The files of a new GitOps project (path → content), as `gitops-synth init` writes them: the
 * definitions in TypeScript (one service in staging and production, with a secret), the releases data,
 * a snapshot test, the CI workflows and a README. Pure and deterministic.
 */
export function projectTemplate(options: ProjectTemplateOptions): ReadonlyMap<string, string> {
  return new Map([
    ['package.json', packageJson(options)],
    ['tsconfig.json', TSCONFIG],
    ['src/gitops.ts', definitions(options.repoURL)],
    ['releases.json', '{}\n'],
    ['test/gitops.test.ts', TEST],
    ['.gitignore', GITIGNORE],
    ['.github/workflows/pull-request.yml', PULL_REQUEST_WORKFLOW],
    ['.github/workflows/deploy-image.yml', DEPLOY_IMAGE_WORKFLOW],
    ['README.md', readme(options.name)],
  ]);
}

function packageJson(options: ProjectTemplateOptions): string {
  const manifest = {
    'name': options.name,
    'version': '0.0.0',
    'private': true,
    'description': 'Argo CD GitOps tree, synthesized from TypeScript by gitops-synth',
    'scripts': {
      synth: 'gitops-synth synth',
      check: 'gitops-synth synth --check',
      diff: 'gitops-synth diff',
      test: 'tsc && jest',
    },
    'gitops-synth': { definitions: 'src/gitops.ts' },
    'dependencies': { 'gitops-synth': options.gitopsSynthRange },
    'devDependencies': Object.fromEntries(TEMPLATE_DEV_DEPENDENCIES.map((name) => [name, options.devDependencies[name]])),
    'jest': {
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Transpile only: `tsc` type-checks everything once before jest runs.
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
    },
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "node16",
    "moduleResolution": "node16",
    "strict": true,
    "noUnusedLocals": true,
    "esModuleInterop": true,
    "resolveJsonModule": true,
    "skipLibCheck": true,
    "noEmit": true,
    "types": ["node", "jest"]
  },
  "include": ["src/**/*.ts", "test/**/*.ts"]
}
`;

function definitions(repoURL: string): string {
  return `import * as path from 'path';
import {
  awsSide, DefineRepo, EnvValue, externalSecretsOperator, GitOpsRepo, Probe, Releases, SecretRef, SyncPolicy,
} from 'gitops-synth';

/**
 * The GitOps repository: environments, services and what they need. \`npm run synth\` writes it to dist/
 * (and the AWS side's Terraform JSON to cdktf.out/); commit both.
 */
export const defineRepo: DefineRepo = ({ rootDir, releases }) => {
  const repo = new GitOpsRepo({
    repoURL: ${JSON.stringify(repoURL)},
    // The tree is committed to this repository, in dist/: Argo CD's paths start there.
    outdir: path.join(rootDir, 'dist'),
    pathInRepo: 'dist',
    // Image tags are data: CI records them with \`gitops-synth set-image\`, never in TypeScript.
    releases: releases ?? Releases.fromFile(path.join(rootDir, 'releases.json'), 'releases.json'),
  });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated({ prune: true, selfHeal: true }) });
  const production = repo.addEnvironment('production', { sync: SyncPolicy.manual() });

  // The AWS account and EKS cluster: replace the account, region and OIDC issuer with yours.
  const aws = repo.add(awsSide({
    accountId: '123456789012',
    region: 'eu-west-1',
    clusterOidcIssuer: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
  }));
  // Secrets come from AWS Secrets Manager through External Secrets Operator: no secret value is in Git.
  repo.add(externalSecretsOperator({
    region: aws.region,
    roleArn: aws.externalSecretsRoleArn,
    namespace: aws.externalSecretsNamespace,
    serviceAccountName: aws.externalSecretsServiceAccount,
  }));

  const web = repo.addService('web', {
    image: \`\${aws.accountId}.dkr.ecr.\${aws.region}.amazonaws.com/web\`,
    port: 8080,
    readiness: Probe.fromHttpGet('/healthz'),
    resources: { cpu: '100m', memory: '128Mi' },
  });
  web.addOverlay(staging, {
    replicas: 1,
    env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('staging/web/db', 'password')) },
  });
  web.addOverlay(production, {
    replicas: 2,
    resources: { cpu: '250m', memory: '256Mi' },
    env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('production/web/db', 'password')) },
  });
  return repo;
};
`;
}

const TEST = `import * as path from 'path';
import { Releases, Testing } from 'gitops-synth';
import { defineRepo } from '../src/gitops';

const rootDir = path.join(__dirname, '..');
// Fixed image tags: the snapshot reviews the definitions, while releases.json changes with every deployment.
const releases = Releases.fromData({ web: { staging: 'sha-0000000', production: 'sha-0000000' } }, 'test releases');

describe('the GitOps tree', () => {
  // Every check runs here too: a definition the synth would refuse fails this test with the same report.
  const tree = Testing.synth(defineRepo({ rootDir, releases }));

  test('matches the snapshot: the review of every change to the cluster', () => {
    expect(tree).toMatchSnapshot();
  });

  test('web is deployed to staging and production, each through its own Application', () => {
    expect(Object.keys(tree)).toEqual(expect.arrayContaining([
      'apps/web/overlays/staging/kustomization.yaml',
      'apps/web/overlays/production/kustomization.yaml',
      'argocd/applications/web-staging.yaml',
      'argocd/applications/web-production.yaml',
    ]));
  });
});
`;

const GITIGNORE = `node_modules/
coverage/
# The lock of a run in progress, and the files of a lock being taken over.
.gitops-synth.lock
.gitops-synth.lock.*
# A write in progress (or interrupted) stages its files there; never commit it.
.gitops-synth-txn/
# Terraform's working files; the Terraform JSON in cdktf.out/ is committed.
cdktf.out/**/.terraform/
cdktf.out/**/*.tfstate
cdktf.out/**/*.tfstate.*
cdktf.out/**/*.tfplan
`;

const PULL_REQUEST_WORKFLOW = `# Every pull request: type-check and tests, the drift gate, and what the change does to the cluster.
# No cluster access here: Argo CD applies what is merged. The job only reads: the diff goes to the
# run's summary page, so pull requests from forks get it too.
name: pull-request
on:
  pull_request:
    branches: [main]
# Nothing by default; the job asks for what it needs.
permissions: {}
concurrency:
  # One run per pull request: a new push cancels the run of the previous one.
  group: pull-request-\${{ github.event.pull_request.number }}
  cancel-in-progress: true
jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          # Full history: synth --check uses it to tell a hand-edited file from a stale one.
          fetch-depth: 0
          persist-credentials: false
      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0
        with:
          node-version: 24
          cache: npm
      - run: npm ci
      - run: npm test
      # The gate: exit 1 when dist/ or cdktf.out/ differs from what the definitions produce.
      - run: npx gitops-synth synth --check
      # What this change does, per service and environment, on the run's summary page.
      - name: Tree diff
        env:
          BASE_REF: \${{ github.base_ref }}
        run: npx gitops-synth diff --base "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"
`;

const DEPLOY_IMAGE_WORKFLOW = `# The image job's last step: after a service's CI has built, scanned and pushed its image tagged with
# the commit SHA, record the tag here. Argo CD does the rest; this job never talks to a cluster.
# Triggered by hand or by the service's pipeline:
#   gh workflow run deploy-image.yml -f service=web -f environment=staging -f tag=sha-4f2a9c1
#   or a repository_dispatch of type deploy-image with client_payload {service, environment, tag}.
name: deploy-image
run-name: deploy-image \${{ inputs.service || github.event.client_payload.service }} \${{ inputs.environment || github.event.client_payload.environment }} \${{ inputs.tag || github.event.client_payload.tag }}
on:
  workflow_dispatch:
    inputs:
      service:
        description: Service name, e.g. web
        required: true
        type: string
      environment:
        description: Environment, e.g. staging
        required: true
        default: staging
        type: string
      tag:
        description: Immutable image tag (e.g. sha-4f2a9c1) or sha256 digest
        required: true
        type: string
  repository_dispatch:
    types: [deploy-image]
# Nothing by default; the job asks for what it needs.
permissions: {}
# One run at a time per service and environment, in the order they were triggered; different services
# and environments run side by side and meet only at the push (the retry loop below handles that).
# GitHub keeps at most one pending run per group: when two updates of the same service and environment
# arrive while a third runs, the older pending one is cancelled and the newer tag wins. The cancelled
# tag would have been overwritten at once anyway; "newer" is the order of the triggers, not of the builds.
# The tag is not part of the group on purpose: runs for two tags would then race, and the older tag
# could be pushed last.
concurrency:
  group: deploy-image-\${{ inputs.service || github.event.client_payload.service }}-\${{ inputs.environment || github.event.client_payload.environment }}
  cancel-in-progress: false
jobs:
  set-image:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    permissions:
      # Push the commit that records the tag.
      contents: write
    env:
      # Inputs reach the scripts only as environment variables, never spliced into them.
      SERVICE: \${{ inputs.service || github.event.client_payload.service }}
      ENVIRONMENT: \${{ inputs.environment || github.event.client_payload.environment }}
      TAG: \${{ inputs.tag || github.event.client_payload.tag }}
    steps:
      # Before anything runs with the token: names are DNS-1123 labels, the tag an OCI tag or a digest
      # (set-image checks again, and refuses moving tags such as latest).
      - name: Validate the inputs
        env:
          LC_ALL: C
        run: |
          label='^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'
          tag='^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$'
          [[ "$SERVICE" =~ $label ]] || { echo "::error::service is not a DNS-1123 label (lowercase letters, digits and -, at most 63)"; exit 1; }
          [[ "$ENVIRONMENT" =~ $label ]] || { echo "::error::environment is not a DNS-1123 label (lowercase letters, digits and -, at most 63)"; exit 1; }
          [[ "$TAG" =~ $tag ]] || { echo "::error::tag is not an image tag (letters, digits, _ . -, at most 128) or a sha256: digest"; exit 1; }
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0
        with:
          node-version: 24
          # No dependency cache in a job that can push: a poisoned cache would run with the write token.
          package-manager-cache: false
      - run: npm ci
      - name: Record the image tag
        # set-image is idempotent, so when another commit landed first the step starts again from
        # the new tip instead of rebasing generated files.
        run: |
          git config user.name "gitops-synth"
          git config user.email "gitops-synth@users.noreply.github.com"
          for attempt in 1 2 3 4 5; do
            git fetch --quiet origin "$GITHUB_REF_NAME"
            git reset --quiet --hard "origin/$GITHUB_REF_NAME"
            npx gitops-synth set-image "$SERVICE" "$ENVIRONMENT" "$TAG"
            git add releases.json dist/ cdktf.out/
            if git diff --cached --quiet; then echo "already at $TAG"; exit 0; fi
            git commit --quiet -m "$SERVICE $ENVIRONMENT: deploy $TAG"
            git push --quiet origin "HEAD:$GITHUB_REF_NAME" && exit 0
            sleep $((attempt * 2 + RANDOM % 3))
          done
          echo "::error::could not push after 5 attempts"
          exit 1
`;

function readme(name: string): string {
  return `# ${name}

The Argo CD GitOps tree of our services, synthesized from TypeScript by
[gitops-synth](https://www.npmjs.com/package/gitops-synth). Do not edit \`dist/\` or \`cdktf.out/\` by hand:
change \`src/gitops.ts\` (or \`releases.json\` through \`gitops-synth set-image\`) and run the synth.

| Command | What it does |
| --- | --- |
| \`npm run synth\` | writes the tree into \`dist/\` and the AWS side into \`cdktf.out/\` |
| \`npm test\` | type-checks the definitions and compares the tree with the snapshot |
| \`npm run check\` | exit 1 when the committed tree differs from the definitions (the CI gate) |
| \`npx gitops-synth set-image web staging sha-4f2a9c1\` | deploys an image tag to one environment |
| \`npm run diff -- --base origin/main\` | what a change does, per service and environment |

A service's environment without an image tag in \`releases.json\` is not deployed yet: it gets no
Argo CD Application until \`set-image\` gives it a tag. Staging syncs automatically; production waits
for a manual sync in Argo CD.

After a deliberate change, review the tree and update the snapshot: \`npx jest -u\`, then commit
\`test/__snapshots__/\`.
`;
}
