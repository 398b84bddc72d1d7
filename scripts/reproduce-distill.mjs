#!/usr/bin/env node
/**
 * `npm run reproduce:distill`: per seed, a teacher trained on all of MNIST, the student trained alone and the
 * same student (same initial weights and batches) distilled from the teacher's soft targets, with the
 * playground's engine (CPU backend, headless in Node: src/engine/distill/reproduce.ts). Prints a table
 * beside Hinton et al.'s 67 / 146 / 74 and writes reproduce/distill.json: `seeds`, `teacher_errors`,
 * `student_errors`, `distilled_errors` (test errors out of 10,000, one per seed), `settings`, `wall_time_s`.
 *
 *   --out FILE     where to write the JSON (default reproduce/distill.json)
 *   --quick        a smoke run (one seed, 6,000 digits, small models, 1 epoch); writes nothing unless --out is given
 */
import { imp, machine, parseArgs, run, writeJson } from './reproduceCli.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2), 'reproduce/distill.json');
  const { DISTILL_PLAN, runDistill, formatDistillTable } = await imp('src/engine/distill/reproduce.ts');
  const { loadMnistNode } = await imp('src/engine/mnistNode.ts');
  const plan = args.quick
    ? { ...DISTILL_PLAN, seeds: [1], samples: 6000, teacherHidden: [256], studentHidden: [16], teacherEpochs: 1, studentEpochs: 2 }
    : DISTILL_PLAN;
  console.log(`Distillation on ${plan.samples} MNIST training digits, seeds ${plan.seeds.join(', ')}, Adam ${plan.teacherLearningRate} (teacher) / ${plan.studentLearningRate} (students), ${plan.schedule} schedule, batch ${plan.batchSize}, CPU engine in Node ${process.version}`);
  const result = await runDistill(loadMnistNode(), plan, (l) => console.log(l));
  console.log(`\n${formatDistillTable(result, plan)}\n`);
  const met = result.seeds.every((_, i) => result.distilled_errors[i] <= 0.9 * result.student_errors[i]);
  console.log(`${met ? 'met   ' : 'MISSED'}  the distilled student makes at least 10% fewer errors than the student alone on every seed`);
  console.log(`wall time ${(result.wall_s / 60).toFixed(1)} min`);
  if (args.out) {
    const { configs, wall_s, ...lists } = result;
    writeJson(args.out, { ...lists, wall_time_s: wall_s, settings: { plan, teacher_config: configs.teacher, student_config: configs.student }, ...machine() });
  }
}

run(main);
