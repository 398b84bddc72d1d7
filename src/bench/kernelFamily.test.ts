/** The step profile's kernel families, from pipeline labels as gpu/pipelines.ts writes them. */
import { describe, expect, it } from 'vitest';
import { kernelFamily } from './kernelFamily';

const label = (kernel: string, entry: string, constants: Record<string, number | boolean>) => `${kernel}:${entry}:${JSON.stringify(constants)}`;

describe('kernelFamily', () => {
  it('names the three products of either matmul module from their constants', () => {
    for (const kernel of ['matmul', 'matmul subgroup']) {
      expect(kernelFamily(label(kernel, 'main32v', { TRANS_A: false, TRANS_B: true, GATE_ACT: 4 }))).toBe('matmul fwd');
      expect(kernelFamily(label(kernel, 'main64sg', { TRANS_A: true, TRANS_B: false, GATE_ACT: 4, ROW_SUM: true }))).toBe('matmul dW');
      expect(kernelFamily(label(kernel, 'main8', { TRANS_A: false, TRANS_B: false, GATE_ACT: 0 }))).toBe('matmul dX');
    }
  });

  it('keeps any other kernel’s label', () => {
    expect(kernelFamily(label('optimizer', 'main', { OPT: 3 }))).toBe('optimizer');
  });
});
