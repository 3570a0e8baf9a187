import { Check } from './check';
import { Manifest, ManifestFile } from '../core/manifest';
import { Problem } from '../core/problem';
import { shownValue } from '../core/shown-value';
import type { ServiceLayer } from '../workload/service-layer';
import { OBJECT_FILE_NAME as FILE_NAME } from '../workload/service-object';

/** Names kustomize reads as a folder's kustomization. */
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'kustomization'];

/**
 * Objects added with `addObject` are Kubernetes objects with a name, each in a file of its own: not a
 * file the service's folder has already (a second file at one path replaces the first without a word),
 * not a kustomization name, and not the kind and name of another object the overlay builds (kustomize
 * refuses two objects with one id).
 */
export const checkServiceObjects: Check = ({ index }) => {
  const problems: Problem[] = [];
  for (const service of index.services) {
    if (!service.objects.length && !service.overlays.some((o) => o.objects.length > 0)) continue;
    const base = folderOf(service);
    for (const overlay of service.overlays) {
      if (overlay.objects.length === 0) continue;
      problems.push(...layerProblems(service.subject, `overlays.${overlay.environmentName}.`, overlay, base.ids));
    }
    problems.push(...layerProblems(service.subject, '', service, new Map()));
  }
  return problems;
};

interface Folder {
  /** File name → how many files of the folder have it (case-insensitively). */
  readonly files: Map<string, number>;
  /** Object id → where it is. */
  readonly ids: Map<string, string>;
}

/** The folder's files; none when definitions other checks refuse keep it from rendering. */
function renderedFiles(layer: ServiceLayer): ManifestFile[] {
  try {
    return layer.renderFiles();
  } catch {
    return [];
  }
}

function folderOf(layer: ServiceLayer): Folder {
  const files = new Map<string, number>();
  const ids = new Map<string, string>();
  for (const file of renderedFiles(layer)) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1).toLowerCase();
    files.set(name, (files.get(name) ?? 0) + 1);
    for (const obj of file.objects) {
      const id = objectId(obj);
      if (id && !ids.has(id)) ids.set(id, file.path);
    }
  }
  return { files, ids };
}

function layerProblems(subject: string, prefix: string, layer: ServiceLayer, inherited: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = [];
  const objects = layer.objects;
  if (objects.length === 0) return problems;
  const valid = objects.filter((o) => {
    const id = o.node.id.replace(/^object-/, '');
    const field = `${prefix}objects.${id}`;
    const m = o.toManifest();
    const name = (m?.metadata as { name?: unknown } | undefined)?.name;
    if (!m || typeof name !== 'string' || name === '') {
      const shown = m === undefined ? o.object : name;
      problems.push({ subject, field, value: shown === undefined ? undefined : shownValue(shown), message: 'is not a Kubernetes object with apiVersion, kind and metadata.name', hint: "pass a cdk8s ApiObject, or plain data such as { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-config' }, data: { … } }" });
      return false;
    }
    if (!FILE_NAME.test(o.fileName)) {
      problems.push({ subject, field: `${field}.fileName`, value: shownValue(o.fileName), message: 'is not a plain .yaml file name in the folder', hint: `use a name like "${suggestedFileName(m)}"` });
      return false;
    }
    if (KUSTOMIZATION_NAMES.includes(o.fileName.toLowerCase())) {
      problems.push({ subject, field: `${field}.fileName`, value: shownValue(o.fileName), message: 'is a name kustomize reads as the folder\'s kustomization, which gitops-synth writes', hint: `use a name like "${suggestedFileName(m)}"` });
      return false;
    }
    return true;
  });
  if (valid.length === 0) return problems;
  const folder = folderOf(layer);
  const ids = new Map(inherited);
  // The ids of what gitops-synth generates in this folder, before the objects added.
  const own = new Set(valid.map((o) => o.fileName.toLowerCase()));
  for (const file of renderedFiles(layer)) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1).toLowerCase();
    if (own.has(name)) continue;
    for (const obj of file.objects) {
      const id = objectId(obj);
      if (id && !ids.has(id)) ids.set(id, file.path);
    }
  }
  const seenFiles = new Set<string>();
  for (const o of valid) {
    const id = o.node.id.replace(/^object-/, '');
    const field = `${prefix}objects.${id}`;
    const m = o.toManifest()!;
    const file = o.fileName.toLowerCase();
    if ((folder.files.get(file) ?? 0) > 1 && !seenFiles.has(file)) {
      seenFiles.add(file);
      problems.push({ subject, field: `${field}.fileName`, value: shownValue(o.fileName), message: 'is the name of another file of the folder (also in another case); one would replace the other', hint: `give the object a file of its own, e.g. "${suggestedFileName(m)}"` });
    } else {
      seenFiles.add(file);
    }
    const objectKey = objectId(m);
    if (objectKey === undefined) continue;
    const first = ids.get(objectKey);
    if (first !== undefined) {
      problems.push({ subject, field, value: `${m.kind}/${m.metadata?.name}`, message: `has the kind and name of an object in ${first}; kustomize refuses two objects with one id ("may not add resource with an already registered id")`, hint: 'give the object another name, or change the existing one through the service\'s options' });
    } else {
      ids.set(objectKey, `objects.${id}`);
    }
  }
  return problems;
}

/** What kustomize identifies an object by within a folder: API group, kind and name. */
function objectId(obj: Manifest): string | undefined {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') return undefined;
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return JSON.stringify([group, obj.kind, obj.metadata.name]);
}

/** A file name after the object's kind and name: `config-map-api-config.yaml`. */
function suggestedFileName(obj: Manifest): string {
  const kind = obj.kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `${kind}-${String(obj.metadata?.name ?? 'object').toLowerCase().replace(/[^a-z0-9-]/g, '-')}.yaml`;
}
