/**
 * The Multi-task lesson keeps its promises, trained here on the CPU engine through the Trainer as the
 * worker trains it: digit + parity on one trunk beside each task alone (600 steps), the gradient cosine
 * at each evaluation (every 50 steps), and the same run with PCGrad on. The measured numbers are logged.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/cpuBackend';
import { loadMnistNode } from '../../engine/mnistNode';
import { setupRun } from '../../engine/run';
import type { MetricPoint } from '../../engine/train/metrics';
import { Trainer, type BackendFactory } from '../../engine/train/trainer';
import { LESSONS, lessonConfig, type PlaygroundLesson } from './lessons';

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Trains `steps` steps, evaluating every 50: every lane's points. */
async function run(config: ReturnType<typeof lessonConfig>, mnist: ReturnType<typeof loadMnistNode>, steps: number) {
  const t = await Trainer.create(setupRun(config, mnist), cpu);
  const points: MetricPoint[] = [];
  for (let i = 0; i <= steps; i++) {
    if (i % 50 === 0) points.push(...(await t.evaluate(false)!).points);
    if (i < steps) t.doStep();
  }
  const lane = (k: number) => points.filter((p) => p.lane === k);
  return { t, lane };
}

describe('the Multi-task lesson', () => {
  const mnist = loadMnistNode();

  it('digit + parity: both heads learn as well as alone; the cosine stays small and positive; PCGrad changes little', async () => {
    const l = LESSONS.find((x) => x.id === 'multitask-parity') as PlaygroundLesson;
    expect(l?.kind).toBe('playground');
    const config = lessonConfig(l);
    const plain = await run(config, mnist, 600);
    const [both, digit, parity] = [0, 1, 2].map((k) => plain.lane(k));
    const last = (ps: MetricPoint[], head: number) => ps.at(-1)!.heads![head].testAccuracy;
    const cos = both.map((p) => p.conflict ?? NaN).filter(Number.isFinite);
    const pc = await run({ ...config, pcgrad: true }, mnist, 600);
    const pcBoth = pc.lane(0);
    const pcCos = pcBoth.map((p) => p.conflict ?? NaN).filter(Number.isFinite);
    console.log(
      `[lesson multitask] step 600: digit ${pct(last(both, 0))} both / ${pct(last(digit, 0))} alone; parity ${pct(last(both, 1))} both / ${pct(last(parity, 1))} alone; ` +
        `parity at step 100: ${pct(both[2].heads![1].testAccuracy)} both / ${pct(parity[2].heads![1].testAccuracy)} alone; ` +
        `cosine ${cos.map((c) => c.toFixed(2)).join(' ')}; below 0 at ${cos.filter((c) => c < 0).length} of ${cos.length}; ` +
        `PCGrad: digit ${pct(last(pcBoth, 0))}, parity ${pct(last(pcBoth, 1))}; cosine ${pcCos.map((c) => c.toFixed(2)).join(' ')}`,
    );
    // 'about 89%' and 'about 95%', 'within a few tenths of a point' of each task alone
    expect(last(both, 0)).toBeGreaterThan(0.87);
    expect(last(both, 1)).toBeGreaterThan(0.93);
    expect(Math.abs(last(both, 0) - last(digit, 0))).toBeLessThan(0.01);
    expect(Math.abs(last(both, 1) - last(parity, 1))).toBeLessThan(0.01);
    // 'small and positive (0.05 to 0.27 at every evaluation)', one per evaluation after the first step
    expect(cos).toHaveLength(12);
    for (const c of cos) {
      expect(c).toBeGreaterThan(0.04);
      expect(c).toBeLessThan(0.28);
    }
    // PCGrad: 'the curves hardly move (about 89% and 95% again)'
    expect(Math.abs(last(pcBoth, 0) - last(both, 0))).toBeLessThan(0.01);
    expect(Math.abs(last(pcBoth, 1) - last(both, 1))).toBeLessThan(0.01);
  }, 300_000);
});
