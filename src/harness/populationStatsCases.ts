/**
 * Population statistics and slot state parity (shaders/population_stats.wgsl through gpu/populationSlots.ts)
 * against the CPU twin (engine/population/slotStats.ts): a scripted population (engine/population/plan.ts)
 * trains on both; midway every held slot's state is read back from the CPU, edited (parameters × 0.9)
 * and loaded into both, and one slot's optimizer state is zeroed on both; at each trial's end the slot's
 * statistics (gradient norms per layer, Σθ², Σ|θ|) and its parameters and optimizer state are compared,
 * and idle slots must give null. Tolerances are the caller's: |gpu − cpu| ≤ atol + rtol·|cpu|.
 */
import { validateConfig } from '../engine/config';
import type { Dataset } from '../engine/datasets';
import { createCpuPopulation } from '../engine/population/cpuPopulation';
import { planPopulation, populationEvents } from '../engine/population/plan';
import type { SlotStats } from '../engine/population/slotStats';
import { createGpuPopulation } from '../gpu/population';
import { compare, type Comparison } from './gpuRun';
import { oddData, type PopulationCase } from './populationCases';

export interface PopulationStatsCase extends PopulationCase {
  /** The step after which slot states are edited and loaded on both, and `resetSlot`'s optimizer state zeroed. */
  editAt: number;
  resetSlot: number;
}

export interface SlotStatsParity {
  trial: number;
  slot: number;
  /** [gradNorms…, Σθ², Σ|θ|] GPU vs CPU. */
  stats: Comparison;
  /** Parameters and both optimizer state arrays, GPU vs CPU. */
  state: Comparison;
  /** Smallest gradient norm on the CPU (the slot stepped: > 0). */
  minGradNorm: number;
}

const flat = (s: SlotStats | null) => (s ? [...s.gradNorms, s.paramSumSq, s.paramSumAbs] : []);

export function createPopulationStatsCases(device: GPUDevice) {
  return {
    async populationStats(p: PopulationStatsCase) {
      const task: Dataset['task'] = p.loss === 'mse' ? 'regression' : 'classification';
      const configs = p.trials.map((t) => validateConfig({ samples: p.samples, hidden: p.hidden, activation: p.activation, loss: p.loss, ...t.config }).config);
      const plan = planPopulation(p.trials.map((t, i) => ({ config: configs[i], slot: t.slot, start: t.start, steps: t.steps })), p.slots, p.batch, (c) => oddData(c, task));
      const gpu = createGpuPopulation(device, plan.init, { rows: p.rows });
      const cpu = createCpuPopulation(plan.init);
      const results: SlotStatsParity[] = [];
      const held = new Set<number>();
      let edited = 0, reset = false;
      try {
        for (const e of populationEvents(plan)) {
          if (e.kind === 'set') {
            gpu.setTrial(e.slot, e.params, e.dataIndex);
            cpu.setTrial(e.slot, e.params, e.dataIndex);
            held.add(e.slot);
          } else if (e.kind === 'clear') {
            gpu.clearTrial(e.slot);
            cpu.clearTrial(e.slot);
            held.delete(e.slot);
          } else if (e.kind === 'step') {
            gpu.step(e.rows, e.rowCounts, e.settings);
            cpu.step(e.rows, e.rowCounts, e.settings);
            if (e.step + 1 === p.editAt) {
              for (const s of held) {
                const st = await cpu.readSlotState(s);
                const edit = { params: st.params.map((v) => v * 0.9), state: st.state };
                gpu.loadSlotState(s, edit);
                cpu.loadSlotState(s, edit);
                edited++;
              }
              if (held.has(p.resetSlot)) {
                gpu.resetSlotState(p.resetSlot);
                cpu.resetSlotState(p.resetSlot);
                reset = true;
              }
            }
          } else {
            const [gs, cs] = await Promise.all([gpu.slotStats(), cpu.slotStats()]);
            const [gst, cst] = await Promise.all([gpu.readSlotState(e.slot), cpu.readSlotState(e.slot)]);
            const all = (s: typeof gst) => [...s.params, ...s.state[0], ...s.state[1]];
            results.push({
              trial: e.trial,
              slot: e.slot,
              stats: compare(flat(gs[e.slot]), flat(cs[e.slot]), p.atol, p.rtol),
              state: compare(all(gst), all(cst), p.atol, p.rtol),
              minGradNorm: Math.min(...(cs[e.slot]?.gradNorms ?? [0])),
            });
          }
        }
        const [gs, cs] = await Promise.all([gpu.slotStats(), cpu.slotStats()]);
        const idle = Array.from({ length: p.slots }, (_, s) => s).filter((s) => !held.has(s));
        return { results, edited, reset, idle, idleNull: idle.every((s) => gs[s] === null && cs[s] === null) };
      } finally {
        gpu.destroy();
      }
    },
  };
}

export type PopulationStatsCases = ReturnType<typeof createPopulationStatsCases>;
