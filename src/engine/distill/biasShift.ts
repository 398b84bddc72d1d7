/**
 * Class bias shift (REFERENCE.md "Distillation"; Hinton et al. 2015 §3, "dark knowledge"): a student that
 * never saw digit 3 in training still learns much about it from the teacher's soft targets, and raising
 * the output bias of class 3 lets it name most test 3s. The shift is an edit of the trained weights: the
 * class's output bias moves by Δ on a lane's backend (its optimizer state is kept).
 */
import type { TrainingBackend } from '../backend';
import type { OmitDigit } from '../config';
import { paramLayout, type ModelSpec } from '../model';

/** The class whose bias Class bias shift moves: the omitted digit, or null when none is omitted. */
export function shiftedClass(omit: OmitDigit): number | null {
  return omit === 'none' ? null : Number(omit);
}

/** Adds `delta` to the output bias of class `cls` of the model on `backend` (in paramLayout(spec)). */
export async function shiftOutputBias(backend: TrainingBackend, spec: ModelSpec, cls: number, delta: number): Promise<void> {
  const layout = paramLayout(spec);
  const bias = layout.layers[layout.layers.length - 1].b; // [K] the output layer's biases
  if (cls < 0 || cls >= bias.size) return;
  const state = await backend.readState();
  const params = state.params.slice();
  params[bias.offset + cls] += delta;
  backend.loadState({ params, state: state.state });
}
