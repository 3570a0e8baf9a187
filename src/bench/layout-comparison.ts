import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestFile, TreeLayout } from '..';
import { defineBenchRepo } from './bench-repo';
import { interleave, measure, median, Timing } from './timing';
import { synth } from '../synth/synthesize';

/** The kustomize and the rendered layout of the same generated repository, side by side. */
export interface LayoutComparison {
  readonly services: number;
  /** `synth()` of the tree (no AWS side, which both layouts share) into an empty folder, median ms. */
  readonly kustomizeSynthMs: number;
  readonly renderedSynthMs: number;
  /** Files of each tree. */
  readonly kustomizeFiles: number;
  readonly renderedFiles: number;
  /**
   * `kustomize build` runs Argo CD's repo-server does to generate every Application's manifests once
   * (a full sync with a cold cache): one per source folder holding a kustomization.
   */
  readonly kustomizeBuildsKustomize: number;
  readonly kustomizeBuildsRendered: number;
  /** Sources applied as plain directories (no tool runs) in each layout. */
  readonly directorySourcesKustomize: number;
  readonly directorySourcesRendered: number;
}

/** Measures both layouts for `services` services, interleaved run by run. */
export function compareLayouts(services: number, runs: number): LayoutComparison {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-bench-layouts-'));
  let counter = 0;
  const freshDir = () => path.join(scratch, `run-${counter++}`, 'dist');
  try {
    const repos = {
      kustomize: defineBenchRepo(services, { aws: false, layout: TreeLayout.kustomize() }),
      rendered: defineBenchRepo(services, { aws: false, layout: TreeLayout.rendered() }),
    };
    const times: Record<keyof typeof repos, Timing[]> = { kustomize: [], rendered: [] };
    for (let run = 0; run < runs; run++) {
      for (const layout of interleave<keyof typeof repos>(['kustomize', 'rendered'], run)) {
        const dir = freshDir();
        times[layout].push(measure(() => synth(repos[layout], { outdir: dir })));
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      }
    }
    const kustomize = repoServerWork(repos.kustomize.renderFiles());
    const rendered = repoServerWork(repos.rendered.renderFiles());
    return {
      services,
      kustomizeSynthMs: median(times.kustomize.map((t) => t.ms)),
      renderedSynthMs: median(times.rendered.map((t) => t.ms)),
      kustomizeFiles: kustomize.files,
      renderedFiles: rendered.files,
      kustomizeBuildsKustomize: kustomize.kustomizeBuilds,
      kustomizeBuildsRendered: rendered.kustomizeBuilds,
      directorySourcesKustomize: kustomize.directories,
      directorySourcesRendered: rendered.directories,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * What Argo CD's repo-server runs to generate the manifests of every Application of a tree once: for
 * each source in a folder of the tree, `kustomize build` when the folder holds a kustomization, else
 * nothing (a plain directory). Helm chart sources are left out: both layouts have the same.
 * The tree's paths are the Applications' paths (`pathInRepo` is empty in the benchmark).
 */
export function repoServerWork(files: readonly ManifestFile[]): { files: number; kustomizeBuilds: number; directories: number } {
  const kustomizations = new Set(files.filter((f) => f.path.endsWith('/kustomization.yaml')).map((f) => path.posix.dirname(f.path)));
  let kustomizeBuilds = 0;
  let directories = 0;
  for (const file of files) {
    for (const obj of file.objects) {
      if (obj.kind !== 'Application') continue;
      const spec = obj.spec as { source?: { path?: string }; sources?: Array<{ path?: string }> };
      for (const source of spec.sources ?? (spec.source ? [spec.source] : [])) {
        if (source.path === undefined) continue;
        if (kustomizations.has(source.path)) kustomizeBuilds++;
        else directories++;
      }
    }
  }
  return { files: files.length, kustomizeBuilds, directories };
}
