import { spawnSync } from 'child_process';
import { MemoryResult, runMemory, runTiming, TimingResult } from './bench-run';
import { compareLayouts, LayoutComparison } from './layout-comparison';

/**
 * `npm run bench [-- --services 100,1000,5000 --runs 5]`.
 *
 * Each size runs in two fresh processes: one measures times (synth, floor, cdk8s interleaved; no-op;
 * one-tag change), one only builds and synthesizes the definitions, so its peak RSS is ours alone and
 * the sizes do not mix. The `bench:` lines, one per size, are printed last.
 */
function main(argv: readonly string[]): number {
  const args = parseArgs(argv);
  if (args.child === 'timing') return emit(runTiming(args.services[0], args.runs));
  if (args.child === 'memory') return emit(runMemory(args.services[0]));
  if (args.child === 'layouts') return emit(compareLayouts(args.services[0], args.runs));

  const lines: string[] = [];
  for (const services of args.services) {
    const timing = child<TimingResult>('timing', services, args.runs);
    const memory = child<MemoryResult>('memory', services, args.runs);
    // Both layouts of the same repository (the tree only: the AWS side is the same for both).
    const layouts = child<LayoutComparison>('layouts', services, args.runs);
    console.log(`layouts: services=${services} kustomize_synth_ms=${ms(layouts.kustomizeSynthMs)} rendered_synth_ms=${ms(layouts.renderedSynthMs)} ratio_rendered_synth=${(layouts.renderedSynthMs / layouts.kustomizeSynthMs).toFixed(2)} kustomize_files=${layouts.kustomizeFiles} rendered_files=${layouts.renderedFiles} kustomize_builds_per_sync_kustomize=${layouts.kustomizeBuildsKustomize} kustomize_builds_per_sync_rendered=${layouts.kustomizeBuildsRendered} directory_sources_rendered=${layouts.directorySourcesRendered}`);
    const p = timing.phases;
    const c = timing.cpu;
    console.log(`detail: services=${services} runs=${timing.runs} tmpdir=${timing.tmpdir} construct_ms=${ms(timing.constructMs)} render_ms=${ms(p.renderMs)} checks_ms=${ms(p.checksMs)} serialize_ms=${ms(p.serializeMs)} write_ms=${ms(p.writeMs)} schema_ms=${ms(p.schemaMs)} schema_load_ms=${ms(p.schemaLoadMs)} schema_problems=${p.schemaProblems} cdk8s_construct_ms=${ms(timing.cdk8sConstructMs)} one_tag_writes=${timing.oneTagWrites} provider_root_loaded=${timing.providerRootLoaded} iam_policy_max_chars=${timing.iamPolicyMaxChars}`);
    const t = timing.treeOnly;
    console.log(`tree: services=${services} without the AWS side: synth_ms=${ms(t.synthMs)} floor_ms=${ms(t.floorMs)} ratio_floor=${(t.synthMs / t.floorMs).toFixed(2)} speedup_vs_cdk8s=${(timing.cdk8sMs / t.synthMs).toFixed(2)} aws_side_ms=${ms(timing.synthMs - t.synthMs)}`);
    const st = timing.steady;
    console.log(`steady: services=${services} without a full collection before each run: synth_ms=${ms(st.synthMs)} floor_ms=${ms(st.floorMs)} ratio_floor=${(st.synthMs / st.floorMs).toFixed(2)}`);
    console.log(`cpu: services=${services} synth_cpu_ms=${ms(c.synthMs)} floor_cpu_ms=${ms(c.floorMs)} ratio_floor_cpu=${(c.synthMs / c.floorMs).toFixed(2)} cdk8s_cpu_ms=${ms(c.cdk8sMs)} speedup_vs_cdk8s_cpu=${(c.cdk8sMs / c.synthMs).toFixed(2)}`);
    lines.push([
      'bench:',
      `services=${services}`,
      `envs=${timing.envs}`,
      `files=${timing.files}`,
      `synth_ms=${ms(timing.synthMs)}`,
      `floor_ms=${ms(timing.floorMs)}`,
      `ratio_floor=${(timing.synthMs / timing.floorMs).toFixed(2)}`,
      `cdk8s_ms=${ms(timing.cdk8sMs)}`,
      `speedup_vs_cdk8s=${(timing.cdk8sMs / timing.synthMs).toFixed(2)}`,
      `noop_ms=${ms(timing.noopMs)}`,
      `noop_writes=${timing.noopWrites}`,
      `peak_rss_mib=${Math.round(memory.peakRssMib)}`,
    ].join(' '));
  }
  for (const line of lines) console.log(line);
  return 0;
}

interface Args {
  readonly services: number[];
  readonly runs: number;
  readonly child?: 'timing' | 'memory' | 'layouts';
}

function parseArgs(argv: readonly string[]): Args {
  let services = [100, 1000, 5000];
  let runs = 5;
  let childKind: Args['child'];
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--services':
        services = (value ?? '').split(',').map(Number);
        if (services.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--services ${value}: expected positive integers separated by commas, e.g. 100,1000`);
        i++;
        break;
      case '--runs':
        runs = Number(value);
        if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${value}: expected a positive integer (5 or more for stable medians)`);
        i++;
        break;
      case '--child':
        if (value !== 'timing' && value !== 'memory' && value !== 'layouts') throw new Error(`--child ${value}: expected timing, memory or layouts`);
        childKind = value;
        i++;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}: expected --services 100,1000,5000 and/or --runs 5`);
    }
  }
  return { services, runs, child: childKind };
}

/** Runs one measurement in a fresh node process; its result is the last line of its output, as JSON. */
function child<T>(kind: 'timing' | 'memory' | 'layouts', services: number, runs: number): T {
  // Node flags given to the benchmark (e.g. --max-semi-space-size) apply to the measured processes too.
  const result = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', __filename, '--child', kind, '--services', String(services), '--runs', String(runs)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`bench ${kind} run for ${services} services failed with exit code ${result.status}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

function emit(result: TimingResult | MemoryResult | LayoutComparison): number {
  console.log(JSON.stringify(result));
  return 0;
}

function ms(value: number): string {
  return value.toFixed(1);
}

process.exitCode = main(process.argv.slice(2));
