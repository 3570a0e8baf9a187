import { dump } from 'js-yaml';

/**
 * A fast writer for the YAML that `js-yaml` 5 `dump(obj, { lineWidth: -1, noRefs: true, sortKeys })`
 * produces for plain manifests — byte for byte the same text.
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
  const newline = lineStart(level);
  for (let i = 0; i < keys.length; i++) {
    if (!compact || i > 0) out.push(newline);
    out.push(stringKey(keys[i]));
    // After a key, a nested collection is not compact: `key:` then the collection on the next lines.
    writeNode(out, level + 1, obj[keys[i]], false, ': ', order);
  }
}

function writeSequence(out: string[], level: number, items: readonly unknown[], compact: boolean, order: KeyOrder): void {
  const newline = lineStart(level);
  for (let i = 0; i < items.length; i++) {
    if (!compact || i > 0) out.push(newline);
    out.push('- ');
    // js-yaml writes a missing array element as null; a collection starts on the dash's line.
    writeNode(out, level + 1, items[i] === undefined ? null : items[i], true, '', order);
  }
}

const LINE_STARTS: string[] = [];

/** A line break and the indentation of `level`. */
function lineStart(level: number): string {
  return (LINE_STARTS[level] ??= '\n' + '  '.repeat(level));
}

function stringValue(value: string): string {
  if (value.length > LONGEST_KEYWORD && PLAIN.test(value)) return value;
  return viaJsYaml(value);
}

function stringKey(key: string): string {
  // Keys repeat in every object (and are mostly interned property names): one lookup answers for them.
  let text = keyCache.get(key);
  if (text === undefined) {
    if (key.length > LONGEST_KEYWORD && PLAIN.test(key)) {
      text = key;
    } else {
      // Multi-line and very long keys become explicit `? key` pairs.
      if (key.indexOf('\n') !== -1 || key.length > 1024) throw UNSUPPORTED;
      const full = dump({ [key]: 0 }, { lineWidth: -1, noRefs: true });
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
    const full = dump({ a: value }, { lineWidth: -1, noRefs: true });
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
  const shiftOfContent = 2 * level;
  const indicator = /^\n* /.test(value) ? '2' : '';
  const chomping = value.endsWith('\n') ? '' : '-';
  const pad = ' '.repeat(shiftOfContent);
  let body = '';
  let position = 0;
  while (position < value.length) {
    const next = value.indexOf('\n', position);
    const line = next === -1 ? value.slice(position) : value.slice(position, next + 1);
    position = next === -1 ? value.length : next + 1;
    if (line.length > 0 && line !== '\n') body += pad;
    body += line;
  }
  if (body.endsWith('\n')) body = body.slice(0, -1);
  return '|' + indicator + chomping + '\n' + body;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function remember<K>(cache: Map<K, string>, key: K, text: string): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, text);
}
