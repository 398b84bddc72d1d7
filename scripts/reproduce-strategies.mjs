#!/usr/bin/env node
/**
 * `npm run reproduce:strategies`: per seed, LeNet-300-100 trained on all of MNIST plain and with ±2-pixel
 * random shifts (same initial weights and batches); the ensemble of the plain runs against its best member;
 * the interpolation barrier between the first two seeds' plain runs before and after aligning their neurons
 * (weight matching). The playground's engine, CPU backend, headless in Node (src/engine/strategies/reproduce.ts).
 * Writes reproduce/strategies.json: `shift` {seeds, errors_plain, errors_shift}, `ensemble` {member_errors,
 * ensemble_errors}, `interpolation` {barrier_before, barrier_after, ...}, `settings`, `wall_time_s`.
 *
 *   --out FILE     where to write the JSON (default reproduce/strategies.json)
 *   --quick        a smoke run (two seeds, 3,000 digits, a small model, 1 epoch); writes nothing unless --out is given
 */
import { imp, machine, parseArgs, run, writeJson } from './reproduceCli.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2), 'reproduce/strategies.json');
  const { STRATEGIES_PLAN, runStrategies, strategiesChecks, formatStrategiesTable } = await imp('src/engine/strategies/reproduce.ts');
  const { loadMnistNode } = await imp('src/engine/mnistNode.ts');
  const plan = args.quick ? { ...STRATEGIES_PLAN, seeds: [1, 2], samples: 3000, hidden: [32, 16], epochs: 1 } : STRATEGIES_PLAN;
  console.log(`Strategies on ${plan.samples} MNIST training digits, seeds ${plan.seeds.join(', ')}, CPU engine in Node ${process.version}`);
  const result = await runStrategies(loadMnistNode(), plan, (l) => console.log(l));
  console.log(`\n${formatStrategiesTable(result, plan)}\n`);
  const checks = strategiesChecks(result);
  const say = (ok, what) => console.log(`${ok ? 'met   ' : 'MISSED'}  ${what}`);
  say(checks.shift, 'fewer test errors with shifts than without, on every seed');
  say(checks.ensemble, 'the ensemble makes fewer errors than its best member');
  say(checks.alignment, 'a lower interpolation barrier after aligning the neurons than before');
  console.log(`wall time ${(result.wall_s / 60).toFixed(1)} min`);
  if (args.out) {
    const { config, wall_s, train_s, test_digits, ...keys } = result;
    writeJson(args.out, { ...keys, test_digits, train_s, wall_time_s: wall_s, settings: { plan, config }, ...machine() });
  }
}

run(main);
