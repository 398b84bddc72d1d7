/**
 * One evaluation of one lane, as the history keeps it: the Trainer's divergence guard makes it, the
 * worker posts it, checkpoints store the full list and the UI's charts draw a thinned view.
 */
import type { HeadEvaluation } from '../strategies/multitaskStep';

export interface MetricPoint {
  /** 0: the main run; 1–3: race lanes. */
  lane: number;
  step: number;
  epoch: number;
  /** Data loss (no regularization term). */
  trainLoss: number;
  testLoss: number;
  /** Train data loss + the regularization term (equal to trainLoss without regularization). */
  totalLoss: number;
  trainAccuracy?: number;
  testAccuracy?: number;
  /** Per layer, input to output: L2 norm of the last step's gradient (W and b). */
  gradNorms: number[];
  /** The learning rate in force at this step (after the schedule). */
  learningRate: number;
  /** A multi-task model: per head, its loss and accuracy (Evaluation.heads), and the trunk gradient cosine (null: none). */
  heads?: HeadEvaluation[];
  conflict?: number | null;
}
