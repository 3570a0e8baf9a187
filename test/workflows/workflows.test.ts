import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import { projectTemplate } from '../../src/cli/project-template';

/**
 * Every GitHub Actions workflow gitops-synth ships: this repository's own, and the ones `init` writes
 * into a team's project. Each is parsed with GitHub's workflow parser, then held to the hygiene rules.
 */
const ROOT = path.join(__dirname, '../..');
const OWN_DIR = path.join(ROOT, '.github/workflows');

const TEMPLATE = projectTemplate({
  name: 'web-gitops',
  repoURL: 'https://github.com/acme/web-gitops.git',
  gitopsSynthRange: '^1.0.0',
  devDependencies: { '@types/jest': '^30.0.0', '@types/node': '^20', 'jest': '^30.5.2', 'ts-jest': '^29.4.15', 'typescript': '~5.9.0' },
});

const WORKFLOWS: ReadonlyArray<readonly [string, string]> = [
  ...fs.readdirSync(OWN_DIR).filter((f) => /\.ya?ml$/.test(f)).sort()
    .map((f) => [`.github/workflows/${f}`, fs.readFileSync(path.join(OWN_DIR, f), 'utf8')] as const),
  ...[...TEMPLATE].filter(([file]) => file.startsWith('.github/workflows/')).sort()
    .map(([file, content]) => [`init template: ${file}`, content] as const),
];

interface Step { readonly uses?: string; readonly run?: string; readonly with?: Record<string, unknown> }
interface Job {
  readonly 'timeout-minutes'?: unknown;
  readonly 'permissions'?: unknown;
  readonly 'if'?: string;
  readonly 'needs'?: string | string[];
  readonly 'steps': readonly Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: unknown;
  readonly concurrency?: { readonly 'group': string; readonly 'cancel-in-progress': boolean };
  readonly jobs: Record<string, Job>;
}

const load = (content: string) => parseYaml(content) as Workflow;
const byName = (name: string) => WORKFLOWS.filter(([file]) => file.endsWith(`/${name}.yml`));

test('both places ship a pull-request and a deploy-image workflow', () => {
  expect(WORKFLOWS.map(([file]) => file)).toEqual([
    '.github/workflows/deploy-image.yml',
    '.github/workflows/pull-request.yml',
    'init template: .github/workflows/deploy-image.yml',
    'init template: .github/workflows/pull-request.yml',
  ]);
});

describe.each(WORKFLOWS)('%s', (file, content) => {
  const workflow = load(content);
  const jobs = Object.entries(workflow.jobs);
  const steps = jobs.flatMap(([, job]) => job.steps);

  test('GitHub\'s workflow parser finds no error', async () => {
    const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    expect(template.errors ?? []).toEqual([]);
    expect(template.jobs.length).toBe(jobs.length);
  });

  test('every action is pinned by full commit SHA, with its version in a comment', () => {
    const uses = content.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) {
      expect(line).toMatch(/^\s*(- )?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
    // The same action at the same version everywhere.
    const pins = new Map<string, Set<string>>();
    for (const line of uses) {
      const [, action, pin] = /uses: ([^@]+)@(.+)$/.exec(line)!;
      pins.set(action, (pins.get(action) ?? new Set()).add(pin));
    }
    for (const [action, pin] of pins) expect({ action, pins: [...pin] }).toEqual({ action, pins: [expect.any(String)] });
  });

  test('setup-node installs the current LTS, Node 24', () => {
    const setupNode = steps.filter((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode.length).toBeGreaterThan(0);
    for (const step of setupNode) expect(step.with?.['node-version']).toBe(24);
  });

  test('permissions: none at the top, and every job names its own and has a timeout', () => {
    expect(workflow.permissions).toEqual({});
    for (const [name, job] of jobs) {
      expect({ name, timeout: job['timeout-minutes'] }).toEqual({ name, timeout: expect.any(Number) });
      expect({ name, permissions: job.permissions }).toEqual({ name, permissions: expect.any(Object) });
      for (const [scope, access] of Object.entries(job.permissions as Record<string, string>)) {
        // Write access only where the job's purpose needs it.
        if (access === 'write') expect([`${file} ${name}`, scope]).toEqual([`${file} ${name}`, expect.stringMatching(/^(contents|pull-requests)$/)]);
      }
    }
  });

  test('no expression inside a script: untrusted values reach it through env', () => {
    for (const step of steps.filter((s) => s.run !== undefined)) {
      expect(step.run).not.toMatch(/\$\{\{/);
    }
  });
});

describe.each(byName('pull-request'))('%s', (_file, content) => {
  const workflow = load(content);

  test('a new push to a pull request cancels the run of the previous one', () => {
    expect(workflow.concurrency).toEqual({
      'group': 'pull-request-${{ github.event.pull_request.number }}',
      'cancel-in-progress': true,
    });
  });

  test('the check job only reads', () => {
    expect(workflow.jobs.check.permissions).toEqual({ contents: 'read' });
  });
});

describe('this repository\'s pull-request workflow', () => {
  const [[, content]] = byName('pull-request');
  const workflow = load(content);
  const comment = workflow.jobs.comment;

  test('the diff is commented by a job of its own, the only one that may write to the pull request', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['check', 'comment']);
    expect(comment.needs).toBe('check');
    expect(comment.permissions).toEqual({ 'pull-requests': 'write' });
    expect(comment.steps.some((s) => s.uses?.startsWith('actions/download-artifact@'))).toBe(true);
    expect(workflow.jobs.check.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
  });

  test('skipped, not failed, for pull requests from forks', () => {
    expect(comment.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });

  test('one marked comment, updated in place', () => {
    const script = comment.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('<!-- gitops-synth-diff -->');
    expect(script).toMatch(/gh api --method PATCH "repos\/\$REPO\/issues\/comments\/\$id"/);
    expect(script).toMatch(/gh api --method POST "repos\/\$REPO\/issues\/\$PR\/comments"/);
  });
});

describe.each(byName('deploy-image'))('%s', (_file, content) => {
  const workflow = load(content);
  const job = workflow.jobs['set-image'];
  const validate = job.steps[0];

  test('triggered by workflow_dispatch and by a repository_dispatch of type deploy-image', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['repository_dispatch', 'workflow_dispatch']);
    expect(workflow.on.repository_dispatch).toEqual({ types: ['deploy-image'] });
    expect(Object.keys((workflow.on.workflow_dispatch as { inputs: object }).inputs)).toEqual(['service', 'environment', 'tag']);
  });

  test('one run at a time per service and environment, none cancelled while it runs', () => {
    expect(workflow.concurrency).toEqual({
      'group': 'deploy-image-${{ inputs.service || github.event.client_payload.service }}-${{ inputs.environment || github.event.client_payload.environment }}',
      'cancel-in-progress': false,
    });
  });

  test('only the push needs write access', () => {
    expect(job.permissions).toEqual({ contents: 'write' });
  });

  test('the inputs are validated before anything else runs', () => {
    expect(validate.run).toBeDefined();
    expect(job.steps.slice(1).every((s) => !/\$\{\{/.test(JSON.stringify(s)))).toBe(true);
  });

  describe('the validation', () => {
    const script = (env: Record<string, string>) => {
      // As GitHub runs a bash step.
      return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', validate.run!], { env: { PATH: process.env.PATH, LC_ALL: 'C', ...env }, encoding: 'utf8' });
    };
    const ok = { SERVICE: 'api-service', ENVIRONMENT: 'staging', TAG: 'sha-4f2a9c1' };

    test.each([
      ['a tag', ok],
      ['a digest', { ...ok, TAG: `sha256:${'a'.repeat(64)}` }],
      ['a 63-character name and a 128-character tag', { ...ok, SERVICE: 'a'.repeat(63), TAG: `v1.2.3_rc.1${'0'.repeat(117)}` }],
    ])('accepts %s', (_case, env) => {
      expect(script(env)).toMatchObject({ status: 0, stdout: '' });
    });

    test.each([
      ['an empty service', { ...ok, SERVICE: '' }],
      ['an upper-case service', { ...ok, SERVICE: 'Api' }],
      ['a service starting with -', { ...ok, SERVICE: '-api' }],
      ['a 64-character service', { ...ok, SERVICE: 'a'.repeat(64) }],
      ['a service with a line break', { ...ok, SERVICE: 'api\nservice' }],
      ['an environment with a path', { ...ok, ENVIRONMENT: '../prod' }],
      ['an environment with a command', { ...ok, ENVIRONMENT: 'staging$(id)' }],
      ['an empty tag', { ...ok, TAG: '' }],
      ['a tag starting with -', { ...ok, TAG: '-x' }],
      ['a 129-character tag', { ...ok, TAG: 'a'.repeat(129) }],
      ['a short digest', { ...ok, TAG: 'sha256:abc' }],
      ['a tag with a command', { ...ok, TAG: 'sha-1; rm -rf /' }],
    ])('refuses %s', (_case, env) => {
      const result = script(env);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^::error::/);
    });
  });
});
