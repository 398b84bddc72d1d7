/** The per-slot record of shaders/population.wgsl (struct Slot): layout, codes and the idle/evaluation forms. */
import { describe, expect, it } from 'vitest';
import { optimizerHyper, optimizerUniforms, OPTIMIZER_UNIFORM_WORDS } from '../optimizers';
import { modelSpecFor, paramLayout } from '../model';
import { packSlots, paramVec4s, SLOT, SLOT_WORDS } from './slotWords';

describe('packSlots', () => {
  it('a stepping slot: the single-run optimizer block, then the codes, the flag, rows and block', () => {
    const hyper = optimizerHyper('momentum', { learningRate: 0.05, nesterov: true, regularization: 'l1', regularizationRate: 0.01 });
    const rms = optimizerHyper('rmsprop', { centered: true, regularization: 'l2', regularizationRate: 0.1 });
    const w = packSlots([
      { active: true, block: 2, rows: 9, settings: { hyper, t: 3 } },
      { active: true, block: 0, rows: 13, settings: { hyper: rms, t: 1 } },
    ], 640);
    expect(w.length).toBe(2 * SLOT_WORDS);
    expect(Array.from(w.subarray(0, OPTIMIZER_UNIFORM_WORDS))).toEqual(Array.from(optimizerUniforms(hyper, 3, 640).words));
    expect([w[SLOT.opt], w[SLOT.reg], w[SLOT.nesterov], w[SLOT.centered], w[SLOT.active], w[SLOT.rows], w[SLOT.block]]).toEqual([1, 1, 1, 0, 1, 9, 2]);
    const o = SLOT_WORDS;
    expect(Array.from(w.subarray(o, o + OPTIMIZER_UNIFORM_WORDS))).toEqual(Array.from(optimizerUniforms(rms, 1, 640).words));
    expect([w[o + SLOT.opt], w[o + SLOT.reg], w[o + SLOT.nesterov], w[o + SLOT.centered], w[o + SLOT.rows]]).toEqual([2, 2, 0, 1, 13]);
    expect(w[SLOT_WORDS - 1]).toBe(0);
    // shaders/population_matmul.wgsl reads the record as words: SLOT_WORDS 24, live at 20, rows at 21
    expect([SLOT_WORDS, SLOT.active, SLOT.rows]).toEqual([24, 20, 21]);
  });

  it('an idle slot is all zeros but n; an evaluation record keeps the flag and the block; stale words are cleared', () => {
    const words = new Uint32Array(3 * SLOT_WORDS).fill(7);
    packSlots([
      { active: false, block: 1, rows: 0, settings: null },
      { active: true, block: 3, rows: 0, settings: null },
    ], 64, words);
    expect(Array.from(words.subarray(1, SLOT_WORDS)).filter((v, i) => i + 1 !== SLOT.block && v !== 0)).toEqual([]);
    expect(words[0]).toBe(64);
    expect([words[SLOT_WORDS + SLOT.active], words[SLOT_WORDS + SLOT.block], words[SLOT_WORDS + SLOT.opt]]).toEqual([1, 3, 0]);
    expect(words[2 * SLOT_WORDS], 'words past the slots untouched').toBe(7);
  });
});

describe('paramVec4s', () => {
  it('lists the vec4s that hold parameters, tensor by tensor, and none of the padding between them', () => {
    const layout = paramLayout(modelSpecFor({ hidden: [16, 16], activation: 'relu' }, { inputDim: 2, outputDim: 2 }));
    const q = paramVec4s(layout);
    // W1 32 floats (8 vec4s) at 0, b1 16 (4) at 64, W2 256 (64) at 128, b2 16 (4) at 384, W3 32 (8) at 448, b3 2 (1) at 512
    expect(q.length).toBe(8 + 4 + 64 + 4 + 8 + 1);
    expect(Array.from(q.subarray(0, 9))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 16]);
    expect(q[q.length - 1]).toBe(128);
    const covered = new Set(Array.from(q).flatMap((v) => [4 * v, 4 * v + 1, 4 * v + 2, 4 * v + 3]));
    for (const t of layout.tensors) for (let i = 0; i < t.size; i++) expect(covered.has(t.offset + i)).toBe(true);
    expect(covered.size).toBeLessThan(layout.totalFloats);
  });
});
