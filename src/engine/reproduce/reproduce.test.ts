import { describe, expect, it } from 'vitest';
import { loadMnistNode } from '../mnistNode';
import { MNIST_OPTIONS, experimentConfig, makePlan } from './plan';
import { runExperiments } from './runExperiments';
import { checkTargets, formatTable, markdownTable, reproJson } from './report';

describe('MNIST reproduction pipeline (600 digits, 784-16-10, a few epochs)', () => {
  const options = { ...MNIST_OPTIONS, samples: 600, hidden: [16], learningRate: 1e-2, pruneRate: 3e-3, quantRate: 3e-3, epochs: { dense: 5, pruned: 2, quantized: 1, pruned_quantized: 1 } };
  const plan = makePlan(options);

  it('branches as the issue asks: pruning starts where the dense phase ends, pruned_quantized keeps the pruning', () => {
    const dense = plan.experiments[0];
    expect(plan.experiments.map((e) => [e.name, e.from])).toEqual([
      ['dense', 'init'],
      ['pruned', 'dense'],
      ['quantized', 'dense'],
      ['pruned_quantized', 'pruned'],
    ]);
    const pruned = experimentConfig(plan, 'pruned');
    expect(pruned).toMatchObject({ prune: true, sparsity: 0.9, pruneSchedule: 'gradual', pruneStart: dense.steps, quantize: false });
    expect(experimentConfig(plan, 'quantized')).toMatchObject({ prune: false, quantize: true, bits: 4, quantMode: 'aware' });
    expect(experimentConfig(plan, 'pruned_quantized')).toMatchObject({ prune: true, sparsity: 0.9, quantize: true, bits: 4 });
  });

  it('trains all four end to end; the compressed models are smaller and stay accurate', async () => {
    const lines: string[] = [];
    const r = await runExperiments(plan, loadMnistNode(), { log: (l) => lines.push(l) });
    const by = Object.fromEntries(r.experiments.map((e) => [e.name, e]));
    expect(Object.keys(by)).toEqual(['dense', 'pruned', 'quantized', 'pruned_quantized']);
    expect(r.test_digits).toBe(600);
    const float32 = 4 * (784 * 16 + 16 + 16 * 10 + 10);
    expect(by.dense.bytes).toBe(float32);
    expect(by.dense).toMatchObject({ sparsity: 0, bits: 32, float32_bytes: float32 });
    expect(by.pruned.sparsity).toBeCloseTo(0.9, 2);
    expect(by.pruned.bits).toBe(32);
    expect(by.quantized).toMatchObject({ sparsity: 0, bits: 4 });
    expect(by.pruned_quantized.sparsity).toBeCloseTo(0.9, 2);
    expect(by.pruned_quantized.bits).toBe(4);
    expect(by.pruned.bytes).toBeLessThan(by.dense.bytes / 2);
    expect(by.quantized.bytes).toBeLessThan(by.dense.bytes / 7);
    expect(by.pruned_quantized.bytes).toBeLessThan(Math.min(by.pruned.bytes, by.quantized.bytes));
    // Steps: pruning picks up where the dense phase ended; pruned_quantized continues the pruned timeline.
    expect(by.pruned.steps[0]).toBe(by.dense.steps[1]);
    expect(by.quantized.steps[0]).toBe(by.dense.steps[1]);
    expect(by.pruned_quantized.steps[0]).toBe(by.pruned.steps[1]);
    // 25 dense steps already learn the digits; every branch still knows them.
    for (const e of r.experiments) expect(e.test_accuracy).toBeGreaterThan(50);
    expect(lines).toHaveLength(4);

    const table = formatTable(r);
    expect(table.split('\n')).toHaveLength(6);
    expect(markdownTable(r).split('\n')).toHaveLength(6);
    const json = reproJson(plan, options, r);
    expect(json.pruned_quantized).toMatchObject({ bits: 4, bytes: by.pruned_quantized.bytes });
    expect(json.seed).toBe(1);
    expect(checkTargets(r).find((c) => c.what.startsWith('pruned_quantized ≥'))?.ok).toBe(by.pruned_quantized.bytes * 30 <= float32);
  }, 60_000);
});
