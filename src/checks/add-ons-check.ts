import * as path from 'path';
import { Check } from './check';
import { Manifest } from '../core/manifest';
import { Problem } from '../core/problem';
import { shownValue } from '../core/shown-value';
import { ADD_ON_KUSTOMIZATION_FILE, ADD_ON_NAMESPACE_FILE, AddOn, KUSTOMIZATION_FILE_NAMES } from '../infrastructure/add-on';

/** An exact chart version: no ranges, wildcards or `latest`, so an upgrade is always a reviewed change. */
const EXACT_VERSION = /^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Add-ons pin an exact chart version from an https (or OCI) repository, their `objects` have files
 * and kinds/names of their own, and the problems their typed options found are reported.
 */
export const checkAddOns: Check = ({ index }) => {
  const problems: Problem[] = [];
  for (const addOn of index.addOns) {
    const subject = `add-on ${addOn.name}`;
    const chart = addOn.props.chart;
    // The typed options do not know the name the add-on was added under.
    problems.push(...(addOn.props.inputProblems ?? []).map((p) => ({ ...p, subject })));
    // A missing chart or field is reported by the props check.
    if (typeof chart?.version !== 'string' || typeof chart.repoURL !== 'string') continue;
    if (!EXACT_VERSION.test(chart.version)) {
      problems.push({ subject, field: 'chart.version', value: JSON.stringify(chart.version), message: 'is not an exact chart version', hint: 'pin one released version, e.g. "1.21.1"; ranges and "latest" let a chart upgrade itself unreviewed' });
    }
    if (!/^(https|oci):\/\//.test(chart.repoURL)) {
      problems.push({ subject, field: 'chart.repoURL', value: JSON.stringify(chart.repoURL), message: 'is not an https:// or oci:// chart repository', hint: 'use the chart repository URL from the chart\'s documentation, e.g. "https://charts.jetstack.io"' });
    }
  }
  for (const addOn of index.addOns) problems.push(...objectFileProblems(addOn));
  return problems;
};

/** A path already taken in the add-on's files: by a file gitops-synth writes, or by an earlier entry of `objects`. */
interface Taken {
  readonly path: string;
  /** The message when the entry names this very path. */
  readonly same: string;
  /** The message when the entry's path differs from it only in case. */
  readonly caseOnly: string;
}

/**
 * The tree is keyed by path: a second file at a taken path replaces the first without a word. So every
 * entry of `objects` needs a file of its own: not the Namespace, the kustomization (nor another name
 * kustomize reads as one), an Application, or another entry, also not in another case (a checkout on
 * macOS or Windows keeps one of two such files). Two objects of one kind and name fail in kustomize.
 */
function objectFileProblems(addOn: AddOn): Problem[] {
  const objects: unknown = addOn.props.objects;
  if (objects === undefined) return [];
  const subject = `add-on ${addOn.name}`;
  if (!Array.isArray(objects)) {
    return [{ subject, field: 'objects', value: shownValue(objects), message: 'must be a list of { fileName, objects }', hint: 'set objects: [{ fileName: "cluster-issuers.yaml", objects: [ … ] }]' }];
  }
  const problems: Problem[] = [];
  const taken = new Map<string, Taken>();
  const take = (p: string, what: string, consequence: string) => taken.set(p.toLowerCase(), {
    path: p,
    same: `is ${what} (${p}): ${consequence}`,
    caseOnly: `differs only in case from ${what} (${p}): on a case-insensitive file system (macOS, Windows) ${consequence}`,
  });
  for (const file of addOn.generatedFiles) take(file.path, `the file of ${file.holds}`, 'these objects would replace it');
  const kustomization = `${addOn.dir}/${ADD_ON_KUSTOMIZATION_FILE}`;
  for (const name of KUSTOMIZATION_FILE_NAMES.filter((n) => n !== ADD_ON_KUSTOMIZATION_FILE)) {
    const p = `${addOn.dir}/${name}`;
    taken.set(p.toLowerCase(), {
      path: p,
      same: `is a name kustomize reads as a kustomization, and the add-on's kustomization is ${kustomization}: kustomize refuses a folder with two ("Found multiple kustomization files")`,
      caseOnly: `differs only in case from ${name}, a name kustomize reads as a kustomization, and the add-on's kustomization is ${kustomization}: on a case-insensitive file system (macOS, Windows) kustomize would find two`,
    });
  }
  // Where each object id was first seen; the add-on's own Namespace comes first.
  const ids = new Map<string, string>();
  const ownNamespace = objectId({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: addOn.namespace } });
  if (ownNamespace) ids.set(ownNamespace, `the add-on's own Namespace (${addOn.dir}/${ADD_ON_NAMESPACE_FILE})`);
  objects.forEach((entry: unknown, i: number) => {
    const field = `objects[${i}]`;
    const { fileName, objects: manifests } = (typeof entry === 'object' && entry !== null ? entry : {}) as { fileName?: unknown; objects?: unknown };
    if (typeof fileName !== 'string' || fileName.trim() === '') {
      problems.push({ subject, field: `${field}.fileName`, value: fileName === undefined ? undefined : shownValue(fileName), message: 'must be a non-empty file name', hint: 'set fileName: "cluster-issuers.yaml"' });
    } else {
      const resolved = path.posix.normalize(`${addOn.dir}/${fileName}`);
      const clash = taken.get(resolved.toLowerCase());
      if (clash) {
        problems.push({
          subject,
          field: `${field}.fileName`,
          value: shownValue(fileName),
          message: clash.path === resolved ? clash.same : clash.caseOnly,
          hint: `give these objects a file of their own, e.g. "${suggestedFileName(manifests, i)}"`,
        });
      } else {
        take(resolved, `the file of ${field}`, 'one list of objects would replace the other');
      }
    }
    if (!Array.isArray(manifests)) {
      problems.push({ subject, field: `${field}.objects`, value: shownValue(manifests), message: 'must be a list of Kubernetes objects', hint: 'set objects: [ { apiVersion, kind, metadata: { name }, … } ]' });
      return;
    }
    manifests.forEach((obj: unknown, j: number) => {
      const id = objectId(obj);
      if (id === undefined) return;
      const first = ids.get(id);
      const m = obj as Manifest;
      if (first === undefined) {
        ids.set(id, `${field}.objects[${j}]`);
        return;
      }
      problems.push({
        subject,
        field: `${field}.objects[${j}]`,
        value: `${m.kind}/${m.metadata?.name}`,
        message: `has the kind and name of ${first}; kustomize refuses two objects with one id ("may not add resource with an already registered id")`,
        hint: id === ownNamespace ? 'remove it: the add-on writes its Namespace itself' : 'remove one of the two or give it another name',
      });
    });
  });
  return problems;
}

/** What kustomize identifies an object by: API group, kind, namespace and name; `undefined` for anything else. */
function objectId(obj: unknown): string | undefined {
  const m = obj as Partial<Manifest> | undefined;
  if (typeof m?.apiVersion !== 'string' || typeof m.kind !== 'string' || typeof m.metadata?.name !== 'string') return undefined;
  const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
  return JSON.stringify([group, m.kind, m.metadata.namespace ?? '', m.metadata.name]);
}

/** A file name for objects that lost theirs: after the kind of the first object (`cluster-issuers.yaml`). */
function suggestedFileName(manifests: unknown, index: number): string {
  const kind = Array.isArray(manifests) ? (manifests[0] as Partial<Manifest> | undefined)?.kind : undefined;
  if (typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) return `objects-${index}.yaml`;
  return `${kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}s.yaml`;
}
