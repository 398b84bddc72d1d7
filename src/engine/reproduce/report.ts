/**
 * The reproduction's outputs: the JSON written to reproduce/mnist.json, the printed table and the README's
 * markdown table, plus the targets of the issue checked against the numbers.
 */
import type { ExperimentResult, ReproResult } from './runExperiments';
import type { ExperimentName, ReproPlan, PlanOptions } from './plan';

/** The targets: dense ≥ 98 %; each compressed model within `maxDrop` points of dense; pruned+4-bit ≥ 30× smaller. */
export const TARGETS = {
  denseAccuracy: 98.0,
  maxDrop: { pruned: 0.3, quantized: 0.5, pruned_quantized: 0.5 },
  prunedQuantizedTimesSmaller: 30,
} as const;

export interface TargetCheck {
  what: string;
  ok: boolean;
}

export function checkTargets(r: ReproResult): TargetCheck[] {
  const by = (n: string) => r.experiments.find((e) => e.name === n);
  const dense = by('dense');
  if (!dense) return [{ what: 'dense experiment present', ok: false }];
  const checks: TargetCheck[] = [{ what: `dense ≥ ${TARGETS.denseAccuracy}%`, ok: dense.test_accuracy >= TARGETS.denseAccuracy }];
  for (const [name, drop] of Object.entries(TARGETS.maxDrop)) {
    const e = by(name);
    checks.push({ what: `${name} within ${drop} points of dense`, ok: !!e && dense.test_accuracy - e.test_accuracy <= drop });
  }
  const pq = by('pruned_quantized');
  checks.push({ what: `pruned_quantized ≥ ${TARGETS.prunedQuantizedTimesSmaller}× smaller than float32`, ok: !!pq && pq.float32_bytes / pq.bytes >= TARGETS.prunedQuantizedTimesSmaller });
  return checks;
}

/** One row per experiment: the cells of the printed and the markdown table. */
function rows(r: ReproResult): string[][] {
  const dense = r.experiments.find((e) => e.name === 'dense');
  return r.experiments.map((e: ExperimentResult) => {
    const delta = dense ? e.test_accuracy - dense.test_accuracy : 0;
    return [
      e.name,
      `${e.test_accuracy.toFixed(2)}%`,
      e.bytes.toLocaleString('en-US'),
      `${(e.float32_bytes / e.bytes).toFixed(1)}×`,
      `${(e.sparsity * 100).toFixed(1)}%`,
      e.bits === 32 ? '32 (float)' : String(e.bits),
      e.name === 'dense' ? '—' : `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(2)}`,
    ];
  });
}

const HEAD = ['model', 'test accuracy', 'bytes', '× smaller', 'sparsity', 'bits', 'Δ vs dense (points)'];

export function formatTable(r: ReproResult): string {
  const body = rows(r);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function markdownTable(r: ReproResult): string {
  const body = rows(r);
  return [`| ${HEAD.join(' | ')} |`, `|${HEAD.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...body.map((b) => `| ${b.join(' | ')} |`)].join('\n');
}

/** One experiment's entry in reproduce/mnist.json. */
function entryJson(plan: ReproPlan, dense: ExperimentResult | undefined, e: ExperimentResult) {
  const from = plan.experiments.find((x) => x.name === e.name);
  return {
    test_accuracy: Number(e.test_accuracy.toFixed(2)),
    bytes: e.bytes,
    sparsity: Number(e.sparsity.toFixed(4)),
    bits: e.bits,
    label: e.label,
    times_smaller: Number((e.float32_bytes / e.bytes).toFixed(2)),
    delta_vs_dense: dense ? Number((e.test_accuracy - dense.test_accuracy).toFixed(2)) : 0,
    from: from?.from,
    steps: e.steps,
    wall_s: Number(e.wall_s.toFixed(1)),
    changes: from?.changes,
    layers: e.layers,
  };
}

/** The contents of reproduce/mnist.json. */
export function reproJson(plan: ReproPlan, options: PlanOptions, r: ReproResult, extra: Record<string, unknown> = {}) {
  const dense = r.experiments.find((e) => e.name === 'dense');
  const entries = Object.fromEntries(r.experiments.map((e) => [e.name, entryJson(plan, dense, e)])) as Partial<Record<ExperimentName, ReturnType<typeof entryJson>>>;
  return {
    ...entries,
    seed: plan.base.seed,
    float32_bytes: dense?.float32_bytes,
    train_digits: r.train_digits,
    test_digits: r.test_digits,
    steps_per_epoch: plan.stepsPerEpoch,
    wall_time_s: Number(r.wall_s.toFixed(1)),
    settings: { options, base_config: plan.base },
    targets: checkTargets(r),
    ...extra,
  };
}
