import * as path from 'path';
import { Check } from './check';
import { isPlainRelativePath } from '../synth/plain-path';
import { Problem } from '../synth/problem';

/**
 * The rendered tree is consistent: no two constructs write the same file, every path stays inside
 * the output folder, and every Application that points into this repository points at a folder
 * that the tree contains.
 */
export const checkTree: Check = (repo, files) => {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    if (!isPlainRelativePath(file.path)) {
      problems.push({ subject: file.source, field: 'path', value: JSON.stringify(file.path), message: 'is not a plain relative path inside the output folder', hint: 'use names without "/", ".." or leading "/"' });
    }
    const previous = seen.get(file.path);
    if (previous !== undefined) {
      problems.push({ subject: file.source, field: 'path', value: JSON.stringify(file.path), message: `is also written by ${previous}`, hint: 'give the two constructs different names' });
    }
    seen.set(file.path, file.source);
  }
  const folders = new Set(files
    .filter((f) => f.path.endsWith(KUSTOMIZATION_SUFFIX) || f.path === KUSTOMIZATION)
    .map((f) => path.posix.dirname(f.path)));
  for (const file of files) {
    for (const obj of file.objects) {
      if (obj.kind !== 'Application') continue;
      const spec = (obj as { spec?: { source?: GitSource; sources?: GitSource[] } }).spec;
      for (const source of spec?.sources ?? (spec?.source ? [spec.source] : [])) {
        if (source.repoURL !== repo.repoURL || source.path === undefined) continue;
        const treeDir = repo.layout.argoPathPrefix ? path.posix.relative(repo.layout.argoPathPrefix, source.path) : source.path;
        if (!folders.has(treeDir)) {
          problems.push({
            subject: file.source,
            field: 'spec.source.path',
            value: JSON.stringify(source.path),
            message: 'points at a folder the tree does not contain',
            hint: `check GitOpsRepo pathInRepo ("${repo.layout.argoPathPrefix}") against where Argo CD sees the tree`,
          });
        }
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
