import { Construct } from 'constructs';

/**
 * A construct id under `scope` derived from a name. Names are checked (and duplicates reported with
 * every other problem) by the synth, so a duplicate or odd name must not throw here.
 */
export function uniqueId(scope: Construct, name: unknown): string {
  const base = String(name).replace(/\//g, '∕') || '(empty)';
  let id = base;
  for (let n = 2; scope.node.tryFindChild(id); n++) id = `${base}~${n}`;
  return id;
}
