import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALL_CHECKS } from '../checks';
import { BENCH_ENVIRONMENTS, benchReleases, benchServiceName, benchTag, defineBenchRepo } from './bench-repo';
import { writeFloor } from './io-floor';
import { buildNaiveCdk8sApp } from './naive-cdk8s';
import { collectGarbage, interleave, measure, median, Timing, timeMs } from './timing';
import { changedFiles, stampTree } from './tree-changes';
import { iamPolicyMaxChars } from '../aws/aws-limits';
import { renderTerraform, terraformOutput } from '../aws/aws-stack';
import { renderedObjects } from '../checks/rendered-objects';
import { serializeObjects } from '../core/serialize';
import { writeTree } from '../output/output-writer';
import { ModelIndex } from '../repo/model-index';
import { SchemaValidator } from '../schema/schema-validator';
import { synth } from '../synth/synthesize';

/** Figures of one benchmark size, all times in milliseconds (medians over the runs). */
export interface TimingResult {
  readonly services: number;
  readonly envs: number;
  readonly runs: number;
  /** Files of the tree (without the index of owned files). */
  readonly files: number;
  /** Building the definitions (the user's code): construct tree of services, overlays, applications. */
  readonly constructMs: number;
  /** `synth()` into an empty folder: render + checks + serialize + write. */
  readonly synthMs: number;
  /** `JSON.stringify` + `writeFileSync` of the same objects to the same paths. */
  readonly floorMs: number;
  /** Building the naive cdk8s App of the same objects (not part of `cdk8sMs`). */
  readonly cdk8sConstructMs: number;
  /** Plain cdk8s `App.synth()` of the same objects, a file per resource. */
  readonly cdk8sMs: number;
  /** CPU time (medians) of synth, the floor and cdk8s: steadier than wall-clock time on a busy machine. */
  readonly cpu: { readonly synthMs: number; readonly floorMs: number; readonly cdk8sMs: number };
  /** The folder the trees were written under. */
  readonly tmpdir: string;
  /** `synth()` again with nothing changed. */
  readonly noopMs: number;
  /** Files the no-op re-synth created, rewrote or removed, as the file system saw it. */
  readonly noopWrites: number;
  /** Files a re-synth with one image tag changed created, rewrote or removed. */
  readonly oneTagWrites: number;
  /**
   * The phases of `synth()` measured one by one, and validating every object against the packaged
   * schemas (`schemaMs`, warm; `schemaLoadMs`, the first validation in the process, loading the
   * schemas; `schemaProblems`, what it found, which must be 0).
   */
  readonly phases: {
    readonly renderMs: number;
    readonly checksMs: number;
    readonly serializeMs: number;
    readonly writeMs: number;
    readonly schemaMs: number;
    readonly schemaLoadMs: number;
    readonly schemaProblems: number;
  };
  /** The same tree without the AWS side: synth and the floor (medians), to show what the Terraform stack costs. */
  readonly treeOnly: { readonly synthMs: number; readonly floorMs: number };
  /**
   * Synth and the floor (medians) measured without a full garbage collection before each run (see
   * `MeasureOptions.collectFirst`): what a process that synthesizes again and again sees.
   */
  readonly steady: { readonly synthMs: number; readonly floorMs: number };
  /** Whether anything loaded the root module of `@cdktf/provider-aws` (it must not). */
  readonly providerRootLoaded: boolean;
  /** The largest IAM policy document of the AWS side's stack, in characters (IAM allows 10,240 for a role's inline policies). */
  readonly iamPolicyMaxChars: number;
}

/** Peak memory of a process that builds the definitions and synthesizes them (fresh, no-op, one tag). */
export interface MemoryResult {
  readonly services: number;
  /** `process.resourceUsage().maxRSS` of that process, MiB. */
  readonly peakRssMib: number;
}

type Variant = 'synth' | 'floor' | 'cdk8s' | 'noop' | 'tree' | 'treeFloor';

/**
 * Measures one size: our synth, the I/O floor and naive cdk8s, interleaved run by run, plus the no-op
 * re-synth, the one-tag change and the phases of synth.
 */
export function runTiming(services: number, runs: number): TimingResult {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-bench-'));
  let counter = 0;
  // Each run its own parent folder: the Terraform JSON is written next to the tree.
  const freshDir = () => path.join(scratch, `run-${counter++}`, 'dist');
  try {
    let repo = defineBenchRepo(services);
    const constructMs = median(Array.from({ length: 3 }, () => timeMs(() => { repo = defineBenchRepo(services); })));
    const files = repo.renderFiles();
    const floorExtra = terraformFloorObjects(repo);

    // The tree the no-op and one-tag runs re-synthesize.
    const kept = freshDir();
    synth(repo, besideTree(kept));

    const treeRepo = defineBenchRepo(services, { aws: false });
    const times: Record<Variant, Timing[]> = { synth: [], floor: [], cdk8s: [], noop: [], tree: [], treeFloor: [] };
    const cdk8sConstruct: number[] = [];
    for (let run = 0; run < runs; run++) {
      for (const variant of interleave<Variant>(['synth', 'floor', 'cdk8s', 'noop', 'tree', 'treeFloor'], run)) {
        const dir = freshDir();
        switch (variant) {
          case 'synth':
            times.synth.push(measure(() => synth(repo, besideTree(dir))));
            break;
          case 'floor':
            times.floor.push(measure(() => writeFloor(dir, files, floorExtra)));
            break;
          case 'cdk8s': {
            let app = buildNaiveCdk8sApp(dir, []);
            cdk8sConstruct.push(timeMs(() => { app = buildNaiveCdk8sApp(dir, files); }));
            times.cdk8s.push(measure(() => app.synth()));
            break;
          }
          case 'noop':
            times.noop.push(measure(() => synth(repo, besideTree(kept))));
            break;
          case 'tree':
            times.tree.push(measure(() => synth(treeRepo, besideTree(dir))));
            break;
          case 'treeFloor':
            times.treeFloor.push(measure(() => writeFloor(dir, files)));
            break;
        }
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      }
    }

    const steady = measureSteady(runs, freshDir, (dir) => synth(repo, besideTree(dir)), (dir) => writeFloor(dir, files, floorExtra));

    const noopWrites = countWrites(kept, () => synth(repo, besideTree(kept)));
    const changed = benchReleases(services);
    const target = benchServiceName(Math.floor(services / 2));
    changed[target].staging = benchTag(services + 1, 'staging');
    const changedRepo = defineBenchRepo(services, { releases: changed });
    const oneTagWrites = countWrites(kept, () => synth(changedRepo, besideTree(kept)));

    return {
      services,
      envs: BENCH_ENVIRONMENTS.length,
      runs,
      files: files.length,
      constructMs,
      synthMs: median(times.synth.map((t) => t.ms)),
      floorMs: median(times.floor.map((t) => t.ms)),
      cdk8sConstructMs: median(cdk8sConstruct),
      cdk8sMs: median(times.cdk8s.map((t) => t.ms)),
      cpu: {
        synthMs: median(times.synth.map((t) => t.cpuMs)),
        floorMs: median(times.floor.map((t) => t.cpuMs)),
        cdk8sMs: median(times.cdk8s.map((t) => t.cpuMs)),
      },
      tmpdir: os.tmpdir(),
      noopMs: median(times.noop.map((t) => t.ms)),
      noopWrites,
      oneTagWrites,
      phases: measurePhases(repo, freshDir, runs),
      treeOnly: { synthMs: median(times.tree.map((t) => t.ms)), floorMs: median(times.treeFloor.map((t) => t.ms)) },
      steady,
      providerRootLoaded: Object.keys(require.cache).some((m) => /[\\/]@cdktf[\\/]provider-aws[\\/]lib[\\/]index\.js$/.test(m)),
      iamPolicyMaxChars: iamPolicyMaxChars(renderTerraform(repo)!),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Synth and the floor alternating, with no full collection before any run (see `MeasureOptions.collectFirst`),
 * after one unmeasured synth that compiles again what the last collection dropped: what a process that
 * synthesizes again and again sees.
 */
function measureSteady(runs: number, freshDir: () => string, synthInto: (dir: string) => void, floorInto: (dir: string) => void): TimingResult['steady'] {
  const clean = (dir: string) => fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  collectGarbage();
  const warm = freshDir();
  synthInto(warm);
  clean(warm);
  const synthMs: number[] = [];
  const floorMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    for (const variant of interleave(['synth', 'floor'], run)) {
      const dir = freshDir();
      if (variant === 'synth') synthMs.push(measure(() => synthInto(dir), { collectFirst: false }).ms);
      else floorMs.push(measure(() => floorInto(dir), { collectFirst: false }).ms);
      clean(dir);
    }
  }
  return { synthMs: median(synthMs), floorMs: median(floorMs) };
}

/** The phases of `synth()` one by one (medians), to see where its time goes. */
function measurePhases(repo: ReturnType<typeof defineBenchRepo>, freshDir: () => string, runs: number): TimingResult['phases'] {
  const render: number[] = [];
  const checks: number[] = [];
  const serialize: number[] = [];
  const write: number[] = [];
  const schema: number[] = [];
  const validator = SchemaValidator.fromPackages();
  let schemaProblems = 0;
  const schemaLoadMs = timeMs(() => { schemaProblems = validator.validateFiles(repo.renderFiles()).length; });
  for (let run = 0; run < runs; run++) {
    let files = repo.renderFiles();
    render.push(timeMs(() => { files = repo.renderFiles(); }));
    const index = ModelIndex.of(repo);
    const terraform = renderTerraform(repo, index);
    // As a synth runs them: one context, the rendered objects picked once for every check.
    checks.push(timeMs(() => {
      const ctx = { repo, index, files, terraform, rendered: renderedObjects(files) };
      for (const check of ALL_CHECKS) check(ctx);
    }));
    schema.push(timeMs(() => { schemaProblems = Math.max(schemaProblems, validator.validateFiles(files).length); }));
    let tree = files.map((f) => ({ path: f.path, content: '' }));
    serialize.push(timeMs(() => { tree = files.map((f) => ({ path: f.path, content: serializeObjects(f.objects) })); }));
    const dir = freshDir();
    write.push(timeMs(() => writeTree(dir, tree)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    renderMs: median(render),
    checksMs: median(checks),
    serializeMs: median(serialize),
    writeMs: median(write),
    schemaMs: median(schema),
    schemaLoadMs,
    schemaProblems,
  };
}

/** The Terraform JSON objects of the repository's AWS side and their paths (built once, outside the timed floor). */
function terraformFloorObjects(repo: ReturnType<typeof defineBenchRepo>): Array<{ path: string; object: unknown }> {
  const terraform = renderTerraform(repo);
  if (!terraform) return [];
  const { stackFile, inventoryFile } = terraformOutput({ outdir: 'dist' }, terraform.side);
  return [{ path: `../cdktf.out/${stackFile}`, object: terraform.stack }, { path: `../cdktf.out/${inventoryFile}`, object: terraform.inventory }];
}

function countWrites(dir: string, fn: () => void): number {
  const before = stampTree(dir);
  fn();
  return changedFiles(before, stampTree(dir)).length;
}

/** Synth's folders for a tree written to `dir`: the Terraform JSON next to it, inside the bench's scratch folder. */
function besideTree(dir: string): { outdir: string; terraformOutdir: string } {
  return { outdir: dir, terraformOutdir: path.join(path.dirname(dir), 'cdktf.out') };
}

/** Builds the definitions and synthesizes them fresh, unchanged and with one tag changed; reports the peak RSS. */
export function runMemory(services: number): MemoryResult {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-bench-mem-'));
  const dir = path.join(scratch, 'dist');
  try {
    const repo = defineBenchRepo(services);
    synth(repo, besideTree(dir));
    synth(repo, besideTree(dir));
    const changed = benchReleases(services);
    changed[benchServiceName(0)].production = benchTag(services + 1, 'production');
    synth(defineBenchRepo(services, { releases: changed }), besideTree(dir));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  // maxRSS is in KiB.
  return { services, peakRssMib: process.resourceUsage().maxRSS / 1024 };
}
