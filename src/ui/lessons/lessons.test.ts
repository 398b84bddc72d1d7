/**
 * The Lessons keep their promises. Every lesson's setting loads without a correction (a playground lesson
 * through validateConfig and its link, the landscape lesson through its hash), and each one is trained
 * here on the CPU engine through the Trainer, exactly as the worker would train it, to check what its
 * sentences say: the bowl race's step counts and paths, L1's spike at 0 (and L2's absence of one), the
 * deep sigmoid net's vanishing gradients (and ReLU's cure), MNIST accuracy after 90% pruning and with
 * 4-bit quantization-aware training. The measured numbers are logged.
 */
import { describe, expect, it } from 'vitest';
import { configFromHash, configToHash, validateConfig, type RunConfig } from '../../engine/config';
import { createCpuBackend } from '../../engine/cpuBackend';
import { createCpuRace } from '../../engine/cpuRace';
import { landscapeFromHash, racerHyper, type LandscapeState } from '../../engine/landscapeState';
import type { MnistRaw } from '../../engine/mnist';
import { loadMnistNode } from '../../engine/mnistNode';
import { binIndex, type Histogram } from '../../engine/ops/histogram';
import { MINIMUM_RADIUS, newProgress, recordPoint } from '../../engine/race';
import { setupRun } from '../../engine/run';
import { Trainer, type BackendFactory, type Evaluated } from '../../engine/train/trainer';
import { LESSONS, lessonConfig, lessonHref, lessonSettings, type LandscapeLesson, type PlaygroundLesson } from './lessons';
import { settingsFromQuery } from '../../engine/search/studyLink';

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

function playground(id: string): PlaygroundLesson {
  const l = LESSONS.find((x) => x.id === id);
  if (l?.kind !== 'playground') throw new Error(`no playground lesson ${id}`);
  return l;
}

async function start(config: RunConfig, mnist?: MnistRaw): Promise<Trainer> {
  return Trainer.create(setupRun(config, mnist), cpu);
}

/** Trains up to step `to`, compressing when due, as the worker's loop does. */
async function trainTo(t: Trainer, to: number): Promise<void> {
  while (t.step < to) {
    if (t.compressionDue()) await t.compress();
    t.doStep();
  }
}

async function evaluate(t: Trainer): Promise<Evaluated> {
  const r = await t.evaluate(true);
  if (!r?.snapshot) throw new Error('no evaluation');
  return r;
}

const accuracy = (r: Evaluated) => r.points[0].testAccuracy ?? NaN;

/** Share of a layer's weights in its histogram's bin at 0, as the Weights panel counts it (0..1). */
function zeroBinShare(h: Histogram): number {
  const total = h.counts.reduce((a, c) => a + c, 0);
  if (!(h.min <= 0 && h.max >= 0) || total === 0) return 0;
  return h.counts[binIndex(0, Math.fround(h.min), Math.fround(h.max), h.counts.length)] / total;
}

/** Share of layer l's weights with |w| below eps, from the master parameters. */
async function smallShare(t: Trainer, l: number, eps: number): Promise<number> {
  const { params } = (await t.checkpoint()).lanes[0];
  const W = t.setup.init.layout.layers[l].W;
  let k = 0;
  for (let i = 0; i < W.size; i++) if (Math.abs(params[W.offset + i]) < eps) k++;
  return k / W.size;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('the lesson table', () => {
  it('has the ten lessons, each with two or three sentences and its own id', () => {
    expect(LESSONS.map((l) => l.id)).toEqual(['momentum-bowl', 'l1-zero', 'vanishing-sigmoid', 'prune-recover', 'quantize-4bit', 'dark-knowledge', 'transfer-halves', 'shift-digits', 'fuse-seeds', 'multitask-parity', 'sweep-rate']);
    for (const l of LESSONS) {
      expect(l.watch.length, l.id).toBeGreaterThanOrEqual(2);
      expect(l.watch.length, l.id).toBeLessThanOrEqual(3);
      for (const s of l.watch) expect(s, l.id).toMatch(/^\S.*[.!]$/);
    }
  });

  for (const l of LESSONS) {
    if (l.kind === 'playground') {
      it(`${l.title}: the setting validates without a correction and its link reproduces it`, () => {
        const v = validateConfig(l.config);
        expect(v.corrections).toEqual([]);
        const href = lessonHref(l);
        expect(href).toBe(`./#${configToHash(v.config)}`);
        const back = configFromHash(href.slice(href.indexOf('#')));
        expect(back.corrections).toEqual([]);
        expect(back.config).toEqual(v.config);
      });
    } else if (l.kind === 'sweep') {
      it(`${l.title}: the sweep link carries the run and the study without a correction`, () => {
        const href = lessonHref(l);
        expect(href).toMatch(/^\.\/sweep\.html\?study=/);
        const back = configFromHash(href.slice(href.indexOf('#')));
        expect(back.corrections).toEqual([]);
        expect(back.config).toEqual(validateConfig(l.config).config);
        const study = settingsFromQuery(href.slice(href.indexOf('?'), href.indexOf('#')));
        expect(study.corrections).toEqual([]);
        expect(study.settings).toEqual(lessonSettings(l));
      });
    } else {
      it(`${l.title}: the landscape link carries the state without a correction`, () => {
        const href = lessonHref(l);
        expect(href).toMatch(/^\.\/landscape\.html#surface=bowl&c=20&/);
        const back = landscapeFromHash(href.slice(href.indexOf('#')));
        expect(back.corrections).toEqual([]);
        expect(back.state).toEqual(l.state);
      });
    }
  }
});

/** Runs the CPU race of a landscape state; per racer, each step's (x, y) and the steps to the minimum. */
async function race(state: LandscapeState, steps: number) {
  const setup = { surface: state.surface, condition: state.condition, start: state.start, hypers: state.racers.map((r) => racerHyper(state, r)) };
  const engine = createCpuRace();
  engine.reset(setup);
  const progress = newProgress(setup);
  const n = setup.hypers.length;
  const paths: Array<Array<[number, number]>> = setup.hypers.map(() => []);
  for (let from = 0; from < steps; from += 10) {
    const trace = await engine.advance(10);
    if (!trace) throw new Error('the CPU race refused a batch');
    for (let s = from === 0 ? 0 : 1; s <= 10; s++) {
      for (let r = 0; r < n; r++) {
        const [x, y, f] = [trace[(s * n + r) * 4], trace[(s * n + r) * 4 + 1], trace[(s * n + r) * 4 + 2]];
        recordPoint(progress[r], state.surface, from + s, x, y, f);
        paths[r].push([x, y]);
      }
    }
  }
  engine.destroy();
  return { steps: progress.map((p) => p.stepsToMinimum), paths };
}

/** How often y − 3 changes sign along a path (crossings of the bowl's valley floor). */
const crossings = (path: Array<[number, number]>) => path.slice(1).filter(([, y], i) => Math.sign(y - 3) * Math.sign(path[i][1] - 3) < 0).length;

describe('Momentum on an ill-conditioned bowl', () => {
  const lesson = LESSONS.find((l): l is LandscapeLesson => l.kind === 'landscape')!;

  it('Momentum 67, Adam 81, SGD 142 steps; SGD never crosses the valley, Momentum zig-zags, Adam goes diagonally', async () => {
    const { steps, paths } = await race(lesson.state, 200);
    const [sgd, momentum, adam] = paths;
    console.log(`[lesson bowl] steps to within ${MINIMUM_RADIUS}: SGD ${steps[0]}, Momentum ${steps[1]}, Adam ${steps[2]}; valley crossings in 100 steps: SGD ${crossings(sgd.slice(0, 100))}, Momentum ${crossings(momentum.slice(0, 100))}`);
    expect(steps).toEqual([142, 67, 81]);
    expect(crossings(sgd)).toBe(0);
    // SGD is on the floor within 10 steps and then closes 3% of the x gap per step (1 − 2·lr)
    expect(Math.abs(sgd[10][1] - 3)).toBeLessThan(0.01);
    expect((sgd[51][0] - 3) / (sgd[50][0] - 3)).toBeCloseTo(1 - 2 * 0.015, 4);
    expect(crossings(momentum.slice(0, 67))).toBeGreaterThanOrEqual(4);
    for (const [x, y] of adam.slice(0, 60)) expect(Math.abs(Math.abs(x - 3) - Math.abs(y - 3))).toBeLessThan(0.02);
  });

  it('SGD at a rate of 0.045 zig-zags across the valley', async () => {
    const state: LandscapeState = { ...lesson.state, racers: [{ optimizer: 'sgd', learningRate: 0.045 }, lesson.state.racers[1]] };
    const { paths } = await race(state, 20);
    expect(crossings(paths[0].slice(0, 11))).toBe(10);
  });
});

describe('L1 drives weights to zero', () => {
  it('within 1,000 steps over 90% of layer 2 sits in the bin at 0 at 100% accuracy; L2 forms no spike', async () => {
    const l1 = lessonConfig(playground('l1-zero'));
    const t = await start(l1);
    const before = zeroBinShare((await evaluate(t)).snapshot!.snapshot.histograms[1]);
    await trainTo(t, 1000);
    const after = await evaluate(t);
    const zeroL1 = zeroBinShare(after.snapshot!.snapshot.histograms[1]);
    const tinyL1 = await smallShare(t, 1, 1e-3);

    const l2 = await start({ ...l1, regularization: 'l2' });
    await trainTo(l2, 1000);
    const afterL2 = await evaluate(l2);
    const zeroL2 = zeroBinShare(afterL2.snapshot!.snapshot.histograms[1]);
    const tinyL2 = await smallShare(l2, 1, 1e-3);
    console.log(`[lesson L1] layer 2 in the bin at 0: ${pct(before)} at step 0 → ${pct(zeroL1)} at step 1000 with L1 (|w| < 1e-3: ${pct(tinyL1)}, test accuracy ${pct(accuracy(after))}); with L2: ${pct(zeroL2)} (|w| < 1e-3: ${pct(tinyL2)}, accuracy ${pct(accuracy(afterL2))})`);
    expect(before).toBeLessThan(0.1);
    expect(zeroL1).toBeGreaterThan(0.9);
    expect(tinyL1).toBeGreaterThan(0.8);
    expect(accuracy(after)).toBe(1);
    expect(zeroL2).toBeLessThan(0.2);
    expect(tinyL2).toBeLessThan(0.05);
  });
});

describe('Vanishing gradients in a deep sigmoid net', () => {
  it('layer 1 gets ~1e-4 of the last layer’s gradient and accuracy stays at chance; ReLU learns the spiral in 1,000 steps', async () => {
    const sigmoid = lessonConfig(playground('vanishing-sigmoid'));
    const ratio = (r: Evaluated) => r.points[0].gradNorms[0] / r.points[0].gradNorms[r.points[0].gradNorms.length - 1];
    const report: string[] = [];
    for (const activation of ['sigmoid', 'relu'] as const) {
      const t = await start({ ...sigmoid, activation });
      const ratios: number[] = [];
      let last: Evaluated | null = null;
      for (const at of [1, 500, 1000, 2000]) {
        await trainTo(t, at);
        last = await evaluate(t);
        ratios.push(ratio(last));
        if (at === 1000 && activation === 'relu') expect(accuracy(last)).toBeGreaterThanOrEqual(0.95);
      }
      report.push(`${activation}: layer 1 / last layer gradient norm ${ratios.map((r) => r.toExponential(1)).join(', ')} at steps 1, 500, 1000, 2000; test accuracy ${pct(accuracy(last!))} at 2000`);
      if (activation === 'sigmoid') {
        for (const r of ratios) expect(r).toBeLessThan(1e-3);
        expect(accuracy(last!)).toBeLessThan(0.6);
      } else {
        for (const r of ratios) expect(r).toBeGreaterThan(0.1);
        expect(accuracy(last!)).toBeGreaterThanOrEqual(0.95);
      }
    }
    console.log(`[lesson sigmoid] ${report.join('; ')}`);
  });
});

/** MNIST on the CPU: a few seconds per few hundred steps on 2 cores. */
const MNIST_TIMEOUT = 60_000;

describe('MNIST lessons', () => {
  const mnist = loadMnistNode();

  it('Prune 90% and recover: a deep dip at the pruning step, back within a few points of the dense run, ~8× smaller; Global magnitude ends closer', async () => {
    const config = lessonConfig(playground('prune-recover'));
    const end = config.pruneStart + 500;
    const pruned = await start(config, mnist);
    await trainTo(pruned, config.pruneStart);
    const before = await evaluate(pruned);
    // the dense run and the Global magnitude variant continue from the very same state (their first 300 steps are this run's)
    const ckpt = await pruned.checkpoint();
    const branch = async (over: Partial<RunConfig>) => {
      const t = await Trainer.restore(ckpt, setupRun(ckpt.config, mnist), cpu);
      t.configure({ ...config, ...over });
      return t;
    };
    const dense = await branch({ prune: false });
    const global = await branch({ pruneMethod: 'global-magnitude' });

    expect(pruned.compressionDue()).toBe(true);
    await pruned.compress();
    const dip = await evaluate(pruned);
    await trainTo(pruned, config.pruneStart + 100);
    const early = await evaluate(pruned);
    await trainTo(pruned, end);
    const recovered = await evaluate(pruned);
    await trainTo(dense, end);
    const denseEnd = await evaluate(dense);
    await global.compress();
    const globalDip = await evaluate(global);
    await trainTo(global, end);
    const globalEnd = await evaluate(global);

    const c = recovered.snapshot!.compression;
    const g = globalEnd.snapshot!.compression;
    const ratio = c.total.float32 / c.total.best;
    const layers = (v: typeof c) => v.layers.map((l) => pct(1 - l.nonzeros / l.weights)).join(' / ');
    console.log(`[lesson prune] test accuracy: ${pct(accuracy(before))} dense at step ${config.pruneStart}, ${pct(accuracy(dip))} right after pruning, ${pct(accuracy(early))} 100 steps later, ${pct(accuracy(recovered))} at step ${end}; the dense run ${pct(accuracy(denseEnd))} at step ${end}. Pruned per layer ${layers(c)}; ${c.total.float32} B float32 → ${c.total.best} B stored (${ratio.toFixed(2)}×). Global magnitude: per layer ${layers(g)}, ${pct(accuracy(globalDip))} after pruning, ${pct(accuracy(globalEnd))} at step ${end} (${(g.total.float32 / g.total.best).toFixed(2)}×)`);
    expect(accuracy(before)).toBeGreaterThan(0.86);
    expect(accuracy(dip)).toBeLessThan(0.6);
    expect(accuracy(early)).toBeLessThan(accuracy(before) - 0.05);
    expect(accuracy(recovered)).toBeGreaterThan(0.84);
    expect(accuracy(recovered)).toBeGreaterThan(accuracy(denseEnd) - 0.05);
    expect(accuracy(denseEnd)).toBeGreaterThan(0.885);
    for (const l of c.layers) expect(1 - l.nonzeros / l.weights).toBeCloseTo(0.9, 2);
    expect(ratio).toBeGreaterThan(7.5);
    expect(ratio).toBeLessThan(9);
    // Global magnitude: the output layer keeps about half; a shallower dip; within 2 points of dense
    expect(g.sparsity).toBeCloseTo(0.9, 2);
    expect(g.layers[1].nonzeros / g.layers[1].weights).toBeGreaterThan(0.35);
    expect(accuracy(globalDip)).toBeGreaterThan(accuracy(dip) + 0.1);
    expect(accuracy(globalEnd)).toBeGreaterThan(accuracy(denseEnd) - 0.02);
  }, MNIST_TIMEOUT);

  it('4-bit weights cost almost nothing: QAT within 1.5 points of float32, 7.8× smaller, and the float masters score the same', async () => {
    const config = lessonConfig(playground('quantize-4bit'));
    const steps = 600;
    const qat = await start(config, mnist);
    await trainTo(qat, steps);
    const q = await evaluate(qat);
    // unticking Quantize while paused, as the worker applies it
    qat.configure({ ...config, quantize: false });
    if (qat.compressionDue()) await qat.compress();
    const masters = await evaluate(qat);
    const float = await start({ ...config, quantize: false }, mnist);
    await trainTo(float, steps);
    const f = await evaluate(float);

    const c = q.snapshot!.compression;
    const ratio = c.total.float32 / c.total.best;
    console.log(`[lesson 4-bit] test accuracy at step ${steps}: 4-bit QAT ${pct(accuracy(q))} (its float masters ${pct(accuracy(masters))}), float32 run ${pct(accuracy(f))}; ${c.total.float32} B float32 → ${c.total.best} B stored (${ratio.toFixed(2)}×)`);
    expect(Math.abs(accuracy(q) - accuracy(f))).toBeLessThan(0.015);
    expect(Math.abs(accuracy(masters) - accuracy(q))).toBeLessThan(0.015);
    expect(accuracy(q)).toBeGreaterThan(0.87);
    expect(ratio).toBeGreaterThan(7.5);
    expect(ratio).toBeLessThan(8);
    expect(masters.snapshot!.compression.total.best).toBe(c.total.float32);
  }, MNIST_TIMEOUT);
});
