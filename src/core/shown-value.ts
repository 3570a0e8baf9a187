/**
 * How many characters of a value a problem shows. Values come from data files and plain JavaScript:
 * a 10 MB tag echoed in full would bury the report and the CI log it lands in.
 */
export const SHOWN_CHARACTERS = 60;

/**
 * A text as a problem shows it: whole when short, else its first {@link SHOWN_CHARACTERS} characters
 * and its length, e.g. `aaaa… (70 characters)`.
 */
export function shownText(text: string): string {
  return text.length <= SHOWN_CHARACTERS ? text : `${head(text)}… (${text.length} characters)`;
}

/**
 * A key of a data file as a problem's field shows it: as written when it is plain, quoted (JSON) when
 * it is empty or holds spaces or control characters, and cut short like {@link shownText}.
 */
export function shownKey(key: string): string {
  if (/^[\x21-\x7e]+$/.test(key)) return shownText(key);
  return key.length <= SHOWN_CHARACTERS ? JSON.stringify(key) : `${JSON.stringify(head(key)).slice(0, -1)}…" (${key.length} characters)`;
}

/**
 * A value as a problem shows it: JSON (strings quoted), cut short after {@link SHOWN_CHARACTERS}
 * characters with the full length, e.g. `"aaaa…" (10000000 characters)`. Never throws: a value JSON
 * cannot hold (a cycle, a BigInt) is shown by its type.
 */
export function shownValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    return value.length <= SHOWN_CHARACTERS ? JSON.stringify(value) : `${JSON.stringify(head(value)).slice(0, -1)}…" (${value.length} characters)`;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json !== undefined) return shownText(json);
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null) return shownText(String(value));
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object that JSON cannot hold';
}

/** The first characters of a text, without splitting a surrogate pair (an emoji cut in half is not valid UTF-8). */
function head(text: string): string {
  const cut = text.slice(0, SHOWN_CHARACTERS);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
