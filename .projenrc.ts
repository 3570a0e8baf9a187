import { javascript, TaskShell, typescript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { TsJestTsconfig } from 'projen/lib/typescript';

const project = new typescript.TypeScriptProject({
  name: 'gitops-synth',
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
  ],
  devDeps: ['cdk8s-cli', 'fast-check'],
  tsconfig: {
    compilerOptions: {
      rootDir: '.',
      resolveJsonModule: true,
      esModuleInterop: true,
      skipLibCheck: true,
    },
    include: ['imports/**/*.ts'],
  },
  tsconfigDev: {
    // The test task type-checks the tests with `tsc --build test/tsconfig.json`, which skips the work
    // when nothing changed; build mode needs outputs to compare with, so it emits, into build/.
    compilerOptions: { noEmit: false, outDir: '../build/tsc-test' },
    include: ['imports/**/*.ts'],
  },
  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      // Coverage instrumentation doubles test time on the generated CRD bindings.
      collectCoverage: false,
      testTimeout: 60_000,
      // Jest's default (cores - 1) runs every file in one process on a 2-core machine.
      maxWorkers: '100%',
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
  gitignore: ['/cdktf.out/.terraform/', '/cdktf.out/**/.terraform/', '/cdktf.out/**/*.tfstate', '/cdktf.out/**/*.tfstate.*', '/cdktf.out/**/*.tfplan', '/build/', '/.gitops-synth.lock'],
  bin: { 'gitops-synth': 'lib/src/cli/main.js' },
});

// The provider's root module loads every AWS resource (~1.4 s, ~490 MiB): deep imports only.
project.eslint?.addRules({
  'no-restricted-imports': ['error', {
    paths: [{ name: '@cdktf/provider-aws', message: "Import the resource's module, e.g. '@cdktf/provider-aws/lib/ecr-repository'." }],
  }],
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

const synth = project.addTask('synth', {
  description: 'Synthesize the GitOps tree into dist/',
  receiveArgs: true,
});
synth.spawn(project.compileTask);
synth.exec('node lib/src/main.js', { receiveArgs: true });

// Not part of `test`: it takes minutes and its figures depend on the machine.
const bench = project.addTask('bench', {
  description: 'Benchmark synth against the I/O floor and plain cdk8s (npm run bench -- --services 100,1000 --runs 5)',
  receiveArgs: true,
});
bench.spawn(project.compileTask);
bench.exec('node lib/src/bench/main.js', { receiveArgs: true });

project.synth();
