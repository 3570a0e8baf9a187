import { DEFAULT_SCALAR_STYLE_RULES, Document, dump, DumpOptions, SCALAR_STYLE, ScalarLayout, ScalarStyleRule, visit } from 'js-yaml';

/**
 * A fast writer for the YAML that `js-yaml` 5 `dump(obj, { ...JS_YAML_OPTIONS, sortKeys })` produces for
 * plain manifests — byte for byte the same text.
 *
 * Why: js-yaml 5 builds an AST and styles every scalar with several Unicode regular expressions, which
 * makes it the largest cost of a synth (about 65 µs per file). Manifests are block mappings and
 * sequences of a few scalar kinds; this writer emits those directly and asks js-yaml only about
 * scalars it cannot style with certainty (remembering the answer, since such strings repeat: `'yes'`,
 * `500m`, `''`). Anything outside that subset (a multi-line key, a tab in a multi-line string, a
 * `Date`, a class instance…) makes {@link writeBlockYaml} return `undefined`, and the caller uses
 * js-yaml for the whole object.
 */
export function writeBlockYaml(value: unknown, order: KeyOrder): string | undefined {
  // Pieces collected in one array and joined once: one flat string, no chain of concatenations to copy.
  const out: string[] = [];
  try {
    if (isPlainObject(value)) {
      const keys = order.definedKeys(value);
      if (keys.length === 0) out.push('{}');
      else writeMapping(out, 0, value, keys, true, order);
    } else if (Array.isArray(value)) {
      if (value.length === 0) out.push('[]');
      else writeSequence(out, 0, value, true, order);
    } else {
      // A scalar document is styled differently at the root (no indentation to measure from).
      return undefined;
    }
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
  out.push('\n');
  return out.join('');
}

/**
 * The order of the keys of every mapping: the leading keys in the order given, then all other keys in
 * UTF-16 code unit order (JavaScript's default string order). The same order expressed as a comparator
 * is what js-yaml's `sortKeys` receives.
 */
export class KeyOrder {
  private readonly leading: readonly string[];
  /** Sorted key lists by key sequence: objects built by the same code have the same keys, sorted once. */
  private readonly shapes = new ShapeNode();
  private shapeCount = 0;

  constructor(leading: readonly string[]) {
    this.leading = [...leading];
  }

  /** The comparator of this order, for `sort()` and js-yaml's `sortKeys`. */
  public readonly compare = (a: string, b: string): number => {
    const ra = this.rank(a);
    const rb = this.rank(b);
    if (ra !== rb) return ra - rb;
    return a < b ? -1 : a > b ? 1 : 0;
  };

  /** The own keys of `obj` whose values are defined (js-yaml leaves out the others), in this order. Do not modify the result. */
  public definedKeys(obj: Record<string, unknown>): readonly string[] {
    let node = this.shapes;
    // `for…in` walks the own keys of a plain object (the only kind written here) in `Object.keys`
    // order without allocating an array of them for every object.
    for (const key in obj) {
      if (obj[key] === undefined) continue;
      let next = node.next.get(key);
      if (next === undefined) {
        // Objects with data as keys (labels, Helm values) could grow the cache without bound.
        if (this.shapeCount >= SHAPE_LIMIT) return this.sort(obj);
        next = new ShapeNode();
        node.next.set(key, next);
        this.shapeCount++;
      }
      node = next;
    }
    node.sorted ??= this.sort(obj);
    return node.sorted;
  }

  private sort(obj: Record<string, unknown>): string[] {
    return Object.keys(obj).filter((key) => obj[key] !== undefined).sort(this.compare);
  }

  private rank(key: string): number {
    const i = this.leading.indexOf(key);
    return i === -1 ? this.leading.length : i;
  }
}

class ShapeNode {
  public readonly next = new Map<string, ShapeNode>();
  public sorted?: readonly string[];
}

const SHAPE_LIMIT = 10_000;

/** Thrown inside the writer to give up on an object; never escapes {@link writeBlockYaml}. */
const UNSUPPORTED = Symbol('unsupported');

/** Strings that are certainly plain scalars: a letter first, no spaces, no indicator that needs quoting. */
const PLAIN = /^[A-Za-z][\w.\/@=+-]*(?::[\w.\/@=+-]+)*$/;
/** Longest YAML 1.1 word that resolves to a boolean or null (`false`, `FALSE`); longer plain strings stay strings. */
const LONGEST_KEYWORD = 5;
/** Longest implicit key YAML allows (in characters, quotes included); longer keys must be explicit (`? key`). */
const LONGEST_IMPLICIT_KEY = 1024;
/** Multi-line strings written as a literal block: printable ASCII (no tabs) and line feeds. */
const LITERAL = /^[\x20-\x7E\n]*$/;

const valueCache = new Map<string | number, string>();
const keyCache = new Map<string, string>();
/** Bounds the memory of the caches over a long-lived process. */
const CACHE_LIMIT = 50_000;

/**
 * Writes a value below a mapping key (`compact` false: a non-empty collection starts on the next
 * line, after `key:`) or a sequence dash (`compact` true: it starts on the dash's line).
 * `prefix` is what precedes a value on the same line (`': '` after a key, `''` after `'- '`).
 */
function writeNode(out: string[], level: number, value: unknown, compact: boolean, prefix: string, order: KeyOrder): void {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out.push(prefix, '[]');
      } else {
        if (!compact) out.push(':');
        writeSequence(out, level, value, compact, order);
      }
      return;
    }
    if (!isPlainObject(value)) throw UNSUPPORTED;
    const keys = order.definedKeys(value);
    if (keys.length === 0) {
      out.push(prefix, '{}');
    } else {
      if (!compact) out.push(':');
      writeMapping(out, level, value, keys, compact, order);
    }
    return;
  }
  out.push(prefix, scalar(level, value));
}

function scalar(level: number, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.indexOf('\n') === -1 ? stringValue(value) : literalBlock(level, value);
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : viaJsYaml(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      // Only null reaches here.
      return 'null';
    default:
      throw UNSUPPORTED;
  }
}

function writeMapping(out: string[], level: number, obj: Record<string, unknown>, keys: readonly string[], compact: boolean, order: KeyOrder): void {
  const lines = keyLinesOf(level);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = obj[key];
    // The line break, the indentation and the key are one piece (with `: ` before a scalar): a file is
    // joined from a few pieces per line rather than four.
    const first = compact && i === 0;
    if (typeof value !== 'object' || value === null) {
      out.push(first ? keyLine(FIRST_KEYS, key, '', ': ') : keyLine(lines.scalar, key, lineStart(level), ': '), scalar(level + 1, value));
    } else {
      out.push(first ? stringKey(key) : keyLine(lines.nested, key, lineStart(level), ''));
      // After a key, a nested collection is not compact: `key:` then the collection on the next lines.
      writeNode(out, level + 1, value, false, ': ', order);
    }
  }
}

function writeSequence(out: string[], level: number, items: readonly unknown[], compact: boolean, order: KeyOrder): void {
  const dash = dashLine(level);
  for (let i = 0; i < items.length; i++) {
    // js-yaml writes a missing array element as null; a collection starts on the dash's line.
    const item = items[i] === undefined ? null : items[i];
    const start = compact && i === 0 ? '- ' : dash;
    if (typeof item !== 'object' || item === null) {
      out.push(start, scalar(level + 1, item));
    } else {
      out.push(start);
      writeNode(out, level + 1, item, true, '', order);
    }
  }
}

/** The start of a mapping's line at one level, by key: the line break, indentation and key, and `: ` before a scalar. */
interface KeyLines {
  readonly scalar: Map<string, string>;
  readonly nested: Map<string, string>;
}

const KEY_LINES: KeyLines[] = [];
/** The first key of a mapping on a dash's line (no line break before it), with `: `. */
const FIRST_KEYS = new Map<string, string>();

function keyLinesOf(level: number): KeyLines {
  return (KEY_LINES[level] ??= { scalar: new Map(), nested: new Map() });
}

function keyLine(cache: Map<string, string>, key: string, lead: string, tail: string): string {
  let text = cache.get(key);
  if (text === undefined) {
    text = lead + stringKey(key) + tail;
    remember(cache, key, text);
  }
  return text;
}

const DASH_LINES: string[] = [];

/** A line break, the indentation of `level` and a sequence dash. */
function dashLine(level: number): string {
  return (DASH_LINES[level] ??= lineStart(level) + '- ');
}

const LINE_STARTS: string[] = [];

/** A line break and the indentation of `level`. */
function lineStart(level: number): string {
  return (LINE_STARTS[level] ??= '\n' + '  '.repeat(level));
}

function stringValue(value: string): string {
  return isCommonPlain(value) ? value : viaJsYaml(value);
}

/**
 * The common plain strings, decided without js-yaml: {@link PLAIN}, longer than any keyword, not a
 * mantissa-less exponent (`e12345`); they are {@link isUnambiguousPlain}. All other strings go through
 * js-yaml and {@link quoteAmbiguousPlain}.
 */
function isCommonPlain(value: string): boolean {
  if (value.length <= LONGEST_KEYWORD || !PLAIN.test(value)) return false;
  const first = value.charCodeAt(0);
  return !((first === 0x65 || first === 0x45) && EXPONENT.test(value));
}

function stringKey(key: string): string {
  // Keys repeat in every object (and are mostly interned property names): one lookup answers for them.
  let text = keyCache.get(key);
  if (text === undefined) {
    // Multi-line and very long keys become explicit `? key` pairs, which js-yaml writes.
    if (key.length > LONGEST_IMPLICIT_KEY || key.indexOf('\n') !== -1) throw UNSUPPORTED;
    if (isCommonPlain(key)) {
      text = key;
    } else {
      const full = dump({ [key]: 0 }, JS_YAML_OPTIONS);
      if (!full.endsWith(': 0\n') || full.startsWith('?')) throw UNSUPPORTED;
      text = full.slice(0, -4);
    }
    remember(keyCache, key, text);
  }
  return text;
}

/** A single-line scalar as js-yaml styles it; the same wherever it appears below the root. */
function viaJsYaml(value: string | number): string {
  // Keyed by the value itself: a Map tells 1 from '1', and +0 never gets here (only -0 does).
  let text = valueCache.get(value);
  if (text === undefined) {
    const full = dump({ a: value }, JS_YAML_OPTIONS);
    if (!full.startsWith('a: ') || full.indexOf('\n') !== full.length - 1) throw UNSUPPORTED;
    text = full.slice(3, -1);
    remember(valueCache, value, text);
  }
  return text;
}

/**
 * A multi-line string as a literal block (`|`, `|-`), indented below its parent; strings js-yaml would
 * quote or mark as open-ended instead (tabs, only whitespace, trailing blank lines) are not supported.
 */
function literalBlock(level: number, value: string): string {
  if (!LITERAL.test(value) || /^\s+$/.test(value) || value.endsWith('\n\n')) throw UNSUPPORTED;
  if (lastLineBlank(value)) return viaJsYaml(value);
  const shiftOfContent = 2 * level;
  const indicator = /^\n* /.test(value) ? '2' : '';
  const keep = value.endsWith('\n');
  const chomping = keep ? '' : '-';
  const pad = ' '.repeat(shiftOfContent);
  // Every line that is not empty is indented: the first one, and each line after a line break. The
  // final line break is the chomping indicator's; cut before indenting, so the joined text is never
  // flattened only to look at its end.
  const content = keep ? value.slice(0, -1) : value;
  return '|' + indicator + chomping + '\n' + (value.charCodeAt(0) === 0x0a ? '' : pad) + content.replace(NON_EMPTY_LINE_START, '\n' + pad);
}

/** A line break followed by a line that is not empty: where a literal block's lines are indented. */
const NON_EMPTY_LINE_START = /\n(?=[^\n])/g;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function remember<K>(cache: Map<K, string>, key: K, text: string): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, text);
}

/**
 * Whether `value` may be written as a plain (unquoted) scalar: only if every reader of the tree reads it
 * back as the same string — YAML 1.1 (its spec's and the `yaml` package's resolvers), YAML 1.2, and Go's
 * go-yaml v2 and v3, which Argo CD, kustomize and kubectl read with.
 *
 * An allow-list, because the readers disagree and each misreads more than the others know about
 * (`0X1F` is 31 to Go and a string to js-yaml; `081_000` is 81000 to Go and YAML 1.1; `e5` is a float to
 * the `yaml` package's YAML 1.1 schema): a string is plain when it has a conservative plain syntax
 * (ASCII letters, digits, `_ . / @ = + , -`, a colon not followed by a space, single spaces between words;
 * no indicator, no leading or trailing space, no document marker) and either
 * - starts with a letter: the only non-strings that begin with a letter are the YAML 1.1 boolean and
 *   null words (`y`, `No`, `oN`, `NULL` in any case) and a mantissa-less exponent (`e5`), or
 * - contains a character that no number, timestamp or special float uses (`250m`, `/tmp`, `../base`):
 *   those are written with digits, `+ - . _ :`, spaces, hex digits, `x o b` prefixes, `t z` of
 *   timestamps and the letters of `.inf`/`.nan`, or
 * - is a dotted version of three or more parts (`1.21.1`), which no implementation reads as a number.
 * Everything else (`~`, `<<`, `=`, `0o17`, `1:20`, `.NaN`, `2020-1-2`, `é`, ` a`…) is quoted.
 */
export function isUnambiguousPlain(value: string): boolean {
  if (!PLAIN_SYNTAX.test(value)) return false;
  if (/^[A-Za-z]/.test(value)) {
    return !(value.length <= LONGEST_KEYWORD && KEYWORDS.has(value.toLowerCase())) && !EXPONENT.test(value);
  }
  return NOT_NUMERIC.test(value) || DOTTED_VERSION.test(value);
}

/** js-yaml's dump options for one scalar or key, as the tree is written (see {@link JS_YAML_OPTIONS}). */
const SCALAR_OPTIONS: Readonly<DumpOptions> = {
  lineWidth: -1,
  noRefs: true,
  scalarStyleRules: [
    DEFAULT_SCALAR_STYLE_RULES.applyQuoteFlowKeysOption,
    DEFAULT_SCALAR_STYLE_RULES.doubleQuoteForInvisibles,
    DEFAULT_SCALAR_STYLE_RULES.doubleQuoteWhitespaceOnly,
    DEFAULT_SCALAR_STYLE_RULES.applyForceQuotesOption,
    DEFAULT_SCALAR_STYLE_RULES.tryLongOrMultilineAsBlock,
    quoteBlockWithBlankLastLine,
    quoteAmbiguousPlain,
    DEFAULT_SCALAR_STYLE_RULES.quoteInvalidPlain,
    // Turns the single quotes chosen above into double quotes where single quotes cannot hold the string.
    DEFAULT_SCALAR_STYLE_RULES.fallbackToDoubleQuoted,
  ] satisfies ScalarStyleRule[],
};

/**
 * Options of every js-yaml dump of the tree: no line folding, no anchors, and js-yaml's scalar styling
 * with two rules more: strings outside {@link isUnambiguousPlain} are quoted, and so are multi-line
 * strings whose last line is only spaces; keys too long for an implicit key by any reader's count are
 * explicit (`? key`). The writer below asks js-yaml with these options, so both write the same bytes.
 */
export const JS_YAML_OPTIONS: Readonly<DumpOptions> = { ...SCALAR_OPTIONS, transform: explicitLongAstralKeys };

/**
 * js-yaml makes a key explicit when its text exceeds 1,024 code points, as YAML and Go count; the
 * `yaml` package counts UTF-16 code units, so a key of 600 emoji is too long for it only. Such keys
 * become explicit block keys, `? |-` (measured by writing the key alone: characters outside the BMP are
 * rare in keys).
 */
function explicitLongAstralKeys(documents: Document[]): void {
  visit(documents, (node) => {
    if (node.kind !== 'mapping') return;
    for (const { key } of node.items) {
      if (key.kind !== 'scalar' || !SURROGATE.test(key.value)) continue;
      const text = dump({ [key.value]: 0 }, SCALAR_OPTIONS);
      if (!text.startsWith('?') && text.length - ': 0\n'.length > LONGEST_IMPLICIT_KEY) key.style = SCALAR_STYLE.LITERAL_BLOCK;
    }
  });
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** js-yaml styling rule: a string that would stay plain is single-quoted unless {@link isUnambiguousPlain}. */
function quoteAmbiguousPlain(layout: ScalarLayout): void {
  const node = layout.node;
  if (layout.style !== SCALAR_STYLE.PLAIN || node.tagged || node.tag !== layout.presenterOptions.schema.defaultScalarTag.tagName) return;
  if (!isUnambiguousPlain(node.value)) layout.style = SCALAR_STYLE.SINGLE_QUOTED;
}

/**
 * js-yaml styling rule: a multi-line string whose last line is only spaces is double-quoted, not a
 * literal block. Those spaces are invisible at the end of the block, editors strip them, and the `yaml`
 * package drops such a line after an indentation indicator (` a\n ` read as ` a`).
 */
function quoteBlockWithBlankLastLine(layout: ScalarLayout): void {
  if (layout.style === SCALAR_STYLE.LITERAL_BLOCK && lastLineBlank(layout.node.value)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}

/** Whether the last line of a multi-line string (before a final line break) is only spaces; reads from the end. */
function lastLineBlank(value: string): boolean {
  const end = value.charCodeAt(value.length - 1) === 0x0a ? value.length - 1 : value.length;
  let i = end - 1;
  while (i >= 0 && value.charCodeAt(i) === 0x20) i--;
  return i < end - 1 && i >= 0 && value.charCodeAt(i) === 0x0a;
}

/** The plain syntax every YAML reader agrees on in block context (no flow collections are written). */
const PLAIN_SYNTAX = /^(?!\.\.\.)[A-Za-z0-9./](?:[\w./@=+,-]|:(?! |$))*(?: (?:[\w./@=+,-]|:(?! |$))+)*$/;
/** YAML 1.1 booleans and null, compared in lower case: readers differ on which case variants count. */
const KEYWORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);
/** An exponent without mantissa: the `yaml` package's YAML 1.1 float pattern makes the mantissa optional. */
const EXPONENT = /^[eE][-+]?[0-9]+$/;
/** A character outside every number, timestamp and special float of YAML 1.1, YAML 1.2 and Go. */
const NOT_NUMERIC = /[^0-9A-Fa-f+\-._: xXoOtTzZiInN]/;
/**
 * `1.21.1`: the YAML 1.1 spec's float pattern allows dots after the first, but no implementation (go-yaml,
 * js-yaml, `yaml`, PyYAML, SnakeYAML) reads more than one.
 */
const DOTTED_VERSION = /^[0-9]+(?:\.[0-9]+){2,}$/;
