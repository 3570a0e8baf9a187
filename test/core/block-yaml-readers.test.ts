import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { load, loadAll, YAML11_SCHEMA } from 'js-yaml';
import { parseDocument } from 'yaml';
import { Manifest } from '../../src';
import { serializeObjects, toYaml } from '../../src/core/serialize';
import { describeWithKubectl, HAS_KUBECTL, kustomizeBuild } from '../support/kubectl';
import { tempDir } from '../support/tmp';

// What counts is how the tree's readers read the YAML, not which bytes it has: every generated string
// must come back as the same string from js-yaml, the `yaml` package (YAML 1.1 and 1.2) and kustomize
// (Go's yaml, as Argo CD's repo-server runs it).

/** `word` with each letter in a case chosen at random: `yEs`, `NuLL`, `.iNf`. */
const anyCase = (word: string) => fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length })
  .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
const join = (parts: readonly string[]) => parts.join('');
/** Digits of `alphabet` with underscores anywhere, as YAML 1.1 and Go skip them: `1_000`, `0_9`, `_1_`. */
const digits = (alphabet: string, maxLength = 8) => fc.string({ unit: fc.constantFrom(...alphabet, '_'), minLength: 1, maxLength });
const sign = fc.constantFrom('', '', '+', '-');
const twoDigits = fc.integer({ min: 0, max: 99 }).chain((n) => fc.constantFrom(String(n), String(n).padStart(2, '0')));

/** Numbers of every reader: all bases in both cases, underscores, fractions, exponents, sexagesimal, .inf/.nan, versions. */
const numberLike = fc.oneof(
  fc.tuple(sign, fc.constantFrom('0x', '0X', '0b', '0B', '0o', '0O', '0', ''), digits('0123456789abcdefABCDEF')).map(join),
  fc.tuple(sign, fc.constantFrom('', '0', '1', '08'), digits('0123456789', 4), fc.constantFrom('', '.', '.5', '.0_1', '.e'),
    fc.constantFrom('', 'e3', 'E+3', 'e-03', 'e', 'E')).map(join),
  fc.tuple(sign, fc.array(twoDigits, { minLength: 2, maxLength: 4 }), fc.constantFrom('', '.5', '.')).map(([s, parts, f]) => s + parts.join(':') + f),
  fc.tuple(sign, fc.constantFrom('.', ''), fc.oneof(anyCase('inf'), anyCase('nan'), anyCase('infinity'))).map(join),
  fc.tuple(sign, fc.constantFrom('e', 'E'), digits('0123456789', 3)).map(join),
  fc.array(twoDigits, { minLength: 2, maxLength: 4 }).map((parts) => parts.join('.')),
);

/** YAML 1.1 booleans and nulls in any case, and the other one-word specials. */
const keywordLike = fc.oneof(
  fc.constantFrom('y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null').chain(anyCase),
  fc.constantFrom('~', '<<', '=', '', '-', '?', ':', '!', '&a', '*a', '|', '>', '%', '@', '`', '#'),
);

/** Dates and timestamps in the shapes of YAML 1.1 and Go: one- or two-digit month and day, `T`/`t`/spaces, zones. */
const timestampLike = fc.tuple(
  fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
  twoDigits, twoDigits,
  fc.option(fc.tuple(fc.constantFrom('T', 't', ' ', '  ', '\t'), twoDigits, twoDigits, twoDigits, fc.constantFrom('', '.1', '.999999999'),
    fc.constantFrom('', 'Z', ' Z', '+01:00', '-5', ' -05:00')).map(([sep, h, m, s, frac, zone]) => `${sep}${h}:${m}:${s}${frac}${zone}`), { nil: '' }),
).map(([y, m, d, time]) => `${y}-${m}-${d}${time}`);

/** Document markers, as whole strings and as prefixes: a top-level key `--- a` would start a new document. */
const markerLike = fc.tuple(fc.constantFrom('---', '...', '--', '..', '----'), fc.constantFrom('', ' ', ' a', 'a', '/x', '\tb', ' #c', '\n', ' ---')).map(join);

/** Letters, digits and YAML indicators: colons, dots, comments, flow characters, quotes, escapes. */
const punctuated = fc.string({
  unit: fc.constantFrom('a', 'Z', 'm', 'y', '0', '1', '9', 'e', 'x', '.', '_', ':', '-', '+', '/', ' ', '#', ',', '[', ']', '{', '}', '&', '*', '!', '|',
    '>', "'", '"', '%', '@', '`', '?', '=', '~', '\\', '\t', '\n'),
  maxLength: 10,
});

/** Characters beyond ASCII: accents, invisible and line-breaking code points, astral planes, digits of other scripts. */
const unicode = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('é', 'Ω1', '\u00a0', 'a\u00a0', '\u2028', 'a\u2029b', '\ufeffa', '\u0085', '😀', '١٢٣', '１２３', '\u200b', '\x7f', '\x01', 'a\rb'),
);

/** The strings of a real tree: image tags, quantities, paths, versions. */
const realistic = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,15}$/),
  fc.tuple(fc.integer({ min: 0, max: 4096 }).map(String), fc.constantFrom('m', 'Mi', 'Gi', 'k', 'Ki', 'E', 'Ei', 'e3', 'h', 's', 'd', '')).map(join),
  fc.constantFrom('/healthz', '../../base', '1.21.1', 'v1.2.3', 'arn:aws:iam::123456789012:role/x', 'CreateNamespace=true', 'https://a.example/x?y=z#w'),
);

/** Keys near YAML's limit of 1,024 characters for an implicit key: some need quotes, some count twice in UTF-16. */
const longString = fc.tuple(fc.integer({ min: 1018, max: 1030 }), fc.constantFrom('a', 'é', '0', "'", 'a b', 'a😀', '😀', '\x01😀'))
  .map(([n, unit]) => [...unit.repeat(n)].slice(0, unit === '😀' ? n / 2 : n).join(''));

/** Each shape alone, with whitespace around it, or two glued together (`0x1F` + `m`). */
const shape = fc.oneof(numberLike, keywordLike, timestampLike, markerLike, punctuated, unicode, realistic);
const dangerous: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: shape },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', ' ', '\t', '  '), shape, fc.constantFrom('', ' ', '\t', '\n')).map(join) },
  { weight: 2, arbitrary: fc.tuple(shape, shape).map(join) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constantFrom('a\nb', 'a\n', ' a\nb\n', '\n', 'a\n\n', 'a\n---\nb', '- a\n? b') },
).filter((s) => s !== '__proto__');
const rareLong = fc.oneof({ weight: 30, arbitrary: dangerous }, { weight: 1, arbitrary: longString });

type Tree = string | Tree[] | { [key: string]: Tree };
const tree = fc.letrec<{ node: Tree; list: Tree[]; map: Record<string, Tree> }>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, rareLong, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.array(fc.tuple(rareLong, tie('node')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
})).map;

/** Parses with the `yaml` package, refusing any error or warning (an over-long key, a duplicate key). */
function yamlPackage(version: '1.1' | '1.2'): (text: string) => unknown {
  return (text) => {
    const doc = parseDocument(text, { version, uniqueKeys: true });
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`yaml ${version}: ${problems.map((p) => p.message).join('; ')}`);
    return doc.toJS();
  };
}

const READERS: ReadonlyArray<readonly [string, (text: string) => unknown]> = [
  ['js-yaml', (text) => load(text)],
  ['js-yaml with the YAML 1.1 schema', (text) => load(text, { schema: YAML11_SCHEMA })],
  ['yaml 1.2', yamlPackage('1.2')],
  ['yaml 1.1', yamlPackage('1.1')],
];

describe('every string reads back as the same string', () => {
  test.each(READERS)('%s', (_name, read) => {
    fc.assert(fc.property(tree, (obj) => {
      expect(read(toYaml(obj))).toEqual(obj);
    }), { numRuns: 1000 });
  });
});

/**
 * Builds one kustomization holding every string as a ConfigMap data value, a data key, a top-level key
 * and an annotation value set by the kustomization itself, and returns what kustomize made of each.
 * Kustomize reads resources with go-yaml v3 and kustomization files with sigs.k8s.io/yaml (go-yaml v2);
 * the JSON patch makes it convert every ConfigMap to JSON and back, so a string Go reads as a number,
 * a boolean, null or a timestamp comes out as that (or the build fails), whatever the input's style.
 */
function kustomizeReadBack(strings: readonly string[]): Record<string, unknown> {
  const top = tempDir('gitops-synth-readers-');
  const dir = path.join(top, 'strings');
  fs.mkdirSync(dir);
  const numbered = (prefix: string) => Object.fromEntries(strings.map((s, i) => [`${prefix}${i}`, s]));
  // Kustomize drops a key `<<` however it is quoted (it merges it as YAML 1.1's merge key): values only.
  const asKeys = (prefix: string) => Object.fromEntries(strings.flatMap((s, i) => (s === '<<' ? [] : [[s, `${prefix}${i}`]])));
  const topLevel = Object.fromEntries(Object.entries(asKeys('t')).filter(([key]) => !TOP_LEVEL_FIELDS.has(key)));
  const objects: Manifest[] = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'values' }, data: numbered('v') },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keys' }, data: asKeys('k') },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'top-level' }, ...topLevel },
  ];
  fs.writeFileSync(path.join(dir, 'configmaps.yaml'), serializeObjects(objects));
  // Only values: kustomize writes the keys of commonAnnotations without quotes (`0X1F` became a number).
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), toYaml({ resources: ['configmaps.yaml'], commonAnnotations: numbered('a') }));
  fs.writeFileSync(path.join(top, 'kustomization.yaml'), toYaml({
    resources: ['strings'],
    patches: [{ target: { kind: 'ConfigMap' }, patch: JSON.stringify([{ op: 'test', path: '/kind', value: 'ConfigMap' }]) }],
  }));
  let output: string;
  try {
    output = kustomizeBuild(top);
  } catch (e) {
    // Kustomize prints the whole object before the reason: keep the reason.
    throw new Error(`kubectl kustomize failed: …${String((e as Error).message).trim().slice(-400)}`);
  }
  const built = new Map<string, Record<string, unknown>>();
  for (const doc of loadAll(output) as Array<Record<string, unknown> & { metadata: { name: string } }>) built.set(doc.metadata.name, doc);
  const values = built.get('values');
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = built.get('top-level') ?? {};
  return {
    values: values?.data,
    annotations: (values?.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations,
    keys: built.get('keys')?.data,
    topLevel: rest,
    expected: { values: numbered('v'), annotations: numbered('a'), keys: asKeys('k'), topLevel },
  };
}

/** Fields of a ConfigMap that kustomize interprets: generated top-level keys leave them alone. */
const TOP_LEVEL_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable']);

/**
 * Whether kustomize can carry `s` at all, however it is written (go-yaml reads all of these back from
 * our YAML; kustomize fails or changes them on the way out). Kustomize converts every resource to JSON
 * and back and parses its own YAML again, and go-yaml refuses some of what it wrote: keys of 1,023
 * characters and more (a JSON key is an implicit key too, quotes included); DEL, C1 controls and
 * U+FFFE/U+FFFF, written unescaped ("control characters are not allowed"); multi-line strings with a
 * line that starts with a tab, written as a block scalar ("found a tab character where an indentation
 * space is expected"). NEL, U+2028 and U+2029 come out as YAML 1.1 line breaks, which YAML 1.2 readers
 * read differently. The in-process readers above cover these strings.
 */
function kustomizeCarries(s: string): boolean {
  return s.length < 1000 && !/[\x7F-\x9F\u2028\u2029\uFFFE\uFFFF]/.test(s) && !(s.includes('\n') && /(^|\n)\t/.test(s));
}

function expectReadBack(strings: readonly string[]): void {
  const { expected, ...read } = kustomizeReadBack(strings);
  expect(read).toEqual(expected);
}

describeWithKubectl('kustomize reads every string back as the same string', () => {
  test('the strings of issue 14 and their kind', () => {
    expectReadBack(['0X1F', '0B11', '0O17', '081_000', '0_9', '0x1f', '0b11', '0o17', '0755', '1_000', '-_1', '1:20', '190:20:30.15', '.inf', '-.Inf',
      '.NaN', '~', 'Null', 'NULL', 'y', 'N', 'yes', 'Off', 'ON', 'True', '2020-1-2', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
      '1e3', '1E3', '.5', '+1', ' a', 'a ', '<<', '=', '--- a', '... a', '---', '...', 'e5', '1.21.1', '250m', '/tmp', 'a'.repeat(999)]);
  });

  test.each([
    ['a plain key', 'a'.repeat(1025)],
    ['a key measured in code points', '😀'.repeat(600)],
  ])('reads %s longer than 1,024 characters as an explicit key', (_name, key) => {
    // Kustomize cannot carry such a key in a resource (see kustomizeCarries), but it reads the
    // kustomization file with sigs.k8s.io/yaml (go-yaml v2) and names an unknown field in full.
    const dir = tempDir('gitops-synth-readers-');
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), toYaml({ resources: [], [key]: 'x' }));
    // kubectl quotes the error: `err="invalid Kustomization: json: unknown field \"<key>\""`.
    expect(() => kustomizeBuild(dir)).toThrow(`json: unknown field \\"${key}\\"`);
  });

  test('generated strings of every dangerous shape', () => {
    // A few batches of up to 200 strings, one kubectl run (~0.1 s) each; a failing batch shrinks to the
    // strings that fail.
    fc.assert(fc.property(fc.uniqueArray(rareLong.filter(kustomizeCarries), { minLength: 1, maxLength: 200, size: 'max' }), (strings) => {
      expectReadBack(strings);
    }), { numRuns: HAS_KUBECTL ? 4 : 1 });
  });
});
