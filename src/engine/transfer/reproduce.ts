/**
 * The transfer experiment of `npm run reproduce:transfer` (REFERENCE.md "Transfer learning"; Keras'
 * mnist_transfer_cnn, here with LeNet-300-100): pre-train on MNIST digits 0–4, then learn digits 5–9 from
 * 1%, 10% and 100% of their training digits three ways, each with the same steps, batches and seed:
 *   scratch   the seed's fresh weights;
 *   finetune  the 0–4 model's weights, head re-initialised, every layer training;
 *   frozen    the same start with the trunk (both hidden layers) frozen: only the head trains.
 * Test accuracy on the 4,861 test digits 5–9. Headless on the CPU backend through the playground's own
 * Trainer (groups, data subsets and transfer start as the page uses them). Pure engine code: the caller
 * loads MNIST and prints.
 */
import { validateConfig, type RunConfig } from '../config';
import { createCpuBackend } from '../cpuBackend';
import type { MnistRaw } from '../mnist';
import { setupRun } from '../run';
import { Trainer, type BackendFactory } from '../train/trainer';
import { transferParams } from './start';

export const TRANSFER_METHODS = ['scratch', 'finetune', 'frozen'] as const;
export type TransferMethod = (typeof TRANSFER_METHODS)[number];

export interface TransferPlan {
  hidden: number[];
  seed: number;
  learningRate: number;
  batchSize: number;
  /** Epochs of pre-training on digits 0–4. */
  sourceEpochs: number;
  /** Shares of the 5–9 training digits (the first n of them in file order). */
  fractions: number[];
  /** Target training: this many epochs of its digits, at least minSteps steps. */
  targetEpochs: number;
  minSteps: number;
}

export const TRANSFER_PLAN: TransferPlan = {
  hidden: [300, 100], seed: 1, learningRate: 0.001, batchSize: 128,
  sourceEpochs: 3, fractions: [0.01, 0.1, 1], targetEpochs: 3, minSteps: 300,
};

export interface TransferRow {
  fraction: number;
  /** Training digits 5–9 used. */
  digits: number;
  steps: number;
  /** Test accuracy on digits 5–9, percent. */
  scratch: number;
  finetune: number;
  frozen: number;
}

export interface TransferResult {
  source_accuracy: number;
  source_steps: number;
  rows: TransferRow[];
  test_digits: number;
  wall_s: number;
  configs: { source: RunConfig; target: RunConfig };
}

const cpu: BackendFactory = { create: async (init) => ({ backend: createCpuBackend(init) }) };

export function transferConfig(plan: TransferPlan, classes: '0-4' | '5-9', samples: number, over: Partial<RunConfig> = {}): RunConfig {
  return validateConfig({
    dataset: 'mnist', classes, samples, hidden: plan.hidden, activation: 'relu', loss: 'crossentropy', optimizer: 'adam',
    learningRate: plan.learningRate, batchSize: Math.min(plan.batchSize, samples), seed: plan.seed, ...over,
  }).config;
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

export async function runTransfer(mnist: MnistRaw, plan: TransferPlan, log: (line: string) => void = () => {}): Promise<TransferResult> {
  const t0 = performance.now();
  const sourceConfig = transferConfig(plan, '0-4', 60000);
  const source = await Trainer.create(setupRun(sourceConfig, mnist), cpu);
  const sourceSteps = Math.ceil((plan.sourceEpochs * source.setup.data.train.n) / sourceConfig.batchSize);
  const sourceAccuracy = await train(source, sourceSteps);
  log(`source: digits 0-4, ${source.setup.data.train.n} training digits, ${sourceSteps} steps: ${sourceAccuracy.toFixed(2)}% on ${source.setup.data.test.n} test digits 0-4`);
  const ckpt = await source.checkpoint();
  source.destroy();

  const rows: TransferRow[] = [];
  let testDigits = 0;
  let targetConfig = transferConfig(plan, '5-9', 1);
  for (const fraction of plan.fractions) {
    const all = transferConfig(plan, '5-9', 60000);
    const available = setupRun(all, mnist).data.train.n;
    const digits = Math.max(1, Math.round(fraction * available));
    const row: TransferRow = { fraction, digits, steps: 0, scratch: 0, finetune: 0, frozen: 0 };
    for (const method of TRANSFER_METHODS) {
      targetConfig = transferConfig(plan, '5-9', digits, method === 'frozen' ? { frozenLayers: plan.hidden.length } : {});
      const setup = setupRun(targetConfig, mnist);
      row.steps = Math.max(plan.minSteps, Math.ceil((plan.targetEpochs * digits) / targetConfig.batchSize));
      const t = method === 'scratch'
        ? await Trainer.create(setup, cpu)
        : await Trainer.fromWeights(setup, setup.init.spec, transferParams(ckpt, setup.init.spec, setup.init.params, { reinitHead: true, blend: null }), cpu);
      row[method] = await train(t, row.steps);
      testDigits = t.setup.data.test.n;
      t.destroy();
      log(`  ${(fraction * 100).toFixed(0).padStart(3)}% of digits 5-9 (${digits}), ${row.steps} steps, ${method.padEnd(8)}: ${row[method].toFixed(2)}%`);
    }
    rows.push(row);
  }
  return {
    source_accuracy: sourceAccuracy, source_steps: sourceSteps, rows, test_digits: testDigits,
    wall_s: (performance.now() - t0) / 1000, configs: { source: sourceConfig, target: targetConfig },
  };
}

/** The table printed and put in the README. */
export function formatTransferTable(r: TransferResult): string {
  const lines = ['| 5–9 training digits | steps | scratch | fine-tuned | trunk frozen |', '| --- | --- | --- | --- | --- |'];
  for (const row of r.rows) {
    lines.push(`| ${(row.fraction * 100).toFixed(0)}% (${row.digits}) | ${row.steps} | ${row.scratch.toFixed(2)}% | ${row.finetune.toFixed(2)}% | ${row.frozen.toFixed(2)}% |`);
  }
  return lines.join('\n');
}
