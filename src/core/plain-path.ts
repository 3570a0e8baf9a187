import * as path from 'path';

/** Segments of safe characters, none `.` or `..`, joined by single slashes. */
const SIMPLE_PATH = /^(?!\.\.?(?:\/|$))[\w.-]+(?:\/(?!\.\.?(?:\/|$))[\w.-]+)*$/;

/**
 * Whether a path is relative, normalized (`path.posix.normalize` leaves it as it is) and does not
 * start with `..`. The regular expression answers for the usual paths without allocating; `path.posix`
 * decides the rest.
 */
export function isPlainRelativePath(p: string): boolean {
  if (!p.startsWith('..') && SIMPLE_PATH.test(p)) return true;
  const normalized = path.posix.normalize(p);
  return !path.posix.isAbsolute(p) && !normalized.startsWith('..') && normalized === p;
}
