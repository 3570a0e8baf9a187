import { EVENT_ID, getScalarValue, parseEvents } from 'js-yaml';

/** A key written twice in one JSON object. */
export interface DuplicateKey {
  /** The keys (and `[index]` of lists) leading to the object that holds it, outermost first. */
  readonly parents: readonly string[];
  /** The key, decoded (`"\u0061"` and `"a"` are one key). */
  readonly key: string;
  /** 1-based line of the first occurrence. */
  readonly firstLine: number;
  /** 1-based line of this (later) occurrence. */
  readonly line: number;
}

/** An object or list being walked: its path, and for an object the keys seen and whether a key comes next. */
interface Frame {
  readonly path: readonly string[];
  readonly keys?: Map<string, number>;
  expectsKey: boolean;
  key: string;
  index: number;
}

/**
 * Every key written more than once in an object of a JSON text, with its lines. `JSON.parse` keeps the
 * last value without a word; this finds what it dropped.
 *
 * Why js-yaml: JSON is YAML 1.2, and js-yaml's event parser gives each key's decoded value and its
 * offset in the text, so no JSON tokenizer of our own is needed. Call it only on text that `JSON.parse`
 * accepted (values come from `JSON.parse`; this only looks at keys) and whose nesting is at most
 * `maxDepth`: the event parser recurses once per level, and refuses deeper text with a YAMLException.
 */
export function duplicateJsonKeys(text: string, maxDepth: number): DuplicateKey[] {
  const events = parseEvents(text, { maxDepth });
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) continue;
    if (event.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    const parent = stack[stack.length - 1];
    let path: readonly string[] = [];
    if (parent?.keys && parent.expectsKey && event.type === EVENT_ID.SCALAR) {
      const key = getScalarValue(text, event);
      const first = parent.keys.get(key);
      if (first === undefined) parent.keys.set(key, event.valueStart);
      else found.push({ parents: parent.path, key, firstLine: lineOf(first), line: lineOf(event.valueStart) });
      parent.key = key;
      parent.expectsKey = false;
      continue;
    }
    if (parent?.keys) {
      path = [...parent.path, parent.key];
      parent.expectsKey = true;
    } else if (parent) {
      path = [...parent.path, `[${parent.index++}]`];
    }
    if (event.type === EVENT_ID.MAPPING) stack.push({ path, keys: new Map(), expectsKey: true, key: '', index: 0 });
    else if (event.type === EVENT_ID.SEQUENCE) stack.push({ path, expectsKey: false, key: '', index: 0 });
  }
  return found;
}
