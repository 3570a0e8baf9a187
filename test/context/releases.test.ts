import * as fs from 'fs';
import * as path from 'path';
import { ImageVersion, Releases } from '../../src';
import { RELEASES_LIMITS } from '../../src/context/releases-limits';
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

describe('Releases: data that must not load silently', () => {
  const load = (text: string) => {
    const file = path.join(tempDir(), 'releases.json');
    fs.writeFileSync(file, text);
    return Releases.fromFile(file, 'releases.json');
  };
  const lines = (r: Releases) => r.loadProblems.map((p) => `${p.field}${p.value === undefined ? '' : ` = ${p.value}`}: ${p.message}`);

  test('every key written twice is reported with both lines, at any level', () => {
    const r = load('{\n  "api": {\n    "staging": "v1",\n    "staging": "v2",\n    "staging": "v3"\n  },\n  "web": {},\n  "web": {}\n}\n');
    expect(lines(r)).toEqual([
      'api.staging: is written twice in "api" (lines 3 and 4); JSON keeps only the last one and would drop the other without a word',
      'api.staging: is written twice in "api" (lines 3 and 5); JSON keeps only the last one and would drop the other without a word',
      'web: is written twice in the file (lines 7 and 8); JSON keeps only the last one and would drop the other without a word',
    ]);
  });

  test('the same key in different objects is not a duplicate; values keep JSON semantics', () => {
    const r = load('{"api": {"staging": "v1", "production": "v1"}, "web": {"staging": "v\\u0032"}}');
    expect(r.loadProblems).toEqual([]);
    expect(r.toData()).toEqual({ api: { staging: 'v1', production: 'v1' }, web: { staging: 'v2' } });
  });

  test('__proto__, constructor and prototype are refused as services and environments', () => {
    const r = load('{"__proto__": {"staging": "v1"}, "constructor": {}, "api": {"prototype": "v1", "staging": "v1"}}');
    expect(r.loadProblems.map((p) => p.field)).toEqual(['__proto__', 'constructor', 'api.prototype']);
    expect(r.toData()).toEqual({ api: { staging: 'v1' } });
  });

  test('a lookup never finds JavaScript\'s own properties', () => {
    const r = Releases.fromData({ api: { staging: 'v1' } });
    expect(r.versionOf('constructor', 'name')).toBeUndefined();
    expect(r.versionOf('api', 'toString')).toBeUndefined();
  });

  test('limits: file size, entries and nesting, each one clear problem and nothing loaded', () => {
    expect(RELEASES_LIMITS).toEqual({ fileBytes: 8 * 1024 * 1024, entries: 50_000, depth: 16 });
    expect(lines(load(' '.repeat(RELEASES_LIMITS.fileBytes + 1)))).toEqual([`(file): is ${RELEASES_LIMITS.fileBytes + 1} bytes; a releases file is read only up to 8388608 bytes (8 MiB)`]);
    const many = Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`s${i}`, { staging: 'v1' }]));
    expect(Releases.fromData(many).loadProblems).toEqual([]);
    expect(lines(Releases.fromData({ ...many, extra: { staging: 'v1' } }))).toEqual(['(file): holds 50002 entries (services and service/environment pairs); at most 50000 are read']);
    const deep = `{"api": {"staging": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const r = load(deep);
    expect(r.toData()).toEqual({});
    expect(lines(r)).toEqual([`api.staging${'[0]'.repeat(14)}: is nested more than 16 levels deep; releases data has two levels (service → environment → tag)`]);
  });

  test('long values and keys are cut short in every message', () => {
    const tag = 'v'.repeat(10_000_000);
    const r = Releases.fromData({ api: { staging: tag }, ['k'.repeat(70)]: 'x' });
    expect(lines(r)).toEqual([
      `api.staging = "${'v'.repeat(60)}…" (10000000 characters): is 10000000 characters long; an image tag has at most 128 (letters, digits, "_", "." and "-", not starting with "." or "-")`,
      `${'k'.repeat(60)}… (70 characters) = "x": must be an object of environment: tag`,
    ]);
    expect(r.loadProblems[1].hint).toBe(`write "${'k'.repeat(60)}… (70 characters)": { "<environment>": "<tag or sha256 digest>" }`);
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

  test('says how long a tag that is too long is, without repeating it', () => {
    expect(ImageVersion.parse('v'.repeat(129))).toBe('is 129 characters long; an image tag has at most 128 (letters, digits, "_", "." and "-", not starting with "." or "-")');
    expect(ImageVersion.parse('v'.repeat(128))).toBeInstanceOf(ImageVersion);
  });

  test('refuses a short digest', () => {
    expect(ImageVersion.parse('sha256:abc')).toBe('is not a valid digest (expected sha256: followed by 64 lowercase hex characters)');
  });
});
