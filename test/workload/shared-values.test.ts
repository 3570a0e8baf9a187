import { DisruptionBudget, TopologySpread } from '../../src';
import { toKubeResources } from '../../src/workload/resources';
import { effectiveDisruptionBudget, effectiveTopologySpread, WorkloadPolicyInput } from '../../src/workload/workload-policies';

// Immutable values a render asks for thousands of times are made once and shared.

describe('shared values of a render', () => {
  test('a resource value is one Quantity, whichever container asks', () => {
    const a = toKubeResources({ cpu: '250m', memory: '256Mi' });
    const b = toKubeResources({ cpu: '250m', memory: '512Mi', memoryLimit: '256Mi' });
    expect(a.requests!.cpu).toBe(b.requests!.cpu);
    expect(a.requests!.memory).toBe(b.limits!.memory);
    expect([a.requests!.cpu.value, a.limits!.cpu.value, b.requests!.memory.value, b.limits!.memory.value]).toEqual(['250m', '250m', '512Mi', '256Mi']);
  });

  test('values stay right when more distinct values than the cache keeps have been asked for', () => {
    for (let i = 0; i < 2500; i++) expect(toKubeResources({ cpu: `${i}m`, memory: `${i}Mi` }).limits!.memory.value).toBe(`${i}Mi`);
    expect(toKubeResources({ cpu: '1m', memory: '1Mi' }).requests!.cpu.value).toBe('1m');
  });

  test('production defaults are one shared value; an overlay\'s own choice and other environments are untouched', () => {
    const production: WorkloadPolicyInput = { production: true, replicas: 3 };
    const spread = effectiveTopologySpread(production)!;
    expect(effectiveTopologySpread({ ...production })).toBe(spread);
    expect(spread.topologyKeys).toEqual(TopologySpread.zonesAndNodes().topologyKeys);
    expect(effectiveDisruptionBudget(production)).toBe(effectiveDisruptionBudget({ ...production }));
    expect(effectiveDisruptionBudget(production)!.toString()).toBe('maxUnavailable: 1');
    const own = DisruptionBudget.minAvailable('50%');
    expect(effectiveDisruptionBudget({ ...production, disruptionBudget: own })).toBe(own);
    expect(effectiveTopologySpread({ production: false, replicas: 3 })).toBeUndefined();
  });
});
