import { FileChange } from './file-changes';
import { describeTerraformDiff, ReadGrant, TerraformDiff } from './terraform-diff';
import { ChangeGroup, TreeDiff } from './tree-diff';

/** Characters of diff a markdown report holds at most (pull-request comments are limited in size). */
export const MARKDOWN_PATCH_LIMIT = 60_000;

/** Output formats of {@link formatDiffReport}. */
export type DiffFormat = 'text' | 'markdown';

/** What `gitops-synth diff` compared, and what it found. */
export interface DiffReport {
  /** The Git revision compared with, e.g. `HEAD`, `origin/main`. */
  readonly base: string;
  /** The GitOps tree's folder as shown (e.g. `dist`) and its diff. */
  readonly tree: { readonly dir: string; readonly diff: TreeDiff };
  /**
   * The Terraform output folder as shown (e.g. `cdktf.out`) and its diff.
   * @default - nothing compared: the definitions have no AWS side
   */
  readonly terraform?: { readonly dir: string; readonly diff: TerraformDiff };
}

/** Title of the Terraform part of the summary. */
const TERRAFORM_TITLE = 'AWS side (Terraform)';

/** Whether anything differs, in the tree or in the Terraform JSON. */
export function hasChanges(report: DiffReport): boolean {
  return report.tree.diff.files.length > 0 || (report.terraform?.diff.files.length ?? 0) > 0;
}

/**
 * Renders a report for a terminal (`text`) or as a pull-request comment (`markdown`): the summary
 * per service and environment, the Terraform summary, then the YAML and Terraform diffs.
 */
export function formatDiffReport(report: DiffReport, format: DiffFormat): string {
  const { tree, terraform } = report;
  const count = plural(tree.diff.files.length + (terraform?.diff.files.length ?? 0));
  const groups: ChangeGroup[] = [...tree.diff.groups];
  if (terraform && terraform.diff.files.length > 0) groups.push({ title: TERRAFORM_TITLE, changes: describeTerraformDiff(terraform.diff) });
  if (format === 'markdown') {
    const compared = [tree.dir, ...(terraform ? [terraform.dir] : [])].map((d) => `\`${report.base}:${d}\``).join(' and ');
    if (!hasChanges(report)) return `### gitops-synth diff\n\n${noChanges(report, compared)}.\n`;
    const out = ['### gitops-synth diff', '', `Compared with ${compared}: ${count} changed.`, ''];
    for (const group of groups) out.push(`**${group.title}**`, '', ...group.changes.map((c) => `- ${c}`), '');
    // GitHub rejects comments over 65,536 characters: keep the summary, cut the diffs. The Terraform
    // diff (IAM, usually short) takes its share of the budget first.
    const terraformPatch = terraform ? cut(terraform.diff.patch.trimEnd(), MARKDOWN_PATCH_LIMIT) : '';
    out.push(...details('YAML diff', tree.diff.files, tree.diff.patch.trimEnd(), MARKDOWN_PATCH_LIMIT - terraformPatch.length));
    if (terraform) out.push(...details('Terraform diff', terraform.diff.files, terraform.diff.patch.trimEnd(), MARKDOWN_PATCH_LIMIT));
    return out.join('\n');
  }
  const compared = [tree.dir, ...(terraform ? [terraform.dir] : [])].map((d) => `${report.base}:${d}`).join(' and ');
  if (!hasChanges(report)) return `gitops-synth diff: ${noChanges(report, compared).replace(/^N/, 'n')}\n`;
  const out = [`gitops-synth diff: ${count} changed (compared with ${compared})`, ''];
  for (const group of groups) out.push(group.title, ...group.changes.map((c) => `  ${c}`), '');
  out.push((tree.diff.patch + (terraform?.diff.patch ?? '')).trimEnd(), '');
  return out.join('\n');
}

/** The sentence saying nothing differs, naming exactly what was compared. */
function noChanges(report: DiffReport, compared: string): string {
  return report.terraform
    ? `No changes to the GitOps tree or the Terraform JSON (compared with ${compared})`
    : `No changes to the GitOps tree (compared with ${compared}; the definitions have no AWS side, so no Terraform was compared)`;
}

/** A collapsed markdown block holding a diff, cut to `limit` characters at a line end. */
function details(title: string, files: readonly FileChange[], patch: string, limit: number): string[] {
  if (files.length === 0) return [];
  const shown = cut(patch, Math.max(0, limit));
  const out = [`<details><summary>${title} (${plural(files.length)})</summary>`, '', '```diff', shown, '```', ''];
  if (shown !== patch) out.push(`The ${title.replace(/ diff$/, '')} diff is cut after ${shown.length} characters; run \`gitops-synth diff\` for all of it.`, '');
  out.push('</details>', '');
  return out;
}

function cut(patch: string, limit: number): string {
  if (patch.length <= limit) return patch;
  const end = patch.lastIndexOf('\n', limit);
  return end < 0 ? '' : patch.slice(0, end);
}

function plural(n: number): string {
  return `${n} file${n === 1 ? '' : 's'}`;
}

/**
 * The report as `gitops-synth diff --json` prints it (version 1). Fields are only ever added within a
 * version; a change of meaning or a removal gets a new version.
 */
export interface DiffJson {
  readonly version: 1;
  /** The Git revision compared with. */
  readonly base: string;
  /** Whether any file differs, in any output. */
  readonly changed: boolean;
  /** Per output folder (the tree first, then the Terraform folder when there is an AWS side): the files that differ. */
  readonly outputs: ReadonlyArray<{
    /** The folder as shown, relative to the working directory when inside it. */
    readonly dir: string;
    /** `tree` for the GitOps tree, `terraform` for the AWS side's Terraform JSON. */
    readonly type: 'tree' | 'terraform';
    /** Paths relative to `dir`, sorted; `status` is `added`, `removed` or `modified`. */
    readonly files: readonly FileChange[];
  }>;
  /** The tree's changes per service and environment (`api-service / staging`, `api-service (base)`, …), sorted by title. */
  readonly summary: readonly ChangeGroup[];
  /** What the AWS side creates differently; `null` when the definitions have no AWS side. */
  readonly terraform: {
    readonly ecrRepositories: { readonly added: readonly string[]; readonly removed: readonly string[] };
    readonly secrets: { readonly added: readonly string[]; readonly removed: readonly string[] };
    readonly readGrants: { readonly added: readonly ReadGrant[]; readonly removed: readonly ReadGrant[] };
  } | null;
}

/** The report as {@link DiffJson}, serialized: two-space JSON and a newline. */
export function diffReportJson(report: DiffReport): string {
  const { tree, terraform } = report;
  const json: DiffJson = {
    version: 1,
    base: report.base,
    changed: hasChanges(report),
    outputs: [
      { dir: tree.dir, type: 'tree', files: tree.diff.files },
      ...(terraform ? [{ dir: terraform.dir, type: 'terraform' as const, files: terraform.diff.files }] : []),
    ],
    summary: tree.diff.groups,
    terraform: terraform
      ? { ecrRepositories: terraform.diff.ecrRepositories, secrets: terraform.diff.secrets, readGrants: terraform.diff.readGrants }
      : null,
  };
  return JSON.stringify(json, null, 2) + '\n';
}
