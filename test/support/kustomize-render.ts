import * as fs from 'fs';
import * as path from 'path';
import { dump, load, loadAll } from 'js-yaml';
import { kustomizeBuild } from './kubectl';
import { tempDir } from './tmp';
import { GitOpsRepo, Manifest } from '../../src';
import { serializeObjects } from '../../src/core/serialize';
import { ModelIndex } from '../../src/repo/model-index';
import { renderOverlay } from '../../src/repo/overlay-render';

/**
 * Writes the repository's rendered files, serialized as a synth writes them, into `dir`: the tree
 * kustomize builds, without the checks and the AWS side a synth adds.
 */
export function writeRenderedTree(repo: GitOpsRepo, dir: string): void {
  for (const file of repo.renderFiles()) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, serializeObjects(file.objects));
  }
}

/** One overlay of a synthesized kustomize tree and what the model renders for it. */
export interface OverlayCase {
  /** `<service> / <environment>`. */
  readonly title: string;
  /** The overlay folder, absolute. */
  readonly dir: string;
  /** The model's render, as `gitops-synth render` prints it and read back. */
  readonly expected: Manifest[];
}

/** The deployed overlays of `repo`, whose kustomize tree was written to `outdir`, with the model's render of each. */
export function overlayCases(repo: GitOpsRepo, outdir: string): OverlayCase[] {
  return ModelIndex.of(repo).deployedOverlays.map((o) => ({
    title: `${o.service.name} / ${o.environment.name}`,
    dir: path.join(outdir, o.dir),
    expected: loadAll(serializeObjects(renderOverlay(o))) as Manifest[],
  }));
}

/** How kustomize identifies an object in its output. */
export function objectId(o: Manifest): string {
  return `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

/**
 * Builds every overlay with `kubectl kustomize` in as few runs as possible — one kustomization listing
 * the overlays, each built as its own kustomization — and returns each overlay's objects in the order
 * kustomize printed them. Overlays whose objects would share an id (two environments in one namespace)
 * go to separate runs, since kustomize refuses two objects with one id.
 */
export function kustomizeBuildBatched(cases: readonly OverlayCase[]): Map<OverlayCase, Manifest[]> {
  const batches: Array<{ cases: OverlayCase[]; ids: Set<string> }> = [];
  for (const c of cases) {
    const ids = c.expected.map(objectId);
    let batch = batches.find((b) => ids.every((id) => !b.ids.has(id)));
    if (!batch) batches.push(batch = { cases: [], ids: new Set() });
    batch.cases.push(c);
    for (const id of ids) batch.ids.add(id);
  }
  const built = new Map<OverlayCase, Manifest[]>();
  for (const batch of batches) {
    const all = tempDir('gitops-synth-batch-');
    fs.writeFileSync(path.join(all, 'kustomization.yaml'), dump({ resources: batch.cases.map((c) => path.relative(all, c.dir)) }));
    const objects = loadAll(kustomizeBuild(all)) as Manifest[];
    const owner = new Map<string, OverlayCase>();
    for (const c of batch.cases) for (const o of c.expected) owner.set(objectId(o), c);
    for (const c of batch.cases) built.set(c, []);
    for (const o of objects) {
      const c = owner.get(objectId(o));
      // An object the model does not render for any overlay: it is kept apart, and reported by the caller.
      if (!c) built.set(UNOWNED, [...(built.get(UNOWNED) ?? []), o]);
      else built.get(c)!.push(o);
    }
  }
  return built;
}

/** The key of {@link kustomizeBuildBatched}'s result holding the objects no overlay's render names. */
export const UNOWNED: OverlayCase = { title: '(objects the model renders for no overlay)', dir: '', expected: [] };

/** A YAML round trip: what a reader of the printed objects gets. */
export function readBack<T>(value: T): T {
  return load(dump(value)) as T;
}
