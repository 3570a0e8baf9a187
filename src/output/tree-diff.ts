import * as yaml from 'js-yaml';
import { FileChange, fileChanges, TreeContents, unifiedPatch } from './file-changes';
import { Manifest } from '../core/manifest';
import { serializeObjects } from '../core/serialize';

export type { TreeContents } from './file-changes';

/** The changes of one service in one environment (or of a base, an add-on, …). */
export interface ChangeGroup {
  /** e.g. `api-service / staging`, `api-service (base)`, `cert-manager (add-on)`. */
  readonly title: string;
  /** One human-readable line per change, without secret values. */
  readonly changes: readonly string[];
}

/** The difference between two trees. */
export interface TreeDiff {
  /** Semantic changes per service and environment, sorted by title. */
  readonly groups: readonly ChangeGroup[];
  /** The files whose content differs (added, removed or modified), sorted by path. */
  readonly files: readonly FileChange[];
  /** Unified diff of the YAML, secret values redacted. */
  readonly patch: string;
}

/**
 * Compares two trees: a semantic summary per service and environment (image, replicas, resources,
 * env vars, objects added or removed, sync policy) and the unified YAML diff.
 * Pure. Values of `Secret` objects never appear, only their key names.
 *
 * @param prefix the folder shown in the diff headers, e.g. `dist`
 */
export function diffTrees(before: TreeContents, after: TreeContents, prefix = ''): TreeDiff {
  const files = fileChanges(before, after);
  const groups = new Map<string, string[]>();
  const add = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    groups.set(title, [...(groups.get(title) ?? []), ...lines]);
  };
  for (const { path: file } of files) {
    const a = parseDocs(before.get(file));
    const b = parseDocs(after.get(file));
    const lines = [
      ...describeObjects(a, b), ...describeKustomization(a, b), ...describeWorkloads(a, b),
      ...describeApplication(a, b), ...describeSecrets(a, b), ...(isRenderedFile(file) ? describeRenderedObjects(a, b) : []),
    ];
    add(groupTitle(file, [...b, ...a]), lines.length > 0 ? lines : [`changed ${file}`]);
  }
  const sorted = [...groups.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return { groups: sorted.map(([title, changes]) => ({ title, changes })), files, patch: unifiedPatch(before, after, files, prefix, redact) };
}

function parseDocs(content: string | undefined): Manifest[] {
  if (content === undefined) return [];
  try {
    return yaml.loadAll(content).filter((d): d is Manifest => typeof d === 'object' && d !== null && !Array.isArray(d));
  } catch {
    // Not YAML (or hand-broken): only the text diff can show it.
    return [];
  }
}

function groupTitle(file: string, docs: Manifest[]): string {
  const parts = file.split('/');
  if (parts[0] === 'apps' && parts[2] === 'overlays' && parts.length > 4) return `${parts[1]} / ${parts[3]}`;
  if (parts[0] === 'apps' && parts.length > 2) return `${parts[1]} (base)`;
  if (parts[0] === 'infrastructure' && parts.length > 2) return `${parts[1]} (add-on)`;
  if (isRenderedFile(file)) return `${parts[2]} / ${parts[1]}`;
  const app = docs.find((d) => d.kind === 'Application');
  const labels = (app?.metadata?.labels ?? {}) as Record<string, string>;
  const name = labels['app.kubernetes.io/name'];
  const env = labels['gitops-synth/environment'];
  if (name && env) return `${name} / ${env}`;
  if (name && labels['gitops-synth/component'] === 'infrastructure') return `${name} (add-on)`;
  return parts.length > 1 ? parts.slice(0, -1).join('/') : '(root)';
}

function key(doc: Manifest): string {
  // Kustomizations have no name: the kind alone identifies them within a file.
  return doc.metadata?.name === undefined ? doc.kind : `${doc.kind} ${doc.metadata.name}`;
}

function byKey(docs: Manifest[]): Map<string, Manifest> {
  return new Map(docs.map((d) => [key(d), d]));
}

function describeObjects(a: Manifest[], b: Manifest[]): string[] {
  const before = byKey(a);
  const after = byKey(b);
  return [
    ...[...after.keys()].filter((k) => !before.has(k)).map((k) => `added ${k}`),
    ...[...before.keys()].filter((k) => !after.has(k)).map((k) => `removed ${k}`),
  ];
}

/** Whether the file holds a service's rendered objects in one environment: `rendered/<env>/<service>/<file>`. */
function isRenderedFile(file: string): boolean {
  const parts = file.split('/');
  return parts[0] === 'rendered' && parts.length === 4;
}

/** Fields listed per changed object at most; the YAML diff shows the rest. */
const MAX_FIELDS = 6;

/**
 * Object-level changes of a rendered file: each object present before and after that differs, with the
 * fields that changed (never their values, which may be sensitive), and the Deployments' replicas.
 */
function describeRenderedObjects(a: Manifest[], b: Manifest[]): string[] {
  const before = byKey(a);
  const lines: string[] = [];
  for (const [k, y] of byKey(b)) {
    const x = before.get(k);
    if (!x) continue;
    const fields: string[] = [];
    changedFields(x, y, '', fields);
    if (fields.length === 0) continue;
    const shown = fields.slice(0, MAX_FIELDS).join(', ') + (fields.length > MAX_FIELDS ? ` and ${fields.length - MAX_FIELDS} more` : '');
    lines.push(`changed ${k}: ${shown}`);
    if (x.kind === 'Deployment') {
      const replicas = (d: Manifest) => (d as { spec?: { replicas?: unknown } }).spec?.replicas;
      if (replicas(x) !== replicas(y)) lines.push(`replicas ${String(x.metadata?.name)}: ${String(replicas(x) ?? '(none)')} → ${String(replicas(y) ?? '(none)')}`);
    }
  }
  return lines;
}

/**
 * The paths of the fields that differ between two values, e.g. `spec.replicas`,
 * `spec.template.spec.containers[api].image`: list items with a `name` are named by it.
 */
function changedFields(x: unknown, y: unknown, at: string, out: string[]): void {
  if (JSON.stringify(x) === JSON.stringify(y)) return;
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isMap(x) && isMap(y)) {
    for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) changedFields(x[k], y[k], at ? `${at}.${k}` : k, out);
    return;
  }
  if (Array.isArray(x) && Array.isArray(y)) {
    const named = (list: unknown[]) => list.every((i) => isMap(i) && typeof i.name === 'string');
    if (named(x) && named(y)) {
      const byName = (list: unknown[]) => new Map(list.map((i) => [String((i as { name: string }).name), i]));
      const mx = byName(x);
      const my = byName(y);
      for (const n of [...new Set([...mx.keys(), ...my.keys()])].sort()) changedFields(mx.get(n), my.get(n), `${at}[${n}]`, out);
      return;
    }
  }
  out.push(at || '(object)');
}

interface KustomizeImage { name?: string; newName?: string; newTag?: string; digest?: string }
interface KustomizeReplica { name?: string; count?: number }
interface KustomizePatchEntry { patch?: string }

function kustomizations(docs: Manifest[]): Manifest[] {
  return docs.filter((d) => d.kind === 'Kustomization');
}

function describeKustomization(a: Manifest[], b: Manifest[]): string[] {
  const ka = kustomizations(a)[0];
  const kb = kustomizations(b)[0];
  if (!ka || !kb) return [];
  const lines: string[] = [];
  const images = (k: Manifest) => new Map(((k.images ?? []) as KustomizeImage[]).map((i) => [shortName(i.name ?? ''), i.digest ?? i.newTag ?? '(default)']));
  lines.push(...compareMaps(images(ka), images(kb), (n, x, y) => `image ${n}: ${x ?? '(none)'} → ${y ?? '(none)'}`));
  const replicas = (k: Manifest) => new Map(((k.replicas ?? []) as KustomizeReplica[]).map((r) => [r.name ?? '', String(r.count)]));
  lines.push(...compareMaps(replicas(ka), replicas(kb), (n, x, y) => `replicas ${n}: ${x ?? '(base)'} → ${y ?? '(base)'}`));
  return lines;
}

/** Containers of Deployments in the files and in the strategic-merge patches of their kustomizations. */
function containers(docs: Manifest[]): Map<string, Record<string, unknown>> {
  const objects = [...docs];
  for (const k of kustomizations(docs)) {
    for (const p of (k.patches ?? []) as KustomizePatchEntry[]) {
      if (typeof p.patch === 'string') objects.push(...parseDocs(p.patch));
    }
  }
  const out = new Map<string, Record<string, unknown>>();
  for (const obj of objects) {
    const spec = (obj as { spec?: { template?: { spec?: { containers?: Array<Record<string, unknown>> } } } }).spec;
    for (const c of spec?.template?.spec?.containers ?? []) out.set(String(c.name), c);
  }
  return out;
}

function describeWorkloads(a: Manifest[], b: Manifest[]): string[] {
  const ca = containers(a);
  const cb = containers(b);
  const lines: string[] = [];
  for (const name of [...new Set([...ca.keys(), ...cb.keys()])].sort()) {
    const x = ca.get(name) ?? {};
    const y = cb.get(name) ?? {};
    const envs = (c: Record<string, unknown>) =>
      new Map(((c.env ?? []) as Array<Record<string, unknown>>).map((e) => [String(e.name), JSON.stringify(e)]));
    const ea = envs(x);
    const eb = envs(y);
    const added = [...eb.keys()].filter((k) => !ea.has(k)).sort();
    const removed = [...ea.keys()].filter((k) => !eb.has(k)).sort();
    const changed = [...eb.keys()].filter((k) => ea.has(k) && ea.get(k) !== eb.get(k)).sort();
    // Names only: a value may be sensitive even when it is not a Secret.
    if (added.length) lines.push(`env vars added to ${name}: ${added.join(', ')}`);
    if (removed.length) lines.push(`env vars removed from ${name}: ${removed.join(', ')}`);
    if (changed.length) lines.push(`env vars changed in ${name}: ${changed.join(', ')}`);
    const ra = describeResources(x.resources);
    const rb = describeResources(y.resources);
    if (ra !== rb) lines.push(`resources ${name}: ${ra} → ${rb}`);
    if (x.image !== y.image && x.image !== undefined && y.image !== undefined) lines.push(`image ${name}: ${String(x.image)} → ${String(y.image)}`);
  }
  return lines;
}

function describeResources(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '(none)';
  const r = value as Record<string, Record<string, string> | undefined>;
  const part = (k: string) => (r[k] ? `${k} ${Object.keys(r[k]!).sort().map((n) => `${n}=${r[k]![n]}`).join(' ')}` : undefined);
  return [part('requests'), part('limits')].filter(Boolean).join(', ') || '(none)';
}

function describeApplication(a: Manifest[], b: Manifest[]): string[] {
  const sync = (docs: Manifest[]) => {
    const app = docs.find((d) => d.kind === 'Application');
    if (!app) return undefined;
    const policy = (app as { spec?: { syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean } } } }).spec?.syncPolicy;
    const auto = policy?.automated;
    if (!auto) return 'manual';
    const flags = [auto.prune ? 'prune' : undefined, auto.selfHeal ? 'selfHeal' : undefined].filter(Boolean);
    return flags.length ? `automated (${flags.join(', ')})` : 'automated';
  };
  const x = sync(a);
  const y = sync(b);
  return x && y && x !== y ? [`sync policy: ${x} → ${y}`] : [];
}

function describeSecrets(a: Manifest[], b: Manifest[]): string[] {
  const lines: string[] = [];
  const before = byKey(a.filter((d) => d.kind === 'Secret'));
  const after = byKey(b.filter((d) => d.kind === 'Secret'));
  for (const k of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const values = (d: Manifest | undefined) =>
      new Map(Object.entries({ ...(d?.data as object ?? {}), ...(d?.stringData as object ?? {}) }).map(([n, v]) => [n, JSON.stringify(v)]));
    const verb = (x: string | undefined, y: string | undefined) => (x === undefined ? 'added' : y === undefined ? 'removed' : 'changed');
    lines.push(...compareMaps(values(before.get(k)), values(after.get(k)), (n, x, y) => `${k} key ${n} ${verb(x, y)}`));
  }
  return lines;
}

type ChangeLine = (name: string, x: string | undefined, y: string | undefined) => string;

function compareMaps(a: Map<string, string>, b: Map<string, string>, line: ChangeLine): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort()
    .filter((n) => a.get(n) !== b.get(n))
    .map((n) => line(n, a.get(n), b.get(n)));
}

function shortName(image: string): string {
  return image.split('/').pop() ?? image;
}

/** The content with the values of `Secret` objects replaced by `<redacted>`. */
function redact(content: string | undefined): string {
  if (content === undefined) return '';
  const docs = parseDocs(content);
  if (!docs.some((d) => d.kind === 'Secret')) return content;
  return serializeObjects(docs.map((d) => {
    if (d.kind !== 'Secret') return d;
    const hide = (m: unknown) => (m && typeof m === 'object' ? Object.fromEntries(Object.keys(m).map((n) => [n, '<redacted>'])) : m);
    return { ...d, ...(d.data ? { data: hide(d.data) } : {}), ...(d.stringData ? { stringData: hide(d.stringData) } : {}) };
  }));
}
