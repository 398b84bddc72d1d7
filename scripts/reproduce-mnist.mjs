#!/usr/bin/env node
/**
 * `npm run reproduce:mnist`: trains LeNet-300-100 (784-300-100-10) on all 60,000 MNIST training digits with
 * the playground's engine (CPU backend, headless in Node), dense, 90 % gradually pruned, 4-bit
 * quantization-aware and both (src/engine/reproduce/), prints a table and writes reproduce/mnist.json.
 *
 *   --out FILE     where to write the JSON (default reproduce/mnist.json)
 *   --quick        a smoke run (6,000 digits, 1 epoch per phase); writes nothing unless --out is given
 */
import { imp, machine, parseArgs, run, writeJson } from './reproduceCli.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2), 'reproduce/mnist.json');
  const { MNIST_OPTIONS, makePlan } = await imp('src/engine/reproduce/plan.ts');
  const { runExperiments } = await imp('src/engine/reproduce/runExperiments.ts');
  const { formatTable, reproJson, checkTargets } = await imp('src/engine/reproduce/report.ts');
  const { loadMnistNode } = await imp('src/engine/mnistNode.ts');

  const options = args.quick ? { ...MNIST_OPTIONS, samples: 6000, epochs: { dense: 1, pruned: 1, quantized: 1, pruned_quantized: 1 } } : MNIST_OPTIONS;
  const plan = makePlan(options);
  const mnist = loadMnistNode();
  console.log(`LeNet-${options.hidden.join('-')} on ${options.samples} MNIST training digits, seed ${options.seed}, CPU engine in Node ${process.version}`);
  for (const e of plan.experiments) console.log(`  ${e.name}: from ${e.from}, ${e.steps} steps (${(e.steps / plan.stepsPerEpoch).toFixed(1)} epochs)`);
  const result = await runExperiments(plan, mnist, { log: (l) => console.log(l), logEvery: plan.stepsPerEpoch });
  console.log(`\n${formatTable(result)}\n`);
  console.log(`test digits: ${result.test_digits}; wall time ${(result.wall_s / 60).toFixed(1)} min`);
  const checks = checkTargets(result);
  for (const c of checks) console.log(`${c.ok ? 'met   ' : 'MISSED'}  ${c.what}`);
  if (args.out) {
    writeJson(args.out, reproJson(plan, options, result, machine()));
  }
}

run(main);
