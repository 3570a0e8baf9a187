import { Drift } from '../output/tree-drift';

/** The outcome of `synth --check` for one output folder. */
export interface CheckedOutput {
  /** The folder as shown, relative to the working directory when inside it. */
  readonly dir: string;
  /** `tree` for the GitOps tree, `terraform` for the AWS side's Terraform JSON. */
  readonly type: 'tree' | 'terraform';
  /** How many files the definitions produce for it. */
  readonly generated: number;
  /** The files that differ, sorted by path (empty when the folder is up to date). */
  readonly drifts: readonly Drift[];
}

const FIXES: Record<Drift['kind'], string> = {
  'stale': 'run gitops-synth synth and commit the result',
  'missing': 'run gitops-synth synth and commit the result',
  'hand-edited': 'make the change in the definitions instead, then run gitops-synth synth',
  'unexpected': 'remove the file, or generate it from the definitions',
};

/**
 * The `synth --check` report for a reader: one line naming every folder checked when all are up to
 * date; otherwise per drifting folder one line per file, then one fix per kind found.
 */
export function formatCheckReport(outputs: readonly CheckedOutput[]): string {
  if (outputs.every((o) => o.drifts.length === 0)) {
    return `gitops-synth: ${outputs.map((o) => `${o.dir} is up to date (${o.generated} files)`).join('; ')}\n`;
  }
  return outputs.filter((o) => o.drifts.length > 0).map((o) => formatDrift(o.dir, o.drifts)).join('');
}

/** The drift report of one folder: one line per file, then one fix per kind found. */
export function formatDrift(outdir: string, drifts: readonly Drift[]): string {
  const width = Math.max(...drifts.map((d) => d.kind.length));
  const lines = [`gitops-synth: ${outdir} differs from the definitions (${drifts.length} file${drifts.length === 1 ? '' : 's'}):`];
  for (const d of drifts) lines.push(`  ${d.kind.padEnd(width)}  ${outdir}/${d.path}`);
  for (const kind of [...new Set(drifts.map((d) => d.kind))].sort()) lines.push(`fix (${kind}): ${FIXES[kind]}`);
  return lines.join('\n') + '\n';
}

/**
 * `synth --check --json` output (version 1). Fields are only ever added within a version; a change of
 * meaning or a removal gets a new version.
 */
export interface CheckJson {
  readonly version: 1;
  /** True when no file of any output differs. */
  readonly upToDate: boolean;
  /** Every output folder checked: the tree first, then the Terraform folder when there is an AWS side. */
  readonly outputs: ReadonlyArray<{
    readonly dir: string;
    readonly type: 'tree' | 'terraform';
    readonly generated: number;
    /** Paths relative to `dir`, sorted; `kind` is `stale`, `missing`, `hand-edited` or `unexpected`. */
    readonly files: readonly Drift[];
  }>;
}

/** The check's outcome as {@link CheckJson}, serialized: two-space JSON and a newline. */
export function checkReportJson(outputs: readonly CheckedOutput[]): string {
  const json: CheckJson = {
    version: 1,
    upToDate: outputs.every((o) => o.drifts.length === 0),
    outputs: outputs.map((o) => ({ dir: o.dir, type: o.type, generated: o.generated, files: o.drifts.map((d) => ({ path: d.path, kind: d.kind })) })),
  };
  return JSON.stringify(json, null, 2) + '\n';
}
