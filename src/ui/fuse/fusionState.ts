/**
 * The Fuse area's state in the page's view (trainerView.ts keeps it across runs): per job (ensemble,
 * soup, interpolate) the line saying what is under way, the sentence why it could not run, and its last
 * result; every ensemble and fused model also becomes a point of Accuracy vs size (pareto.ts SizePoint).
 */
import type { FuseKind, FusionDone, FusionUpdate, FusedScore } from '../../worker/fusionProtocol';
import { MAX_SIZE_POINTS, pointKey, type SizePoint } from '../compress/pareto';

export interface FuseJobState {
  progress: string | null;
  problem: string | null;
  done: FusionDone | null;
}

export type FusionState = Record<FuseKind, FuseJobState>;

const IDLE_JOB: FuseJobState = { progress: null, problem: null, done: null };
export const NO_FUSION: FusionState = { ensemble: IDLE_JOB, soup: IDLE_JOB, interpolate: IDLE_JOB };

/** The fused models of a result, as points (label "fused · …"); interpolation makes none (its midpoint is no model anyone keeps). */
function fusedScores(done: FusionDone): FusedScore[] {
  const r = done.result;
  if (r.kind === 'ensemble') return [r.ensemble];
  if (r.kind === 'soup') return [r.soup];
  return [];
}

/** Adds or moves the points of a finished job (same key: the latest result). */
export function withFusedPoints(points: readonly SizePoint[], done: FusionDone): readonly SizePoint[] {
  let out = points;
  for (const s of fusedScores(done)) {
    const label = `fused · ${s.name}`;
    const key = pointKey(done.dataset, s.widths, label);
    const point: SizePoint = { key, dataset: done.dataset, widths: [...s.widths], label, bytes: s.bytes, accuracy: s.accuracy, step: 0 };
    out = [...out.filter((p) => p.key !== key), point].slice(-MAX_SIZE_POINTS);
  }
  return out;
}

/** Folds one 'fusion' update into the state and the session's size points. */
export function reduceFusion(state: FusionState, sizePoints: readonly SizePoint[], u: FusionUpdate): { fusion: FusionState; sizePoints: readonly SizePoint[] } {
  const job = state[u.job];
  if (u.kind === 'progress') return { fusion: { ...state, [u.job]: { ...job, progress: u.text, problem: null } }, sizePoints };
  if (u.kind === 'problem') return { fusion: { ...state, [u.job]: { ...job, progress: null, problem: u.message } }, sizePoints };
  const { kind: _k, job: _j, ...done } = u;
  return { fusion: { ...state, [u.job]: { progress: null, problem: null, done } }, sizePoints: withFusedPoints(sizePoints, done) };
}
