/**
 * The strategies experiment of `npm run reproduce:strategies` (REFERENCE.md "Strategies"), headless on the
 * CPU backend through the playground's own Trainer, augmentation and fusion code. Pure engine code: the
 * caller loads MNIST and prints.
 *
 * Per seed, LeNet-300-100 (784-300-100-10) trains on all of MNIST twice from the same initial weights and
 * batches: plain, and with ±`shift`-pixel random shifts (augment.ts, the gather's twin). Test errors out of
 * the 10,000 test digits. The plain runs then serve the fusion rows:
 *   - ensemble: the mean of the plain runs' probabilities against its best member (fusion.ts ensemble);
 *   - interpolation: test loss along θ(α) = (1 − α)θ_A + αθ_B between the first two seeds' plain runs,
 *     and again after permuting B's hidden neurons to match A's (weightMatching.ts); the barrier is the
 *     highest loss along the path minus the mean of the two ends (fusion.ts barrierOf).
 */
import { validateConfig, type RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import type { MnistRaw } from '../mnist';
import { setupRun, type RunSetup } from '../run';
import { Trainer, type BackendFactory } from '../train/trainer';
import { backendEvaluator, evaluationInit } from './evaluate';
import { alphaGrid, ensemble, interpolationPath } from './fusion';
import { weightMatching } from './weightMatching';

export interface StrategiesPlan {
  seeds: number[];
  /** Training digits (the first n of 60,000). */
  samples: number;
  hidden: number[];
  batchSize: number;
  /** Adam's rate, falling to 0 by cosine over each run's own training. */
  learningRate: number;
  epochs: number;
  /** Largest |dx|, |dy| of the augmented runs' shifts, in whole pixels. */
  shift: number;
  /** Points along the interpolation path, both ends included. */
  alphas: number;
}

/** The plan `npm run reproduce:strategies` ran (README, reproduce/strategies.json). */
export const STRATEGIES_PLAN: StrategiesPlan = {
  seeds: [1, 2, 3], samples: 60_000, hidden: [300, 100], batchSize: 128, learningRate: 0.001, epochs: 16, shift: 2, alphas: 11,
};

export interface StrategiesResult {
  shift: { seeds: number[]; errors_plain: number[]; errors_shift: number[] };
  ensemble: { member_errors: number[]; ensemble_errors: number };
  interpolation: {
    barrier_before: number;
    barrier_after: number;
    /** The two runs' seeds and the test loss at each α, before and after alignment. */
    seeds: [number, number];
    alphas: number[];
    loss_before: number[];
    loss_after: number[];
  };
  test_digits: number;
  /** Wall time of each seed's two runs (plain, shifted) in seconds. */
  train_s: number[];
  wall_s: number;
  config: RunConfig;
}

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

/** A run's config: Adam, cosine to 0 over `steps`, shifts of up to `shift` pixels (0: plain). */
export function strategiesConfig(plan: StrategiesPlan, seed: number, steps: number, shift: number): RunConfig {
  return validateConfig({
    dataset: 'mnist', samples: plan.samples, hidden: plan.hidden, activation: 'relu', loss: 'crossentropy', optimizer: 'adam',
    learningRate: plan.learningRate, batchSize: plan.batchSize, seed, schedule: 'cosine', totalSteps: Math.max(1, steps), minLrFactor: 0,
    augShift: shift,
  }).config;
}

/** Trains one run to the end; its test errors and final parameters. */
async function trainRun(plan: StrategiesPlan, mnist: MnistRaw, seed: number, shift: number): Promise<{ errors: number; params: Float32Array; setup: RunSetup }> {
  const first = setupRun(strategiesConfig(plan, seed, 1, shift), mnist);
  const steps = Math.ceil((plan.epochs * first.data.train.n) / plan.batchSize);
  const setup = { ...first, config: strategiesConfig(plan, seed, steps, shift) };
  const t = await Trainer.create(setup, cpu);
  for (let i = 0; i < steps; i++) t.doStep();
  await t.settled();
  let errors = -1;
  while (errors < 0) {
    const pending = t.evaluate(false);
    if (pending) errors = Math.round((1 - ((await pending).points[0].testAccuracy ?? 0)) * setup.data.test.n);
    else await t.settled();
  }
  const params = (await t.lanes[0].backend.readParams()).slice();
  t.destroy();
  return { errors, params, setup };
}

export async function runStrategies(mnist: MnistRaw, plan: StrategiesPlan, log: (line: string) => void = () => {}): Promise<StrategiesResult> {
  if (plan.seeds.length < 2) throw new Error('The strategies reproduction needs at least two seeds (interpolation joins two runs).');
  const t0 = performance.now();
  const plain: Float32Array[] = [];
  const errorsPlain: number[] = [], errorsShift: number[] = [], trainS: number[] = [];
  let setup: RunSetup | null = null;
  for (const seed of plan.seeds) {
    const t1 = performance.now();
    const a = await trainRun(plan, mnist, seed, 0);
    const b = await trainRun(plan, mnist, seed, plan.shift);
    trainS.push((performance.now() - t1) / 1000);
    plain.push(a.params);
    errorsPlain.push(a.errors);
    errorsShift.push(b.errors);
    setup ??= a.setup;
    log(`seed ${seed}: plain ${a.errors} errors, ±${plan.shift}-pixel shifts ${b.errors} (${trainS.at(-1)!.toFixed(0)} s)`);
  }
  const { spec } = setup!.init;
  const data = setup!.data;
  const K = data.outputDim;
  const backend = createCpuBackend(evaluationInit(spec, data));
  const evaluate = backendEvaluator(backend);
  const errorsOf = (accuracy: number) => Math.round((1 - accuracy) * data.test.n);
  const ens = await ensemble(plain, evaluate, data.test.y, K, 'mean');
  log(`ensemble of ${plain.length}: ${errorsOf(ens.ensemble.accuracy)} errors (members ${ens.members.map((m) => errorsOf(m.accuracy)).join(', ')})`);
  const alphas = alphaGrid(plan.alphas);
  const before = await interpolationPath(plain[0], plain[1], alphas, evaluate, data.test.y, K);
  const matched = weightMatching({ spec, params: plain[0] }, { spec, params: plain[1] }, plan.seeds[0]);
  const after = await interpolationPath(plain[0], matched.params, alphas, evaluate, data.test.y, K);
  backend.destroy();
  log(`interpolation seed ${plan.seeds[0]} → ${plan.seeds[1]}: barrier ${before.barrier.toFixed(3)} before alignment, ${after.barrier.toFixed(3)} after (${matched.sweeps} sweeps)`);
  return {
    shift: { seeds: plan.seeds, errors_plain: errorsPlain, errors_shift: errorsShift },
    ensemble: { member_errors: ens.members.map((m) => errorsOf(m.accuracy)), ensemble_errors: errorsOf(ens.ensemble.accuracy) },
    interpolation: {
      barrier_before: before.barrier, barrier_after: after.barrier, seeds: [plan.seeds[0], plan.seeds[1]], alphas,
      loss_before: before.points.map((p) => p.loss), loss_after: after.points.map((p) => p.loss),
    },
    test_digits: data.test.n,
    train_s: trainS,
    wall_s: (performance.now() - t0) / 1000,
    config: setup!.config,
  };
}

/** Whether the three checks hold: shifts help on every seed, the ensemble beats its best member, alignment lowers the barrier. */
export function strategiesChecks(r: StrategiesResult): { shift: boolean; ensemble: boolean; alignment: boolean } {
  return {
    shift: r.shift.errors_shift.every((e, i) => e < r.shift.errors_plain[i]),
    ensemble: r.ensemble.ensemble_errors < Math.min(...r.ensemble.member_errors),
    alignment: r.interpolation.barrier_after < r.interpolation.barrier_before,
  };
}

/** The tables printed and put in the README. */
export function formatStrategiesTable(r: StrategiesResult, plan: StrategiesPlan): string {
  const w = `784-${plan.hidden.join('-')}-10`;
  const head = `${w}, ${plan.epochs} epochs, Adam ${plan.learningRate} cosine to 0, batch ${plan.batchSize}, ${plan.samples.toLocaleString('en')} training digits; test errors of ${r.test_digits.toLocaleString('en')}`;
  const shift = ['| seed | plain | ±' + plan.shift + '-pixel shifts |', '| --- | ---: | ---: |',
    ...r.shift.seeds.map((s, i) => `| ${s} | ${r.shift.errors_plain[i]} | ${r.shift.errors_shift[i]} |`)];
  const fuse = ['| fusion | result |', '| --- | ---: |',
    `| members (plain runs) | ${r.ensemble.member_errors.join(' / ')} errors |`,
    `| ensemble (mean of probabilities) | ${r.ensemble.ensemble_errors} errors |`,
    `| barrier, seeds ${r.interpolation.seeds.join(' → ')} | ${r.interpolation.barrier_before.toFixed(3)} nats |`,
    `| barrier after Align neurons | ${r.interpolation.barrier_after.toFixed(3)} nats |`];
  return `${head}\n${shift.join('\n')}\n\n${fuse.join('\n')}`;
}
