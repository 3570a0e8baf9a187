import * as yaml from 'js-yaml';
import type { GitOpsRepo } from './gitops-repo';
import { Manifest, ManifestFile } from '../core/manifest';
import type { KustomizeImage } from '../kustomize/kustomization';
import type { Overlay } from '../workload/overlay';

/**
 * The overlay files whose `images:` entry is kept in preserve mode (`GitOpsRepo` `preserveImages`):
 * the synth entry reads these from the existing tree and passes their content to `synthesize`.
 * Empty when the repository does not preserve images.
 */
export function preservedImagePaths(repo: GitOpsRepo): string[] {
  if (!repo.preserveImages) return [];
  return repo.services.flatMap((s) => s.overlays.map((o) => `${o.dir}/kustomization.yaml`)).sort();
}

/**
 * Preserve mode: replaces the image entry of each overlay kustomization with the entry for the
 * same image found in the existing file (as written there by Argo CD Image Updater or Kargo).
 * Overlays without an existing entry keep the version from the releases data. Pure: the existing
 * files are passed in as data.
 *
 * @param existing path → content of the existing overlay files (see {@link preservedImagePaths})
 */
export function applyPreservedImages(repo: GitOpsRepo, files: readonly ManifestFile[], existing: ReadonlyMap<string, string>): ManifestFile[] {
  if (!repo.preserveImages) return [...files];
  const images = new Map<string, string>();
  for (const service of repo.services) {
    for (const overlay of service.overlays) images.set(`${overlay.dir}/kustomization.yaml`, service.image);
  }
  return files.map((file) => {
    const image = images.get(file.path);
    const content = existing.get(file.path);
    if (image === undefined || content === undefined) return file;
    const entry = existingEntry(content, image);
    if (!entry) return file;
    return {
      ...file,
      objects: file.objects.map((obj) => (obj.kind === 'Kustomization'
        ? { ...obj, images: [...((obj.images ?? []) as KustomizeImage[]).filter((i) => i.name !== image), entry] } as Manifest
        : obj)),
    };
  });
}

/**
 * Preserve mode: whether an overlay's existing kustomization holds an `images:` entry for the
 * service's image, so that the overlay stays deployed without a version in the releases data.
 * Always `false` when the repository does not preserve images. Pure.
 *
 * @param existing path → content of the existing overlay files (see {@link preservedImagePaths})
 */
export function keepsExistingImage(repo: GitOpsRepo, overlay: Overlay, existing: ReadonlyMap<string, string>): boolean {
  if (!repo.preserveImages) return false;
  const content = existing.get(`${overlay.dir}/kustomization.yaml`);
  return content !== undefined && existingEntry(content, overlay.service.image) !== undefined;
}

/**
 * Preserve mode: the image the existing overlay's kustomization runs (`image:tag`, `image@digest`, or
 * `newName` with either), or `undefined` when it holds none or the repository does not preserve images.
 * Pure.
 *
 * @param existing path → content of the existing overlay files (see {@link preservedImagePaths})
 */
export function preservedImage(repo: GitOpsRepo, overlay: Overlay, existing: ReadonlyMap<string, string>): string | undefined {
  if (!repo.preserveImages) return undefined;
  const content = existing.get(`${overlay.dir}/kustomization.yaml`);
  const entry = content === undefined ? undefined : existingEntry(content, overlay.service.image);
  if (!entry) return undefined;
  const name = entry.newName ?? entry.name;
  return entry.digest ? `${name}@${entry.digest}` : entry.newTag ? `${name}:${entry.newTag}` : name;
}

function existingEntry(content: string, image: string): KustomizeImage | undefined {
  let doc: unknown;
  try {
    doc = yaml.load(content);
  } catch {
    // An unreadable overlay has nothing to preserve; the releases data applies.
    return undefined;
  }
  const list = (doc as { images?: unknown } | null)?.images;
  if (!Array.isArray(list)) return undefined;
  const found = list.find((i): i is Record<string, unknown> => typeof i === 'object' && i !== null && (i as { name?: unknown }).name === image);
  if (!found) return undefined;
  const entry: { name: string; newName?: string; newTag?: string; digest?: string } = { name: image };
  for (const key of ['newName', 'newTag', 'digest'] as const) {
    if (typeof found[key] === 'string') entry[key] = found[key];
  }
  return entry.newTag || entry.digest || entry.newName ? entry : undefined;
}
