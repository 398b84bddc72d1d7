/**
 * The transfer experiment of `npm run reproduce:transfer` (REFERENCE.md "Transfer learning"; Keras'
 * mnist_transfer_cnn, here with LeNet-300-100): pre-train on MNIST digits 0–4, then learn digits 5–9 from
 * 1%, 10% and 100% of their training digits three ways:
 *   scratch   the seed's fresh weights;
 *   finetune  the 0–4 model's weights, head re-initialised (the seed's fresh head), every layer training;
 *   frozen    the same start with the trunk (both hidden layers) frozen: only the head trains.
 * The protocol is Keras' example's: batch 128 and the same number of epochs (5) for the source and for
 * every target training, here with the playground's default optimizer (SGD, rate 0.1). The three methods
 * of a seed and fraction train the same steps (5 epochs of the fraction's digits) on the same batches
 * from the same seed; nothing is chosen by looking at test accuracy (each run is tested once, at its end).
 * Transfer's gain here is speed: a second, longer training of the smallest fraction (`longerEpochs`)
 * shows how much of the gap is left when scratch has had time to catch up.
 * Test accuracy on all 4,861 test digits 5–9 at every fraction. Headless on the CPU backend through the
 * playground's own Trainer (groups, data subsets and transfer start as the page uses them). Pure engine
 * code: the caller loads MNIST and prints.
 */
import { validateConfig, type RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import { mnistClasses, mnistDataset, type MnistRaw } from '../mnist';
import type { OptimizerName } from '../optimizers';
import { setupRun, type RunSetup } from '../run';
import { Trainer, type BackendFactory } from '../train/trainer';
import { transferParams } from './start';

export const TRANSFER_METHODS = ['scratch', 'finetune', 'frozen'] as const;
export type TransferMethod = (typeof TRANSFER_METHODS)[number];

export interface TransferPlan {
  hidden: number[];
  /** Target seeds: each sets the fresh weights (scratch's, and the fine-tuned models' new head) and the batch order; rows are their means. */
  seeds: number[];
  /** The source's own seed (one pre-trained model for every target seed), so a re-initialised head is not the source's own starting head. */
  sourceSeed: number;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  /** Epochs of pre-training on digits 0–4. */
  sourceEpochs: number;
  /** Shares of the 5–9 training digits (the first n of them in file order). */
  fractions: number[];
  /** Every method trains this many epochs of its fraction's digits: the same steps for all three. */
  targetEpochs: number;
  /** The smallest fraction trained again with this many epochs (the speed check); 0: not done. */
  longerEpochs: number;
}

export const TRANSFER_PLAN: TransferPlan = {
  hidden: [300, 100], seeds: [1, 2, 3], sourceSeed: 101, optimizer: 'sgd', learningRate: 0.1, batchSize: 128,
  sourceEpochs: 5, fractions: [0.01, 0.1, 1], targetEpochs: 5, longerEpochs: 50,
};

/** The protocol in one sentence (stored with the result). */
export function transferProtocol(plan: TransferPlan): string {
  return `Pre-train on digits 0-4 for ${plan.sourceEpochs} epochs (seed ${plan.sourceSeed}); then, for each seed (${plan.seeds.join(', ')}) and fraction, ` +
    `scratch, finetune (head re-initialised, every layer training) and frozen (both hidden layers frozen) each train the same ${plan.targetEpochs} epochs ` +
    `of the fraction's digits: the same steps, batches and seed, ${plan.optimizer.toUpperCase()} ${plan.learningRate}, batch ${plan.batchSize}, constant rate ` +
    `(Keras' mnist_transfer_cnn: batch 128, 5 epochs per phase). Each run is tested once, after its last step, on all test digits 5-9; rows are the seeds' means. ` +
    (plan.longerEpochs > 0 ? `The smallest fraction is trained again for ${plan.longerEpochs} epochs (longer) to show how much of the gap is speed.` : '');
}

export interface TransferRow {
  fraction: number;
  /** Training digits 5–9 used. */
  digits: number;
  /** Epochs of those digits each method trained, and the steps they take. */
  epochs: number;
  steps: number;
  /** Test accuracy on digits 5–9, percent (a mean over the seeds in `rows`). */
  scratch: number;
  finetune: number;
  frozen: number;
}

export interface TransferSeedResult {
  seed: number;
  rows: TransferRow[];
  longer: TransferRow | null;
}

export interface TransferResult {
  source_accuracy: number;
  source_steps: number;
  /** The seeds' means. */
  rows: TransferRow[];
  longer: TransferRow | null;
  per_seed: TransferSeedResult[];
  test_digits: number;
  wall_s: number;
  configs: { source: RunConfig; target: RunConfig };
}

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

export function transferConfig(plan: TransferPlan, classes: '0-4' | '5-9', samples: number, seed: number, over: Partial<RunConfig> = {}): RunConfig {
  return validateConfig({
    dataset: 'mnist', classes, samples, hidden: plan.hidden, activation: 'relu', loss: 'crossentropy', optimizer: plan.optimizer,
    learningRate: plan.learningRate, batchSize: Math.min(plan.batchSize, samples), seed, ...over,
  }).config;
}

/** The run's setup trained on its first `samples` digits 5–9 but tested on all of them (setupRun tests on at most as many as it trains on). */
function targetSetup(config: RunConfig, mnist: MnistRaw): RunSetup {
  const setup = setupRun(config, mnist);
  const digits = mnistClasses(mnist, config.classes);
  const data = { ...setup.data, test: mnistDataset(digits, { trainCount: 1, testCount: digits.test.n }).test };
  return { ...setup, data, init: { ...setup.init, data } };
}

async function train(t: Trainer, steps: number): Promise<number> {
  for (let i = 0; i < steps; i++) t.doStep();
  await t.settled();
  for (;;) {
    const pending = t.evaluate(false);
    if (pending) return ((await pending).points[0].testAccuracy ?? 0) * 100;
    await t.settled();
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function meanRow(rows: TransferRow[]): TransferRow {
  const m = (k: TransferMethod) => mean(rows.map((r) => r[k]));
  return { ...rows[0], scratch: m('scratch'), finetune: m('finetune'), frozen: m('frozen') };
}

export async function runTransfer(mnist: MnistRaw, plan: TransferPlan, log: (line: string) => void = () => {}): Promise<TransferResult> {
  const t0 = performance.now();
  const sourceConfig = transferConfig(plan, '0-4', 60000, plan.sourceSeed);
  const source = await Trainer.create(setupRun(sourceConfig, mnist), cpu);
  const sourceSteps = Math.ceil((plan.sourceEpochs * source.setup.data.train.n) / sourceConfig.batchSize);
  const sourceAccuracy = await train(source, sourceSteps);
  log(`source: digits 0-4, ${source.setup.data.train.n} training digits, ${sourceSteps} steps: ${sourceAccuracy.toFixed(2)}% on ${source.setup.data.test.n} test digits 0-4`);
  const ckpt = await source.checkpoint();
  source.destroy();

  const available = mnistClasses(mnist, '5-9').train.n;
  const testDigits = mnistClasses(mnist, '5-9').test.n;
  let targetConfig = transferConfig(plan, '5-9', 1, plan.seeds[0]);

  /** The three methods on the first `digits` digits 5–9 for `epochs` epochs from `seed`. */
  const trainRow = async (seed: number, fraction: number, epochs: number, label: string): Promise<TransferRow> => {
    const digits = Math.max(1, Math.round(fraction * available));
    const row: TransferRow = { fraction, digits, epochs, steps: 0, scratch: 0, finetune: 0, frozen: 0 };
    for (const method of TRANSFER_METHODS) {
      targetConfig = transferConfig(plan, '5-9', digits, seed, method === 'frozen' ? { frozenLayers: plan.hidden.length } : {});
      const setup = targetSetup(targetConfig, mnist);
      row.steps = Math.ceil((epochs * digits) / targetConfig.batchSize);
      const t = method === 'scratch'
        ? await Trainer.create(setup, cpu)
        : await Trainer.fromWeights(setup, setup.init.spec, transferParams(ckpt, setup.init.spec, setup.init.params, { reinitHead: true, blend: null }), cpu);
      if (t.setup.data.test.n !== testDigits) throw new Error(`tested on ${t.setup.data.test.n} digits, not all ${testDigits}`);
      row[method] = await train(t, row.steps);
      t.destroy();
      log(`  seed ${seed}${label} ${(fraction * 100).toFixed(0).padStart(3)}% of digits 5-9 (${digits}), ${row.steps} steps, ${method.padEnd(8)}: ${row[method].toFixed(2)}%`);
    }
    return row;
  };

  const perSeed: TransferSeedResult[] = [];
  for (const seed of plan.seeds) {
    const rows: TransferRow[] = [];
    for (const fraction of plan.fractions) rows.push(await trainRow(seed, fraction, plan.targetEpochs, ''));
    const longer = plan.longerEpochs > 0 ? await trainRow(seed, Math.min(...plan.fractions), plan.longerEpochs, ' longer') : null;
    perSeed.push({ seed, rows, longer });
  }
  return {
    source_accuracy: sourceAccuracy, source_steps: sourceSteps,
    rows: plan.fractions.map((_, i) => meanRow(perSeed.map((s) => s.rows[i]))),
    longer: plan.longerEpochs > 0 ? meanRow(perSeed.map((s) => s.longer as TransferRow)) : null,
    per_seed: perSeed, test_digits: testDigits,
    wall_s: (performance.now() - t0) / 1000, configs: { source: sourceConfig, target: targetConfig },
  };
}

/** The table printed and put in the README (the seeds' means). */
export function formatTransferTable(r: TransferResult): string {
  const lines = ['| 5–9 training digits | epochs | steps | scratch | fine-tuned | trunk frozen |', '| --- | --- | --- | --- | --- | --- |'];
  const line = (row: TransferRow, note = '') => {
    lines.push(`| ${(row.fraction * 100).toFixed(0)}% (${row.digits})${note} | ${row.epochs} | ${row.steps} | ${row.scratch.toFixed(2)}% | ${row.finetune.toFixed(2)}% | ${row.frozen.toFixed(2)}% |`);
  };
  for (const row of r.rows) line(row);
  if (r.longer) line(r.longer, ', longer');
  return lines.join('\n');
}
