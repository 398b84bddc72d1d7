#!/usr/bin/env node
/**
 * `npm run reproduce:transfer`: LeNet-300-100 pre-trained on MNIST digits 0–4, then digits 5–9 learnt from
 * 1%, 10% and 100% of their training digits from scratch, fine-tuned, and with the trunk frozen, with the
 * playground's engine (CPU backend, headless in Node: src/engine/transfer/reproduce.ts). Prints a table
 * and writes reproduce/transfer.json: `rows` [{fraction, scratch, finetune, frozen, digits, steps}] (test
 * accuracy on digits 5–9, percent), `seeds`, `settings`, `wall_time_s`.
 *
 *   --out FILE     where to write the JSON (default reproduce/transfer.json)
 *   --quick        a smoke run (1 source epoch, 100 steps per target); writes nothing unless --out is given
 */
import { imp, machine, parseArgs, run, writeJson } from './reproduceCli.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2), 'reproduce/transfer.json');
  const { TRANSFER_PLAN, runTransfer, formatTransferTable } = await imp('src/engine/transfer/reproduce.ts');
  const { loadMnistNode } = await imp('src/engine/mnistNode.ts');
  const plan = args.quick ? { ...TRANSFER_PLAN, sourceEpochs: 1, targetEpochs: 0, minSteps: 100 } : TRANSFER_PLAN;
  console.log(`LeNet-${plan.hidden.join('-')}: digits 0-4, then 5-9; Adam ${plan.learningRate}, batch ${plan.batchSize}, seed ${plan.seed}, CPU engine in Node ${process.version}`);
  const result = await runTransfer(loadMnistNode(), plan, (l) => console.log(l));
  console.log(`\n${formatTransferTable(result)}\n`);
  const one = result.rows.find((r) => r.fraction === 0.01);
  if (one) {
    const gain = Math.max(one.finetune, one.frozen) - one.scratch;
    console.log(`${gain >= 3 ? 'met   ' : 'MISSED'}  with 1% of the 5-9 digits the transferred model beats scratch by ${gain.toFixed(2)} points (target: at least 3)`);
  }
  console.log(`wall time ${(result.wall_s / 60).toFixed(1)} min`);
  if (args.out) {
    const json = {
      rows: result.rows,
      seeds: [plan.seed],
      source_accuracy: result.source_accuracy,
      source_steps: result.source_steps,
      test_digits: result.test_digits,
      wall_time_s: result.wall_s,
      settings: { plan, source_config: result.configs.source, target_config: result.configs.target },
      ...machine(),
    };
    writeJson(args.out, json);
  }
}

run(main);
