import * as path from 'path';
import { Check } from './check';
import { renderedObjectsOf } from './rendered-objects';
import { isPlainRelativePath } from '../core/plain-path';
import { Problem } from '../core/problem';
import { INDEX_FILE, TXN_DIR } from '../core/reserved-paths';

/**
 * The rendered tree is consistent: no two constructs write the same file, every path stays inside
 * the output folder, and every Application that points into this repository points at a folder
 * that the tree contains (a kustomization, or in the rendered layout a folder of rendered objects).
 */
export const checkTree: Check = (ctx) => {
  const { repo, files } = ctx;
  const problems: Problem[] = [];
  const prefix = repo.layout.argoPathPrefix;
  if (prefix && (path.posix.isAbsolute(prefix) || path.posix.normalize(prefix).startsWith('..'))) {
    problems.push({ subject: 'repository', field: 'pathInRepo', value: JSON.stringify(prefix), message: 'must be a relative folder inside the repository Argo CD watches', hint: 'use "" for a separate GitOps repository or "dist" when Argo CD watches this one' });
  }
  const seen = new Map<string, string>();
  const escaping = new Set<string>();
  const folders = new Set<string>();
  const renderedPrefix = repo.layout.isRendered ? `${repo.layout.renderedRoot}/` : undefined;
  for (const file of files) {
    if (!isPlainRelativePath(file.path) && !escaping.has(file.source)) {
      // One report per owner: every file of a badly named service escapes alike.
      escaping.add(file.source);
      problems.push({ subject: file.source, field: 'path', value: JSON.stringify(file.path), message: 'is not a plain relative path inside the output folder', hint: 'use names without "/", ".." or leading "/"' });
    } else if (isReserved(file.path) && !escaping.has(file.source)) {
      escaping.add(file.source);
      problems.push({ subject: file.source, field: 'path', value: JSON.stringify(file.path), message: 'names a place gitops-synth keeps for itself or Git (a .git folder, .gitops-synth-txn/, the index), where a generated file would be lost or break the next synth', hint: 'choose another file name' });
    }
    const previous = seen.get(file.path);
    // Two owners with the same subject are a duplicate name, which the names check reports.
    if (previous !== undefined && previous !== file.source) {
      problems.push({ subject: file.source, field: 'path', value: JSON.stringify(file.path), message: `is also written by ${previous}`, hint: 'give the two constructs different names' });
    }
    seen.set(file.path, file.source);
    if (file.path === KUSTOMIZATION) folders.add('.');
    else if (file.path.endsWith(KUSTOMIZATION_SUFFIX)) folders.add(file.path.slice(0, -KUSTOMIZATION_SUFFIX.length));
    // A rendered folder is a plain directory of objects: Argo CD applies whatever YAML it holds.
    else if (renderedPrefix && file.path.startsWith(renderedPrefix)) folders.add(path.posix.dirname(file.path));
  }
  for (const { file: { source: owner }, obj } of renderedObjectsOf(ctx).applications) {
    const spec = (obj as { spec?: { source?: GitSource; sources?: GitSource[] } }).spec;
    for (const source of spec?.sources ?? (spec?.source ? [spec.source] : [])) {
      if (source.repoURL !== repo.repoURL || source.path === undefined) continue;
      const treeDir = repo.layout.argoPathPrefix ? path.posix.relative(repo.layout.argoPathPrefix, source.path) : source.path;
      if (!folders.has(treeDir)) {
        problems.push({
          subject: owner,
          field: 'spec.source.path',
          value: JSON.stringify(source.path),
          message: 'points at a folder the tree does not contain',
          hint: `check GitOpsRepo pathInRepo ("${repo.layout.argoPathPrefix}") against where Argo CD sees the tree`,
        });
      }
    }
  }
  return problems;
};

const KUSTOMIZATION = 'kustomization.yaml';
const KUSTOMIZATION_SUFFIX = '/' + KUSTOMIZATION;

interface GitSource {
  readonly repoURL?: string;
  readonly path?: string;
}

/** Whether a generated path names what gitops-synth or Git keep for themselves: a `.git` folder, the transaction folder, the index. */
function isReserved(p: string): boolean {
  if (p === INDEX_FILE) return true;
  // Every reserved name starts with `.git`: a path without it is answered without splitting it.
  if (!p.includes('.git')) return false;
  const segments = p.split('/');
  return segments[0] === TXN_DIR || segments.includes('.git');
}
