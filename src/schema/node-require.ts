import * as nodeModule from 'module';
import * as vm from 'vm';

/** `require` as Node implements it. */
export type NodeRequire = NodeJS.Require;

/**
 * Node's own `require`, resolving from this file, also where a test runner replaced `require`, the
 * `module` module and `process` with its own: jest does, and its `require` cannot load ES modules.
 * The schema packages are ES modules only; Node's `require` loads them synchronously since Node.js
 * 20.19 and 22.12.
 */
export function nodeRequire(): NodeRequire {
  // `process` of Node's main context: under jest, the test's `process` and `module` are jest's copies.
  const nodeProcess = vm.runInThisContext('process') as { getBuiltinModule?: (id: string) => unknown };
  const builtin = nodeProcess.getBuiltinModule?.('module') as typeof nodeModule | undefined;
  return (builtin ?? nodeModule).createRequire(__filename);
}
