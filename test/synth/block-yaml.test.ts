import * as fc from 'fast-check';
import { dumpWithJsYaml, toYaml } from '../../src';
import { defineBenchRepo } from '../../src/bench/bench-repo';
import { KeyOrder, writeBlockYaml } from '../../src/synth/block-yaml';

/** Strings that exercise every styling rule: YAML 1.1 words, numbers, indicators, quotes, line breaks. */
const trickyString = fc.oneof(
  fc.constantFrom('', ' ', 'yes', 'No', 'on', 'OFF', 'y', 'N', 'true', 'False', 'null', '~', 'NULL', '0755', '1:20', '1e3', '.inf', '-.5',
    '0x1F', '2020-01-01', '2001-12-14t21:59:43.10-05:00', '<<', '=', '-', '- a', '? a', ': a', 'a: b', 'a #b', '#a', '&a', '*a', '!a', '|', '>',
    '%a', '@a', '`a', '"a"', "'a'", 'a\'b', 'sha256:abc', 'https://example.com/a?b=c#d', 'app.kubernetes.io/name', 'CreateNamespace=true',
    '100m', '128Mi', 'a\nb', 'a\nb\n', 'a\n\nb\n', ' a\nb', '\na', 'a\tb', 'a\n\tb', 'a\r\nb', 'a\n', '\n', 'a\n\n', '---', '...', '--- a',
    'a\n---\nb', 'é', 'a\u2028b', '\uFEFFa', 'abcdefghij', 'Truefalse', 'longer-name_with.dots/and:colons'),
  fc.string({ unit: fc.constantFrom('a', 'B', '1', ' ', ':', '#', '-', '.', '/', '\n', "'", '"', '\t', '_', 'y') }),
  fc.string(),
);

const key = fc.oneof(fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec', 'a', 'yes', '1', 'a b', 'x: y', ''), trickyString);

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
