import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Releases, synth, synthesize, SynthError } from '../../src';
import { TREE_CHECKS } from '../../src/checks';
import { summarize } from '../../src/synth/synthesize';
import { smallRepo } from '../support/fixtures';
import { readTree, tempDir } from '../support/tmp';

describe('synth', () => {
  test('bad definitions leave the previous tree exactly as it was', () => {
    const out = tempDir();
    synth(smallRepo().repo, { outdir: out });
    fs.writeFileSync(path.join(out, 'notes.md'), 'kept\n');
    const before = readTree(out);
    const broken = smallRepo({}, { web: { staging: 'latest latest' } }).repo;
    expect(() => synth(broken, { outdir: out })).toThrow(SynthError);
    expect(readTree(out)).toEqual(before);
  });

  test('collects every problem into one report', () => {
    const { repo } = smallRepo({ releases: Releases.fromData({ web: { staging: '' }, ghost: { staging: 'v1' } }, 'r.json') });
    repo.addEnvironment('Bad_Env');
    let error: SynthError | undefined;
    try {
      synth(repo, { outdir: tempDir() });
    } catch (e) {
      error = e as SynthError;
    }
    expect(error?.message).toBe([
      'gitops-synth: 3 problems found, nothing was written',
      'environment Bad_Env:',
      '  ✖ name = "Bad_Env": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
      'releases r.json:',
      '  ✖ ghost: names service "ghost", which is not defined (fix: remove the entry or define the service with repo.addService(\'ghost\', …); defined: web)',
      '  ✖ web.staging = "": must be a non-empty image tag or a sha256 digest (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
    ].join('\n'));
  });

  test('each problem carries the stable code of the check that found it', () => {
    const { repo, production } = smallRepo({ releases: Releases.fromData({ web: { staging: 'v1.0.0', production: 'v0.9.0' }, ghost: { staging: 'v1' } }, 'r.json') });
    repo.addEnvironment('Bad_Env');
    repo.addService('api', { image: 'registry.example.com/api' }).addOverlay(production, { replicas: 1 });
    let error: SynthError | undefined;
    try {
      synthesize(repo, { treeChecks: [...TREE_CHECKS, () => [{ subject: 'team rule', field: 'x', message: 'is wrong', hint: 'fix it' }]] });
    } catch (e) {
      error = e as SynthError;
    }
    expect(error?.problems.map((p) => `${p.code} ${p.subject} ${p.field}`)).toEqual([
      'names environment Bad_Env name',
      'releases releases r.json ghost',
      'production-policy service api overlays.production.replicas',
      'production-policy service api overlays.production.resources',
      'custom team rule x',
    ].sort((a, b) => a.split(' ').slice(1).join(' ') < b.split(' ').slice(1).join(' ') ? -1 : 1));
  });

  test('summarizes what it did in one line', () => {
    const out = tempDir();
    const result = synth(smallRepo().repo, { outdir: out });
    expect(summarize({ ...result, outdir: 'dist' })).toBe(`gitops-synth: dist — ${result.written.length} written, 0 unchanged, 0 removed`);
  });
});

describe('npm run synth (the compiled bin, with the project\'s definitions)', () => {
  const root = path.resolve(__dirname, '../..');
  const main = path.join(root, 'lib/src/cli/main.js');

  test('exits 2 with the report on stderr and writes nothing for a broken releases file', () => {
    const work = tempDir();
    fs.mkdirSync(path.join(work, 'src/apps'), { recursive: true });
    fs.writeFileSync(path.join(work, 'src/apps/releases.json'), '{ broken');
    fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ 'gitops-synth': { definitions: path.join(root, 'src/apps/index.ts') } }));
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [main, 'synth'], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(status).toBe(2);
    expect(stderr).toContain('releases src/apps/releases.json:\n  ✖ (file): is not valid JSON:');
    expect(fs.existsSync(path.join(work, 'dist'))).toBe(false);
  });
});
