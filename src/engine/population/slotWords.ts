/**
 * The per-slot settings block the population's kernels read (shaders/population.wgsl, struct Slot): one
 * SLOT_WORDS-word record per slot, all written in one go each step. Words 0…15 are the single-run
 * optimizer's uniform block (optimizers.ts optimizerUniforms: lr, momentum, β's, ε, decay, λ, bias
 * corrections, firstStep), so both kernels read identical float32 constants; then
 *   16 opt (OPTIMIZERS index)  17 reg (0 none, 1 L1, 2 L2)  18 nesterov  19 centered
 *   20 active (0: every kernel skips the slot)  21 rows (this step's row count)  22 block (dataset)  23 0
 * (shaders/population_matmul.wgsl reads words 20 and 21 by number: keep them in place.)
 */
import type { StepSettings } from '../backend';
import type { ParamLayout } from '../model';
import { OPTIMIZER_UNIFORM_WORDS, optimizerUniforms, optimizerVariant } from '../optimizers';

export const SLOT_WORDS = 24;
export const SLOT = { opt: 16, reg: 17, nesterov: 18, centered: 19, active: 20, rows: 21, block: 22 } as const;

export interface SlotState {
  /** The slot holds a trial (setTrial) and, for a step, has settings and at least one row. */
  active: boolean;
  /** Dataset block (index into PopulationInit.data). */
  block: number;
  rows: number;
  /** The step's settings; null for an evaluation or an idle slot (the optimizer words stay 0). */
  settings: StepSettings | null;
}

/** Writes slot records into `words` ([T × SLOT_WORDS] at least); P is the parameter stride (word 0, n). */
export function packSlots(slots: readonly SlotState[], P: number, words: Uint32Array = new Uint32Array(slots.length * SLOT_WORDS)): Uint32Array {
  words.fill(0, 0, slots.length * SLOT_WORDS);
  slots.forEach((s, i) => {
    const at = i * SLOT_WORDS;
    if (s.settings) {
      words.set(optimizerUniforms(s.settings.hyper, s.settings.t, P).words, at);
      const v = optimizerVariant(s.settings.hyper);
      words[at + SLOT.opt] = v.OPT;
      words[at + SLOT.reg] = v.REG;
      words[at + SLOT.nesterov] = v.NESTEROV ? 1 : 0;
      words[at + SLOT.centered] = v.CENTERED ? 1 : 0;
    } else {
      words[at] = P;
    }
    words[at + SLOT.active] = s.active ? 1 : 0;
    words[at + SLOT.rows] = s.rows;
    words[at + SLOT.block] = s.block;
  });
  return words;
}

/**
 * The vec4s (groups of 4 floats, index = float offset / 4) of a layout that hold real parameters, in
 * order: the population's optimizer updates these and skips the alignment padding between tensors (a
 * 2-16-16-2 net has 354 parameters in 576 floats). Tensors start at 64-float offsets, so no vec4 holds
 * two tensors; a tensor's last vec4 may hold padding, which stays 0 (its gradient and value are 0).
 */
export function paramVec4s(layout: ParamLayout): Uint32Array<ArrayBuffer> {
  const out: number[] = [];
  for (const t of layout.tensors) {
    if (t.offset % 4 !== 0) throw new Error(`tensor ${t.name} starts at ${t.offset}, not a multiple of 4 floats`);
    for (let q = t.offset / 4; q < Math.ceil((t.offset + t.size) / 4); q++) out.push(q);
  }
  return Uint32Array.from(out);
}

// the optimizer block must fit before the population's own words
if (OPTIMIZER_UNIFORM_WORDS > SLOT.opt) throw new Error('the optimizer uniform block outgrew the slot record');
