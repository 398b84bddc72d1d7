/**
 * The divergence guard's pieces: an evaluation becomes a metric point, or null when its loss is not
 * finite (the lane diverged); and the message that says where it started and what to try. The Trainer
 * applies them to every evaluation.
 */
import type { Evaluation } from '../backend';
import type { RunConfig } from '../config';
import { OPTIMIZER_LABELS } from '../optimizers';
import { regularizationTerm } from '../run';
import type { MetricPoint } from './metrics';


/** "Adam · lr 0.001", "Momentum (Nesterov) · lr 0.1": a lane's name in the race and in messages. */
export function laneLabel(config: RunConfig): string {
  const extra = config.optimizer === 'momentum' && config.nesterov ? ' (Nesterov)' : config.optimizer === 'rmsprop' && config.centered ? ' (centered)' : '';
  return `${OPTIMIZER_LABELS[config.optimizer]}${extra} · lr ${config.learningRate}`;
}

/** A metric point, or null when the loss is not finite (the run diverged). */
export function toPoint(lane: number, step: number, epoch: number, learningRate: number, config: RunConfig, ev: Evaluation): MetricPoint | null {
  if (!Number.isFinite(ev.trainLoss) || !Number.isFinite(ev.testLoss)) return null;
  const totalLoss = ev.trainLoss + regularizationTerm(config, ev.paramSumSq, ev.paramSumAbs);
  const point: MetricPoint = { lane, step, epoch, trainLoss: ev.trainLoss, testLoss: ev.testLoss, totalLoss, gradNorms: ev.gradNorms, learningRate };
  if (ev.trainAccuracy !== undefined) point.trainAccuracy = ev.trainAccuracy;
  if (ev.testAccuracy !== undefined) point.testAccuracy = ev.testAccuracy;
  if (ev.heads) point.heads = ev.heads;
  if (ev.conflict !== undefined) point.conflict = ev.conflict;
  return point;
}

/**
 * Which layer the divergence started in: a layer whose gradient norm is already non-finite while others
 * are not; else, when all are, the layer with the largest gradient norm at the last finite reading.
 */
export function divergenceLayer(before: number[] | null, now: number[]): number | null {
  const bad = now.map((g, l) => (Number.isFinite(g) ? -1 : l)).filter((l) => l >= 0);
  if (bad.length > 0 && bad.length < now.length) return bad[0];
  if (before && before.length > 0) return before.reduce((best, g, l) => (g > before[best] ? l : best), 0);
  return bad.length > 0 ? bad[bad.length - 1] : null;
}

export function describeDivergence(lane: number, step: number, config: RunConfig, laneName: string | null, lastFinite: number[] | null, now: number[]): string {
  // a reading taken before any step has no gradient yet (all zeros): it tells nothing
  const before = lastFinite && lastFinite.some((g) => g > 0) ? lastFinite : null;
  const layer = divergenceLayer(before, now);
  const where = layer === null ? '' : ` It started in layer ${layer + 1}${before ? ` (gradient norm ${before[layer].toPrecision(3)} just before)` : ''}.`;
  const who = laneName ? `Race lane “${laneName}”: the` : 'The';
  const what = lane === 0 ? 'so training was paused' : 'so this lane stopped; the others go on';
  return `${who} loss became NaN or infinite by step ${step}, ${what}.${where} The learning rate ${config.learningRate} is probably too large: try a smaller learning rate, then Reset.`;
}
