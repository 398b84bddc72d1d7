#!/usr/bin/env node
/**
 * `npm run reproduce:transfer`: LeNet-300-100 pre-trained on MNIST digits 0–4, then digits 5–9 learnt from
 * 1%, 10% and 100% of their training digits from scratch, fine-tuned, and with the trunk frozen, each the
 * same steps on the same batches from the same seed, over three seeds, with the playground's engine (CPU
 * backend, headless in Node: src/engine/transfer/reproduce.ts, which states the protocol). Prints a table
 * and writes reproduce/transfer.json: `rows` [{fraction, scratch, finetune, frozen, digits, epochs, steps}]
 * (test accuracy on digits 5–9, percent, the seeds' means), `longer` (the smallest fraction trained 10×
 * longer), `per_seed`, `seeds`, `settings` (the protocol in words, the plan, the configs), `wall_time_s`.
 *
 *   --out FILE     where to write the JSON (default reproduce/transfer.json)
 *   --quick        a smoke run (one seed, 1 source epoch, 1 target epoch); writes nothing unless --out is given
 */
import { imp, machine, parseArgs, run, writeJson } from './reproduceCli.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2), 'reproduce/transfer.json');
  const { TRANSFER_PLAN, runTransfer, formatTransferTable, transferProtocol } = await imp('src/engine/transfer/reproduce.ts');
  const { loadMnistNode } = await imp('src/engine/mnistNode.ts');
  const plan = args.quick ? { ...TRANSFER_PLAN, seeds: TRANSFER_PLAN.seeds.slice(0, 1), sourceEpochs: 1, targetEpochs: 1, longerEpochs: 10 } : TRANSFER_PLAN;
  console.log(`LeNet-${plan.hidden.join('-')}: digits 0-4, then 5-9; ${plan.optimizer.toUpperCase()} ${plan.learningRate}, batch ${plan.batchSize}, seeds ${plan.seeds.join(', ')}, CPU engine in Node ${process.version}`);
  console.log(transferProtocol(plan));
  const result = await runTransfer(loadMnistNode(), plan, (l) => console.log(l));
  console.log(`\n${formatTransferTable(result)}\n`);
  const one = result.rows.find((r) => r.fraction === 0.01);
  if (one) {
    const gain = Math.max(one.finetune, one.frozen) - one.scratch;
    console.log(`${gain >= 3 ? 'met   ' : 'MISSED'}  with 1% of the 5-9 digits the transferred model beats scratch by ${gain.toFixed(2)} points (mean of ${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'}; target: at least 3)`);
  }
  if (result.longer) {
    const l = result.longer;
    console.log(`        trained ${l.epochs} epochs (${l.steps} steps) instead, the gap is ${(Math.max(l.finetune, l.frozen) - l.scratch).toFixed(2)} points`);
  }
  console.log(`wall time ${(result.wall_s / 60).toFixed(1)} min`);
  if (args.out) {
    const json = {
      rows: result.rows,
      longer: result.longer,
      seeds: plan.seeds,
      per_seed: result.per_seed,
      source_accuracy: result.source_accuracy,
      source_steps: result.source_steps,
      test_digits: result.test_digits,
      wall_time_s: result.wall_s,
      settings: { protocol: transferProtocol(plan), plan, source_config: result.configs.source, target_config: result.configs.target },
      ...machine(),
    };
    writeJson(args.out, json);
  }
}

run(main);
