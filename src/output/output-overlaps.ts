import * as path from 'path';
import { Problem } from '../core/problem';

/** An output folder as {@link overlapProblems} names it. */
export interface NamedOutdir {
  /** The folder as the user named it. */
  readonly outdir: string;
  /** What the folder holds, as problems name it, e.g. `tree` or `terraform`. */
  readonly name: string;
  /**
   * How to give this folder a place of its own when it overlaps an earlier one.
   * @default - give it a folder of its own, next to the other one
   */
  readonly separateHint?: string;
}

/**
 * Every pair of output folders of which one is the other, inside it, or holds it: a writer that prunes
 * the files it no longer generates would remove the other folder's files, the whole of them at once.
 * Each pair is reported once, on the later folder, named by the earlier one. Compared as paths, without
 * looking at the file system.
 */
export function overlapProblems(outputs: readonly NamedOutdir[]): Problem[] {
  const problems: Problem[] = [];
  const resolved = outputs.map((o) => path.resolve(o.outdir));
  outputs.forEach((later, j) => {
    for (let i = 0; i < j; i++) {
      if (!inside(resolved[i], resolved[j]) && !inside(resolved[j], resolved[i])) continue;
      const earlier = outputs[i];
      problems.push({
        subject: `output ${earlier.outdir}`,
        field: `${later.name} outdir`,
        value: JSON.stringify(later.outdir),
        message: `is the ${earlier.name}'s output folder, inside it, or holds it; each writer would remove the other's files as no longer generated`,
        hint: later.separateHint ?? `give the ${later.name} a folder of its own, next to the ${earlier.name}'s`,
      });
    }
  });
  return problems;
}

/** Whether `child` is `parent` or inside it (both absolute). */
function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
