import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_DIR } from '../support/cli-repo';
import { readTree, tempDir } from '../support/tmp';

const BIN = path.join(PROJECT_DIR, 'lib/src/cli/main.js');
const VERSION = (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string }).version;

/** The environment of a process a user starts: none of the variables npm sets for this test run's own script. */
function userEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

function run(cwd: string, command: string, args: readonly string[], extra: Record<string, string | undefined> = {}): Run {
  const result = spawnSync(command, args, { cwd, env: userEnv(extra), encoding: 'utf8', timeout: 240_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Fails with everything the command printed, so a broken step explains itself. */
function ok(result: Run): Run {
  if (result.code !== 0) throw new Error(`exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  return result;
}

/** Files of the project a user commits (no node_modules, no Git). */
function committed(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(readTree(dir)).filter(([p]) => !p.startsWith('node_modules/') && !p.startsWith('.git/')));
}

/**
 * The package as a team adopts it: packed, installed into a project that `gitops-synth init` made outside
 * this repository, and used only by name, through its bin and as the README says.
 */
describe('a project started with gitops-synth init, with the packed package installed', () => {
  let work: string;
  let project: string;
  let tarball: string;
  let packed: string[];

  beforeAll(() => {
    work = tempDir('gitops-synth-consumer-');
    // lib/ is compiled by the test task; the tarball takes it as it is.
    const pack = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: PROJECT_DIR, env: userEnv(), encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, pack[0].filename);
    packed = pack[0].files.map((f) => f.path).sort();
    project = path.join(work, 'web-gitops');
    ok(run(work, process.execPath, [BIN, 'init', 'web-gitops', '--repo-url', 'https://github.com/acme/web-gitops.git']));
    // The tools the template names come from the registry (this machine's npm cache when it has them).
    ok(run(project, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball]));
  }, 600_000);

  test('the tarball holds the library, its bin and the CRD bindings it loads, and nothing of this repository', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/cli/main.js', 'lib/imports/argoproj.io.js', 'lib/imports/external-secrets.io.d.ts']));
    const foreign = packed.filter((p) => !/^(package\.json|README\.md|LICENSE|lib\/(src|imports)\/.+\.(js|d\.ts))$/.test(p) || /^lib\/src\/(apps|bench)\//.test(p));
    expect(foreign).toEqual([]);
    expect(fs.statSync(tarball).size).toBeLessThan(2 * 1024 * 1024);
  });

  test('npm run synth writes the tree and the Terraform JSON; a second run writes nothing', () => {
    const first = ok(run(project, 'npm', ['run', '--silent', 'synth']));
    expect(first.stdout).toContain('wrote dist/apps/web/base/deployment.yaml\n');
    expect(first.stdout).toMatch(/^gitops-synth: dist — \d+ written, 0 unchanged, 0 removed; cdktf\.out — 2 written, 0 unchanged, 0 removed$/m);
    const tree = committed(project);
    expect(Object.keys(tree)).toEqual(expect.arrayContaining(['dist/apps/web/base/kustomization.yaml', 'cdktf.out/stacks/gitops-synth/cdk.tf.json']));
    const second = ok(run(project, 'npm', ['run', '--silent', 'synth']));
    expect(second.stdout).toMatch(/^gitops-synth: dist — 0 written, \d+ unchanged, 0 removed; cdktf\.out — 0 written, 2 unchanged, 0 removed$/m);
    expect(second.stdout).not.toContain('wrote ');
    expect(committed(project)).toEqual(tree);
    expect(ok(run(project, 'npm', ['run', '--silent', 'check'])).stdout).toMatch(/^gitops-synth: dist is up to date/);
  });

  test('npm test type-checks the definitions and passes the snapshot test; under CI it needs the committed snapshot', () => {
    const local = ok(run(project, 'npm', ['test'], { CI: undefined }));
    expect(local.stderr).toContain('1 snapshot written');
    expect(fs.existsSync(path.join(project, 'test/__snapshots__/gitops.test.ts.snap'))).toBe(true);
    expect(ok(run(project, 'npm', ['test'], { CI: 'true' })).stderr).toMatch(/Tests: +2 passed, 2 total/);
    // A type error in the definitions fails npm test before any snapshot is compared.
    const definitions = path.join(project, 'src/gitops.ts');
    const source = fs.readFileSync(definitions, 'utf8');
    fs.writeFileSync(definitions, source.replace('port: 8080', "port: '8080'"));
    try {
      const broken = run(project, 'npm', ['test'], { CI: 'true' });
      expect(broken.code).not.toBe(0);
      expect(broken.stdout).toMatch(/^src\/gitops\.ts\(\d+,5\): error TS2322: Type 'string' is not assignable to type 'number'\.$/m);
    } finally {
      fs.writeFileSync(definitions, source);
    }
  });

  test('the package imports by name from CommonJS and ES modules: the same classes', () => {
    fs.writeFileSync(path.join(project, 'by-name.cjs'), "const g = require('gitops-synth');\nconsole.log(typeof g.GitOpsRepo, typeof g.Testing.synth);\n");
    fs.writeFileSync(path.join(project, 'by-name.mjs'), "import { GitOpsRepo, Testing } from 'gitops-synth';\nimport { createRequire } from 'module';\nconst cjs = createRequire(import.meta.url)('gitops-synth');\nconsole.log(typeof Testing.synth, GitOpsRepo === cjs.GitOpsRepo);\n");
    try {
      expect(ok(run(project, process.execPath, ['by-name.cjs'])).stdout).toBe('function function\n');
      expect(ok(run(project, process.execPath, ['by-name.mjs'])).stdout).toBe('function true\n');
    } finally {
      fs.rmSync(path.join(project, 'by-name.cjs'));
      fs.rmSync(path.join(project, 'by-name.mjs'));
    }
  });

  test('a new service gets its first tags through the CLI alone: staging first, production later', () => {
    const staging = ok(run(project, 'npx', ['gitops-synth', 'set-image', 'web', 'staging', 'sha-4f2a9c1']));
    expect(staging.stdout).toContain('web staging: (none) → sha-4f2a9c1\nupdated releases.json\n');
    expect(staging.stdout).toContain('wrote dist/argocd/applications/web-staging.yaml\n');
    expect(fs.existsSync(path.join(project, 'dist/argocd/applications/web-production.yaml'))).toBe(false);
    const production = ok(run(project, 'npx', ['gitops-synth', 'set-image', 'web', 'production', 'sha-4f2a9c1']));
    expect(production.stdout).toContain('wrote dist/argocd/applications/web-production.yaml\n');
    expect(JSON.parse(fs.readFileSync(path.join(project, 'releases.json'), 'utf8'))).toEqual({ web: { production: 'sha-4f2a9c1', staging: 'sha-4f2a9c1' } });
    expect(ok(run(project, 'npx', ['gitops-synth', 'synth', '--check'])).code).toBe(0);
  });

  test('--version prints the installed package\'s version', () => {
    expect(ok(run(project, 'npx', ['gitops-synth', '--version'])).stdout).toBe(`${VERSION}\n`);
  });

  test("the README's TypeScript examples type-check against the installed package", () => {
    const readme = fs.readFileSync(path.join(PROJECT_DIR, 'README.md'), 'utf8');
    const snippets = [...readme.matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]);
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    const dir = path.join(project, 'readme');
    fs.mkdirSync(dir);
    snippets.forEach((code, i) => fs.writeFileSync(path.join(dir, `snippet-${i + 1}.ts`), withContext(code)));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noUnusedLocals: false }, include: ['*.ts'] }));
    try {
      ok(run(dir, process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', '.']));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

/**
 * The names README fragments use without declaring them (the repository, its environments, the AWS
 * side, a service), declared with their types, so that a fragment is checked as written. Every snippet is
 * made a module, so the names of one never clash with another's.
 */
const FRAGMENT_CONTEXT: Record<string, string> = {
  repo: 'GitOpsRepo',
  staging: 'Environment',
  production: 'Environment',
  aws: 'AwsSide',
  api: 'Service',
  INGRESS_CONTROLLER: 'IngressController',
};

function withContext(code: string): string {
  const declared = new Set([...code.matchAll(/\b(?:const|let|class|function)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const imported = new Set([...code.matchAll(/import\s*\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop()!)));
  const context = Object.entries(FRAGMENT_CONTEXT)
    .filter(([name]) => !declared.has(name) && !imported.has(name) && new RegExp(`\\b${name}\\b`).test(code))
    .map(([name, type]) => `declare const ${name}: import('gitops-synth').${type};`);
  return [...context, code, 'export {};', ''].join('\n');
}
