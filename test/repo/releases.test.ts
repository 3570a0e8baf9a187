import * as fs from 'fs';
import * as path from 'path';
import { ImageVersion, Releases } from '../../src';
import { tempDir } from '../support/tmp';

describe('Releases', () => {
  test('reads tags and digests per service and environment', () => {
    const digest = 'sha256:' + '0123456789abcdef'.repeat(4);
    const r = Releases.fromData({ api: { staging: 'sha-4f2a9c1', production: digest } });
    expect(r.loadProblems).toEqual([]);
    expect(r.versionOf('api', 'staging')?.kustomizeFields()).toEqual({ newTag: 'sha-4f2a9c1' });
    expect(r.versionOf('api', 'production')?.kustomizeFields()).toEqual({ digest });
    expect(r.versionOf('api', 'dev')).toBeUndefined();
    expect(r.entries()).toEqual([
      { service: 'api', environment: 'staging', version: 'sha-4f2a9c1' },
      { service: 'api', environment: 'production', version: digest },
    ]);
  });

  test('reports a missing file with its name', () => {
    const r = Releases.fromFile(path.join(tempDir(), 'nope.json'), 'src/apps/releases.json');
    expect(r.loadProblems).toEqual([{
      subject: 'releases src/apps/releases.json',
      field: '(file)',
      value: undefined,
      message: 'cannot be read: ENOENT',
      hint: 'create the file (it may hold {}) or point the definitions at the right path',
    }]);
  });

  test('reports malformed JSON', () => {
    const file = path.join(tempDir(), 'r.json');
    fs.writeFileSync(file, '{ "api": ');
    const [p] = Releases.fromFile(file, 'r.json').loadProblems;
    expect(p.message).toMatch(/^is not valid JSON: /);
    expect(p.hint).toBe('fix the JSON syntax, e.g. { "api-service": { "staging": "sha-4f2a9c1" } }');
  });

  test('reports every bad entry, not just the first', () => {
    const r = Releases.fromData({ api: { staging: '', production: 42 }, web: 'v1', ok: { dev: 'bad tag' } }, 'r.json');
    expect(r.loadProblems.map((p) => `${p.field} ${p.value}: ${p.message}`)).toEqual([
      'api.staging "": must be a non-empty image tag or a sha256 digest',
      'api.production 42: must be a non-empty image tag or a sha256 digest',
      'web "v1": must be an object of environment: tag',
      'ok.dev "bad tag": is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")',
    ]);
  });
});

describe('ImageVersion', () => {
  test.each([
    ['v1.2.3', false, false],
    ['latest', false, true],
    ['sha256:' + 'f'.repeat(64), true, false],
  ])('%s', (value, isDigest, isMutable) => {
    const v = ImageVersion.parse(value);
    expect(v).toBeInstanceOf(ImageVersion);
    expect((v as ImageVersion).isDigest).toBe(isDigest);
    expect((v as ImageVersion).isMutable).toBe(isMutable);
  });

  test('refuses a short digest', () => {
    expect(ImageVersion.parse('sha256:abc')).toBe('is not a valid digest (expected sha256: followed by 64 lowercase hex characters)');
  });
});
