/**
 * The Fuse area's messages (REFERENCE.md "Strategies", Fusion): what the page asks of saved runs
 * (ToWorker 'fuse', 'fuse-open') and what the worker answers ('fusion' updates: progress, a sentence
 * why not, or a result). Kept apart from protocol.ts, which names these in its two unions.
 */
import type { EnsembleRule, PathPoint } from '../engine/strategies/fusion';

export type FuseRequest =
  | { kind: 'ensemble'; ids: string[]; rule: EnsembleRule }
  | { kind: 'soup'; ids: string[]; greedy: boolean }
  | { kind: 'interpolate'; a: string; b: string; points: number; align: boolean };

export type FuseKind = FuseRequest['kind'];

/** One model's score on the test split (errors of n). */
export interface FusedScore {
  name: string;
  /** Input to output, e.g. [784, 300, 100, 10]. */
  widths: number[];
  /** float32 bytes of its parameters (an ensemble: all its members'). */
  bytes: number;
  accuracy: number;
  loss: number;
  errors: number;
  n: number;
}

export interface PathView {
  points: PathPoint[];
  barrier: number;
}

export type FusionResult =
  | { kind: 'ensemble'; rule: EnsembleRule; members: FusedScore[]; ensemble: FusedScore }
  | {
      kind: 'soup';
      greedy: boolean;
      members: FusedScore[];
      /** Greedy: the members tried, in order, with the soup's held-out accuracy with each and whether it was kept. */
      tried: Array<{ name: string; heldOut: number; kept: boolean }>;
      /** Held-out rows (greedy soups choose on them): the first `heldOut` rows of the test split. */
      heldOut: number;
      soup: FusedScore;
    }
  | { kind: 'interpolate'; a: string; b: string; raw: PathView; aligned?: PathView & { sweeps: number } };

export interface FusionDone {
  result: FusionResult;
  /** "WebGPU" or "CPU": where the models were evaluated. */
  backend: string;
  /** The runs' dataset (its config name, as Accuracy vs size keys points by). */
  dataset: string;
  /** The dataset the test split is from, in words, and a caveat when there is one. */
  testSet: string;
  note?: string;
}

export type FusionUpdate =
  | { kind: 'progress'; job: FuseKind; text: string }
  | { kind: 'problem'; job: FuseKind; message: string }
  | ({ kind: 'done'; job: FuseKind } & FusionDone);
