import * as fc from 'fast-check';
import { defineBenchRepo } from '../../src/bench/bench-repo';
import { isUnambiguousPlain, KeyOrder, writeBlockYaml } from '../../src/core/block-yaml';
import { dumpWithJsYaml, toYaml } from '../../src/core/serialize';

/** Strings that exercise every styling rule: YAML 1.1 words, numbers, indicators, quotes, line breaks. */
const trickyString = fc.oneof(
  fc.constantFrom('', ' ', 'yes', 'No', 'on', 'OFF', 'y', 'N', 'true', 'False', 'null', '~', 'NULL', '0755', '1:20', '1e3', '.inf', '-.5',
    '0x1F', '2020-01-01', '2001-12-14t21:59:43.10-05:00', '<<', '=', '-', '- a', '? a', ': a', 'a: b', 'a #b', '#a', '&a', '*a', '!a', '|', '>',
    '%a', '@a', '`a', '"a"', "'a'", 'a\'b', 'sha256:abc', 'https://example.com/a?b=c#d', 'app.kubernetes.io/name', 'CreateNamespace=true',
    '100m', '128Mi', 'a\nb', 'a\nb\n', 'a\n\nb\n', ' a\nb', '\na', 'a\tb', 'a\n\tb', 'a\r\nb', 'a\n', '\n', 'a\n\n', '---', '...', '--- a',
    'a\n---\nb', 'é', 'a\u2028b', '\uFEFFa', 'abcdefghij', 'Truefalse', 'longer-name_with.dots/and:colons',
    // Read as numbers, booleans or timestamps by Go or YAML 1.1 only, and the plain strings that stay plain.
    '0X1F', '0B11', '0O17', '081_000', '0_9', '-_1', 'yEs', 'oN', 'nULL', 'e5', 'E12345', '2020-1-2', '.NaN', '1.21.1', '250m', '/tmp', '../base',
    '... /x', 'a\n ', ' a\n ', ' a\n \n', 'arn:aws:iam::1:role/x', 'Services of production', 'a,b=c'),
  fc.string({ unit: fc.constantFrom('a', 'B', '1', ' ', ':', '#', '-', '.', '/', '\n', "'", '"', '\t', '_', 'y') }),
  fc.string(),
);

const key = fc.oneof(
  fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec', 'a', 'yes', '1', 'a b', 'x: y', '', '--- a', '... a', '---'),
  fc.constantFrom('a'.repeat(1024), 'a'.repeat(1025), 'é'.repeat(1025), "'".repeat(1023), '😀'.repeat(511), '😀'.repeat(600)),
  trickyString,
);

const scalar = fc.oneof(
  trickyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(-0), fc.constant(2 ** 60),
);

const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
})).node;

describe('toYaml', () => {
  test('writes the same bytes as js-yaml for any plain data', () => {
    fc.assert(fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (obj) => {
      expect(toYaml(obj)).toBe(dumpWithJsYaml(obj));
    }), { numRuns: 3000 });
  });

  test('writes the same bytes as js-yaml for a generated repository', () => {
    for (const file of defineBenchRepo(20).renderFiles()) {
      for (const obj of file.objects) expect(toYaml(obj)).toBe(dumpWithJsYaml(obj));
    }
  });

  test('writes multi-line strings as literal blocks below their key', () => {
    expect(toYaml({ a: { patch: 'x: 1\ny: 2\n', note: ' indented\nline' } })).toBe('a:\n  note: |2-\n     indented\n    line\n  patch: |\n    x: 1\n    y: 2\n');
  });

  test('puts apiVersion, kind and metadata first, then keys alphabetically', () => {
    expect(toYaml({ spec: {}, zeta: 1, alpha: [], metadata: { name: 'a' }, kind: 'K', apiVersion: 'v1' })).toBe(
      'apiVersion: v1\nkind: K\nmetadata:\n  name: a\nspec: {}\nalpha: []\nzeta: 1\n');
  });
});

describe('quoting', () => {
  test.each([
    // This repository's tree: versions, quantities, durations, paths, ARNs, image names, sentences.
    'v1', 'apps/v1', 'Deployment', '1.21.1', '250m', '256Mi', '1h', '3m', '/healthz/live', '/', '../../base', 'arn:aws:iam::123456789012:role/external-dns',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api-service', 'ServerSideApply=true,Prune=false', 'Services of the staging environment',
    'sha-4f2a9c1', 'sha256:abc', 'CreateNamespace=true', 'yesno', 'e1.5', 'nullable',
  ])('writes %j plain', (text) => {
    expect(isUnambiguousPlain(text)).toBe(true);
    expect(toYaml({ a: text })).toBe(`a: ${text}\n`);
  });

  test.each([
    // Go (kustomize, Argo CD) reads these as numbers: hex, octal, binary in any case, underscores.
    '0X1F', '0x1f', '0B11', '0b11', '0O17', '0o17', '0755', '081_000', '0_9', '1_000', '-_1', '1e3', '1E3', '.5', '+1', '0.', '12e03',
    // YAML 1.1: sexagesimal numbers, booleans and null in every case, the merge and value keys, timestamps.
    '1:20', '190:20:30.15', 'y', 'N', 'yes', 'yEs', 'No', 'on', 'oN', 'OFF', 'True', 'fAlSe', 'null', 'nUll', '~', '<<', '=',
    '2020-01-01', '2020-1-2', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
    // Special floats, the `yaml` package's exponent without mantissa, and what is not plain at all.
    '.inf', '-.Inf', '.NaN', 'e5', 'E+12', '', ' a', 'a ', 'a  b', 'a:', 'a: b', 'a #b', '#a', '- a', '--- a', '... a', '---', '...', 'é', '1d', '0x',
  ])('quotes %j', (text) => {
    expect(isUnambiguousPlain(text)).toBe(false);
    expect(toYaml({ a: text })).toMatch(/^a: ['"]/);
  });

  test('quotes keys that begin with a document marker, even at the top level', () => {
    expect(toYaml({ '--- a': 1, '... b': 2, '---': 3, '...': 4 })).toBe("'---': 3\n'--- a': 1\n'...': 4\n'... b': 2\n");
  });

  test('writes keys longer than 1,024 characters as explicit keys', () => {
    const long = 'a'.repeat(1025);
    expect(toYaml({ [long]: 1, b: 2 })).toBe(`? ${long}\n: 1\nb: 2\n`);
    expect(toYaml({ ['a'.repeat(1024)]: 1 })).toBe(`${'a'.repeat(1024)}: 1\n`);
    expect(toYaml({ ["'".repeat(1023)]: 1 })).toMatch(/^\? '/);
    // 600 code points, 1,200 UTF-16 code units: too long for the `yaml` package's count.
    expect(toYaml({ ['😀'.repeat(600)]: 1 })).toBe(`? |-\n  ${'😀'.repeat(600)}\n: 1\n`);
  });

  test('double-quotes a multi-line string whose last line is only spaces', () => {
    expect(toYaml({ a: ' a\n ', b: 'a\n \n', c: 'a\n b' })).toBe('a: " a\\n "\nb: "a\\n \\n"\nc: |-\n  a\n   b\n');
  });
});

describe('writeBlockYaml', () => {
  const order = new KeyOrder(['kind']);

  test.each([
    ['a tab in a multi-line string', { a: 'x\n\ty' }],
    ['a multi-line key', { 'a\nb': 1 }],
    ['a Date', { a: new Date(0) }],
    ['a class instance', { a: new (class Point { x = 1; })() }],
    ['a function', { a: () => 1 }],
    ['a scalar document', 'text'],
  ])('leaves %s to js-yaml', (_name, input) => {
    expect(writeBlockYaml(input, order)).toBeUndefined();
  });

  test('orders keys with the leading ones first, the rest in code unit order', () => {
    expect(order.definedKeys({ b: 1, kind: 'x', B: 2, a: undefined, _: 3 })).toEqual(['kind', 'B', '_', 'b']);
    // The same key sequence again comes from the cache.
    expect(order.definedKeys({ b: 9, kind: 'y', B: 8, a: undefined, _: 7 })).toEqual(['kind', 'B', '_', 'b']);
    expect(['b', 'kind', 'B', '_'].sort(order.compare)).toEqual(['kind', 'B', '_', 'b']);
  });
});
