import * as fs from 'fs';
import * as path from 'path';
import { cliAsBin as run } from '../support/cli-repo';
import { readTree, tempDir } from '../support/tmp';

function project(files: Record<string, string>): string {
  const dir = tempDir('gitops-synth-definitions-');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const HOW = 'add "gitops-synth": { "definitions": "src/gitops.ts" } to package.json, pass --definitions <file>, or start a project with gitops-synth init';

describe('definitions found by configuration', () => {
  test('no package.json: exit 2 saying how to configure, and nothing bundled is used instead', () => {
    const dir = project({});
    expect(run(dir, 'synth')).toEqual({
      code: 2,
      stdout: '',
      stderr: `gitops-synth: no definitions configured: ${path.join(dir, 'package.json')} cannot be read (ENOENT) (fix: run the command in the project folder, or ${HOW})\n`,
    });
    expect(readTree(dir)).toEqual({});
  });

  test('a package.json without the field: exit 2 with the fix', () => {
    const dir = project({ 'package.json': '{ "name": "team-gitops" }\n' });
    expect(run(dir, 'synth', '--check').stderr).toBe(`gitops-synth: no definitions configured: package.json has no "gitops-synth" field (fix: ${HOW})\n`);
  });

  test('a malformed field: every problem in one message', () => {
    const dir = project({ 'package.json': JSON.stringify({ 'gitops-synth': { definiton: 'src/gitops.ts', definitions: 42 } }) });
    expect(run(dir, 'diff')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gitops-synth: package.json: "gitops-synth".definiton is not a setting (settings: definitions); "gitops-synth".definitions is 42, not the path of the definitions module (fix: write "gitops-synth": { "definitions": "src/gitops.ts" })\n',
    });
    const notObject = project({ 'package.json': JSON.stringify({ 'gitops-synth': 'src/gitops.ts' }) });
    expect(run(notObject, 'synth').stderr).toBe('gitops-synth: package.json: "gitops-synth" is "src/gitops.ts", not an object (fix: write "gitops-synth": { "definitions": "src/gitops.ts" })\n');
  });

  test('a configured file that does not exist is named with where it came from', () => {
    const dir = project({ 'package.json': JSON.stringify({ 'gitops-synth': { definitions: 'src/gitops.ts' } }) });
    expect(run(dir, 'synth').stderr).toBe(`gitops-synth: the definitions src/gitops.ts (package.json "gitops-synth".definitions) do not exist in ${dir} (fix: point package.json "gitops-synth".definitions at the module that exports defineRepo)\n`);
    expect(run(dir, 'synth', '--definitions', 'lib/gitops.js').stderr).toBe(`gitops-synth: the definitions lib/gitops.js (--definitions lib/gitops.js) do not exist in ${dir} (fix: point --definitions at the module that exports defineRepo)\n`);
  });

  test('--definitions is a path relative to the current folder, never a package name', () => {
    const dir = project({ 'lib/gitops.js': 'exports.other = 1;\n' });
    expect(run(dir, 'synth', '--definitions', 'lib/gitops.js').stderr).toBe('gitops-synth: the definitions lib/gitops.js export no defineRepo function (fix: export const defineRepo: DefineRepo = ({ rootDir }) => { …; return repo; })\n');
  });

  test('TypeScript definitions load without a compile step; what defineRepo returns is checked', () => {
    const dir = project({
      'package.json': JSON.stringify({ 'gitops-synth': { definitions: 'src/gitops.ts' } }),
      'src/gitops.ts': 'interface Options { readonly rootDir: string }\nexport function defineRepo(options: Options): unknown {\n  return { rootDir: options.rootDir as string };\n}\n',
    });
    expect(run(dir, 'synth').stderr).toBe('gitops-synth: defineRepo in src/gitops.ts returned an object (Object), not a GitOpsRepo of this gitops-synth (fix: return the repository, and run the project\'s own gitops-synth: npx gitops-synth)\n');
  });

  test('a default export is taken as defineRepo; a throwing one is bad input naming the entry', () => {
    const dir = project({
      'package.json': JSON.stringify({ 'gitops-synth': { definitions: 'gitops.ts' } }),
      'gitops.ts': 'export default function (): never {\n  throw new Error(\'service "Web": name must be lowercase\');\n}\n',
    });
    expect(run(dir, 'synth')).toEqual({ code: 2, stdout: '', stderr: 'gitops-synth: the definitions gitops.ts failed at gitops.ts:2:9: service "Web": name must be lowercase (run with --verbose for the stack trace)\n' });
    const verbose = run(dir, 'synth', '--verbose');
    expect(verbose.code).toBe(2);
    expect(verbose.stderr).toMatch(/^gitops-synth: the definitions gitops\.ts failed at gitops\.ts:2:9: [^\n]*\nError: service "Web": name must be lowercase\n {4}at [^\n]*gitops\.ts:2:9\)?\n/);
  });

  test('a module that does not load: the loader\'s message, exit 2', () => {
    const dir = project({
      'package.json': JSON.stringify({ 'gitops-synth': { definitions: 'gitops.ts' } }),
      'gitops.ts': 'import { nothing } from \'./missing\';\nexport const defineRepo = () => nothing;\n',
    });
    const result = run(dir, 'synth');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gitops-synth: cannot load the definitions gitops\.ts: Cannot find module '\.\/missing'[^]* \(fix: correct the module; npm test type-checks it\)\n$/);
  });
});
