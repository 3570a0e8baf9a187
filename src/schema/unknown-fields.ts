import { AjvError } from './schema-error';

/** A compiled JSON-schema validator (an Ajv standalone function), as the schema packages ship them. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly AjvError[] | null;
}

/** The outcome of {@link validateReadingFields}. */
export interface StrictOutcome {
  /** The validator's own errors (types, enums, required fields, formats…). */
  readonly errors: readonly AjvError[];
  /** JSON pointers of the fields the schema does not declare, in document order. */
  readonly unknownFields: readonly string[];
}

/**
 * Runs a compiled validator on a view of `obj` that records which fields of each object the
 * validator reads, and reports the fields present but never read: the ones the schema does not declare.
 *
 * The schema packages' validators do not reject unknown fields (their schemas leave
 * `additionalProperties` open), but a compiled validator reads every property its schema declares,
 * present or not, and enumerates the keys of a map (`additionalProperties: {…}`). So, per object:
 * - some keys read and none enumerated: a structured object, and any other key is unknown;
 * - keys enumerated: a map, every key allowed;
 * - nothing read: a free-form value (`x-kubernetes-preserve-unknown-fields`, an untyped field), left open.
 *
 * `obj` is not changed, and frozen objects are fine: the validator sees stand-ins that read through.
 */
export function validateReadingFields(validate: CompiledValidator, obj: object): StrictOutcome {
  const views: ObjectView[] = [];
  const root = viewOf(obj, '', views);
  const valid = validate(root);
  const errors = valid ? [] : [...(validate.errors ?? [])];
  const unknownFields: string[] = [];
  for (const view of views) {
    if (Array.isArray(view.target) || view.enumerated || view.read.size === 0) continue;
    for (const key of Object.keys(view.target)) {
      if (!view.read.has(key) && !UNCHECKED_NAMES.has(key)) unknownFields.push(`${view.pointer}/${escapePointer(key)}`);
    }
  }
  return { errors, unknownFields: unknownFields.length > 1 ? unknownFields.sort(byDocumentOrder(obj)) : unknownFields };
}

/**
 * Field names the packages' compiled schemas leave out although the types declare them: their
 * generator drops every schema key named `description` (a JSON-schema annotation), the property of
 * that name included (Argo CD's `AppProject.spec.description`). Never reported as unknown.
 */
const UNCHECKED_NAMES: ReadonlySet<string> = new Set(['description']);

/** What the validator did with one object or array of the document. */
interface ObjectView {
  readonly target: object;
  readonly pointer: string;
  readonly read: Set<string>;
  enumerated: boolean;
}

/** A proxy reading through to `target` that records reads in a new {@link ObjectView}. */
function viewOf(target: object, pointer: string, views: ObjectView[]): object {
  const view: ObjectView = { target, pointer, read: new Set(), enumerated: false };
  views.push(view);
  const children = new Map<string, object>();
  const source = target as Record<string | symbol, unknown>;
  // The proxy's own target is an empty stand-in: proxy invariants bind a proxy of a frozen object
  // to return its values unchanged, and the validator must get views of the nested objects.
  return new Proxy(Array.isArray(target) ? [] : {}, {
    get(_stand, key) {
      const value = source[key];
      if (typeof key !== 'string') return value;
      view.read.add(key);
      if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(target, key)) return value;
      let child = children.get(key);
      if (!child) {
        child = viewOf(value, `${pointer}/${escapePointer(key)}`, views);
        children.set(key, child);
      }
      return child;
    },
    has(_stand, key) {
      if (typeof key === 'string') view.read.add(key);
      return key in target;
    },
    ownKeys() {
      view.enumerated = true;
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(_stand, key) {
      if (typeof key === 'string') view.read.add(key);
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
      // Reported as configurable: the stand-in has no such property (a proxy invariant).
      return descriptor && { ...descriptor, configurable: true };
    },
    set() {
      throw new TypeError('schema validation must not change the object');
    },
  });
}

/** Escapes a key for a JSON pointer (RFC 6901), as Ajv's `instancePath` does. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Orders pointers as their fields appear in `obj` (depth first, in key order). */
function byDocumentOrder(obj: object): (a: string, b: string) => number {
  const order = new Map<string, number>();
  const walk = (node: unknown, pointer: string): void => {
    order.set(pointer, order.size);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${escapePointer(key)}`);
  };
  walk(obj, '');
  return (a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
}
