import { javascript, JsonFile, TaskShell, typescript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { TsJestTsconfig } from 'projen/lib/typescript';

const PACKAGE_NAME = 'gitops-synth';
/** The packages of the packaged schemas (optional peer dependencies). */
const SCHEMA_PACKAGES = ['kubernetes-models@^5.1.0', '@kubernetes-models/argo-cd@^4.0.0', '@kubernetes-models/external-secrets@^2.0.0', '@kubernetes-models/cert-manager@^6.0.0', '@kubernetes-models/gateway-api@^2.0.0'];
/** Folders of src/ that belong to this repository, not to the package. */
const REPOSITORY_ONLY = ['node_modules', 'src/apps/**', 'src/bench/**'];

/** ECMAScript-only packages of the tests (@actions/workflow-parser and what it imports), compiled for jest. */
const ESM_ONLY_TEST_DEPS = ['workflow-parser', 'expressions'];

const project = new typescript.TypeScriptProject({
  name: PACKAGE_NAME,
  description: 'Typed Argo CD GitOps trees (kustomize bases, overlays, External Secrets, Applications) from TypeScript on cdk8s.',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',
  sampleCode: false,
  package: false,
  release: false,
  github: false,
  depsUpgrade: false,
  licensed: true,
  artifactsDirectory: 'build/artifacts',
  deps: [
    'cdk8s@^2.70.106',
    'cdk8s-plus-28@^2.5.6',
    'constructs@^10.8.1',
    'cdktf@^0.21.0',
    '@cdktf/provider-aws@^21.22.1',
    'js-yaml@^5.5.0',
    'ajv@^8.20.0',
    'diff@^9.0.0',
    'commander@^14.0.3',
    'jiti@^2.7.0',
    'fastest-levenshtein@^1.0.16',
  ],
  // Schemas for validation without a cluster's own files (`synth --schemas`): compiled validators of the
  // Kubernetes API, the Argo CD, External Secrets and cert-manager CRDs and the Gateway API. Optional peers: ~33 MB and
  // ES modules for Node 22, so a project installs them only when it validates this way.
  peerDeps: SCHEMA_PACKAGES,
  devDeps: ['cdk8s-cli', 'fast-check', 'yaml', '@actions/workflow-parser'],
  tsconfig: {
    compilerOptions: {
      rootDir: '.',
      resolveJsonModule: true,
      esModuleInterop: true,
      skipLibCheck: true,
      // Inline sources tripled the size of the compiled CRD bindings (8 MB for Argo CD's alone) in the
      // package and in every start-up; stack traces name the compiled files instead.
      inlineSourceMap: false,
      inlineSources: false,
      // This repository's definitions, benchmark and tests import the library by name, as a team's
      // project does; type-checking resolves the name to the sources.
      paths: { [PACKAGE_NAME]: ['./src/index.ts'] },
    },
    include: ['imports/**/*.ts'],
    // The library's build: this repository's own definitions and benchmark are not part of the package.
    exclude: REPOSITORY_ONLY,
  },
  tsconfigDev: {
    // The test task type-checks the tests with `tsc --build test/tsconfig.json`, which skips the work
    // when nothing changed; build mode needs outputs to compare with, so it emits, into build/. It
    // compares only the timestamps of the files `include` names, so every source file is named: a
    // library file only imported would not make the benchmark's compiled copy rebuild after an edit.
    compilerOptions: { noEmit: false, outDir: '../build/tsc-test' },
    include: ['imports/**/*.ts', '../src/**/*.ts'],
  },
  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      // Coverage instrumentation doubles test time on the generated CRD bindings.
      collectCoverage: false,
      testTimeout: 60_000,
      // Jest's default (cores - 1) runs every file in one process on a 2-core machine.
      maxWorkers: '100%',
      moduleNameMapper: {
        [`^${PACKAGE_NAME}$`]: '<rootDir>/src/index.ts',
        // The workflow tests' parser ships ECMAScript modules only (exports with an `import` condition and
        // JSON imported without attributes, which Node refuses): jest loads them compiled to CommonJS.
        [`^@actions/(${ESM_ONLY_TEST_DEPS.join('|')})$`]: '<rootDir>/node_modules/@actions/$1/dist/index.js',
        [`^@actions/(${ESM_ONLY_TEST_DEPS.join('|')})/(.*)$`]: '<rootDir>/node_modules/@actions/$1/dist/$2.js',
      },
      transform: {
        [`/node_modules/@actions/(${ESM_ONLY_TEST_DEPS.join('|')})/.+\\.js$`]: new javascript.Transform('ts-jest', {
          tsconfig: TsJestTsconfig.custom({ allowJs: true, isolatedModules: true }),
        }),
      },
      transformIgnorePatterns: [`/node_modules/(?!@actions/(${ESM_ONLY_TEST_DEPS.join('|')})/)`],
    },
  },
  tsJestOptions: {
    // Transpile only: type-checking in ts-jest builds a language service in every worker and costs
    // ~0.6 s per test file; tsc type-checks the tests once before jest runs (see the test task).
    transformOptions: { tsconfig: TsJestTsconfig.custom({ isolatedModules: true }) },
  },
  eslintOptions: {
    dirs: ['src'],
    ignorePatterns: ['imports/', 'lib/', 'dist/', 'node_modules/', '*.d.ts', '*.js'],
  },
  // cdktf.out/ (the Terraform JSON) is committed like dist/; Terraform's working files are not.
  gitignore: ['/cdktf.out/.terraform/', '/cdktf.out/**/.terraform/', '/cdktf.out/**/*.tfstate', '/cdktf.out/**/*.tfstate.*', '/cdktf.out/**/*.tfplan', '/build/', '/.gitops-synth.lock', '/.gitops-synth.lock.*', '.gitops-synth-txn/'],
  bin: { 'gitops-synth': 'lib/src/cli/main.js' },
  entrypoint: 'lib/src/index.js',
  entrypointTypes: 'lib/src/index.d.ts',
});

// Import by name: one CommonJS build serves `require` and `import` (Node reads its named exports), so
// a program never holds two copies of the constructs.
project.package.addField('exports', {
  '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' },
  './package.json': './package.json',
});
// The tarball: the library, the CLI and the CRD bindings they load; nothing of this repository.
project.package.addField('files', [
  'lib/src/**/*.js',
  'lib/src/**/*.d.ts',
  'lib/imports/**/*.js',
  'lib/imports/**/*.d.ts',
  '!lib/src/apps/**',
  '!lib/src/bench/**',
]);
project.package.addField('peerDependenciesMeta', Object.fromEntries(SCHEMA_PACKAGES.map((p) => [p.slice(0, p.lastIndexOf('@')), { optional: true }])));
// This repository's own GitOps definitions, found by the CLI as a team's project finds its own.
project.package.addField(PACKAGE_NAME, { definitions: 'src/apps/index.ts' });

// The definitions and the benchmark are type-checked with the tests, and linted with a config of their own
// (the library's excludes them).
for (const dir of ['src/apps', 'src/bench']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    allowComments: true,
    obj: { extends: '../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['*.ts'], exclude: [] },
  });
}

// The provider's root module loads every AWS resource (~1.4 s, ~490 MiB): deep imports only.
project.eslint?.addRules({
  'no-restricted-imports': ['error', {
    paths: [{ name: '@cdktf/provider-aws', message: "Import the resource's module, e.g. '@cdktf/provider-aws/lib/ecr-repository'." }],
  }],
});

// The library's layers, lowest first: a folder imports only the folders before it, type-only imports
// included (test/architecture/layers.test.ts holds the same list and also refuses file cycles).
const LAYERS = ['core', 'context', 'kustomize', 'policy', 'argocd', 'secrets', 'infrastructure', 'workload',
  'repo', 'aws', 'build', 'checks', 'schema', 'output', 'synth', 'cli'];
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: LAYERS.slice(0, -1).map((layer, i) => ({
      target: `./src/${layer}`,
      from: LAYERS.slice(i + 1).map((above) => `./src/${above}`),
      message: `${layer}/ is below them: move the shared concept down, or pass it in through a narrow interface`,
    })),
  }],
  'import/no-cycle': 'error',
});

// The bin must be executable for `npx gitops-synth` (tsc writes files without the x bit).
const MAKE_BIN_EXECUTABLE = 'node -e "require(\'fs\').chmodSync(\'lib/src/cli/main.js\', 0o755)"';
project.postCompileTask.exec(MAKE_BIN_EXECUTABLE);
// lib/ is not committed: compile on install so `npx gitops-synth …` works right after `npm ci`.
project.package.setScript('prepare', `tsc --build && ${MAKE_BIN_EXECUTABLE}`);

// The synthesized GitOps tree is the product: it is committed and reviewed.
project.gitignore.include('/dist/');

// CRD bindings come from the CRD files of the versions we target; CRDS_DIR may point at a cluster's own.
project.addTask('import', {
  description: 'Generate typed bindings in imports/ from the Argo CD, ESO and cert-manager CRDs (CRDS_DIR, default ../shared/crds)',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
  shell: TaskShell.bash(),
  steps: [
    { exec: 'rm -rf build/crds && mkdir -p build/crds' },
    ...[
      ['argoproj.io', 'argocd-*.yaml'],
      ['external-secrets.io', 'eso-*.yaml'],
      ['cert-manager.io', 'cert-manager-*.yaml'],
    ].flatMap(([group, glob]) => [
      // One multi-document file per API group: importing same-group CRDs one by one overwrites the module.
      { exec: `awk 'FNR==1 && NR!=1 {print "---"} {print}' "\${CRDS_DIR:-../shared/crds}"/${glob} > build/crds/${group}.yaml` },
      { exec: `cdk8s import build/crds/${group}.yaml --output imports --language typescript --no-check-upgrade` },
    ]),
  ],
});

// Tests run the compiled entry points too, so the test task compiles first; then tsc type-checks the
// tests (jest only transpiles them).
project.testTask.prependExec('tsc --build test/tsconfig.json');
project.testTask.prependSpawn(project.compileTask);

// The CI gate lints without fixing: `test` runs eslint with --fix, which would rewrite a lint error
// instead of failing on it.
const lint = project.addTask('lint', {
  description: 'eslint without --fix: fails on any lint error (the CI gate)',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
});
lint.exec('eslint --ext .ts,.tsx --no-error-on-unmatched-pattern src test build-tools projenrc .projenrc.ts');

const synth = project.addTask('synth', {
  description: 'Synthesize the GitOps tree into dist/',
  receiveArgs: true,
});
synth.spawn(project.compileTask);
synth.exec('node lib/src/cli/main.js synth', { receiveArgs: true });

// Not part of `test`: it takes minutes and its figures depend on the machine.
const bench = project.addTask('bench', {
  description: 'Benchmark synth against the I/O floor and plain cdk8s (npm run bench -- --services 100,1000 --runs 5)',
  receiveArgs: true,
});
// The benchmark is built with the tests (the library's build excludes it).
bench.exec('tsc --build test/tsconfig.json');
bench.exec('node build/tsc-test/src/bench/main.js', { receiveArgs: true });

// The command line as a team meets it: edit-then-synth here, and the image job in a fresh project.
const benchCli = project.addTask('bench:cli', {
  description: 'Benchmark whole commands: npm run synth after an edit, and set-image in a project made by init (npm run bench:cli -- --runs 5)',
  receiveArgs: true,
});
benchCli.spawn(project.compileTask);
benchCli.exec('tsc --build test/tsconfig.json');
benchCli.exec('node build/tsc-test/src/bench/cli-main.js', { receiveArgs: true });

project.synth();
