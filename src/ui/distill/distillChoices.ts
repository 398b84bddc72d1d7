/**
 * What the Distill & transfer controls offer, from the run history and the run: the saved runs that can
 * teach this run (same dataset, so the same inputs and classes) and the ones it can start from (the same
 * layers), the teacher's layers as typed, and the accuracy on an omitted digit from the confusion matrix.
 * Pure, so the choices are tested without a page.
 */
import { MAX_HIDDEN_LAYERS, MAX_NEURONS } from '../../engine/config';
import type { RunSummary } from '../../store/runStore';
import type { SelectOption } from '../common/fields';
import type { RunInfo } from '../workspace/trainerView';

const pct = (a: number | null) => (a === null ? '' : ` · ${(a * 100).toFixed(1)}%`);

/** "128, 128" → widths; anything else → a sentence. */
export function parseLayers(text: string): { widths: number[] } | { problem: string } {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return { problem: 'Give at least one hidden width, e.g. “128, 128”.' };
  if (parts.length > MAX_HIDDEN_LAYERS) return { problem: `At most ${MAX_HIDDEN_LAYERS} hidden layers.` };
  const widths = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isInteger(widths[i]) || widths[i] < 1 || widths[i] > MAX_NEURONS);
  if (bad !== undefined) return { problem: `“${bad}” is not a width from 1 to ${MAX_NEURONS}.` };
  return { widths };
}

/**
 * The Teacher choices: none, then every saved run of this dataset but the run itself; `value` is the
 * teacher now (by name), shown even when it is no longer in the history.
 */
export function teacherChoices(runs: readonly RunSummary[] | null, run: RunInfo | null, dataset: string): { value: string; options: SelectOption<string>[] } {
  const usable = (runs ?? []).filter((r) => r.dataset === dataset && r.id !== run?.storeId);
  const options: SelectOption<string>[] = [{ value: '', label: 'None: the student trains alone' }, ...usable.map((r) => ({ value: r.id, label: `${r.name} · ${r.model}${pct(r.testAccuracy)}` }))];
  const name = run?.teacher?.name;
  if (!name) return { value: '', options };
  const hit = usable.find((r) => r.name === name);
  if (hit) return { value: hit.id, options };
  return { value: 'current', options: [...options, { value: 'current', label: `${name} (this run’s teacher)`, disabled: true }] };
}

/** "784 → 300 → 100 → 10", as run summaries write a model. */
export const modelText = (widths: readonly number[]) => widths.join(' → ');

/**
 * The Start from choices: the seed's weights, then every saved run but this one; runs of other layers are
 * listed but disabled (a transfer copies weights layer by layer). `value`: the source in use, by name.
 */
export function sourceChoices(runs: readonly RunSummary[] | null, run: RunInfo | null): { value: string; options: SelectOption<string>[] } {
  const here = run ? modelText(run.widths) : null;
  const others = (runs ?? []).filter((r) => r.id !== run?.storeId);
  const options: SelectOption<string>[] = [
    { value: '', label: 'The seed’s weights (from scratch)' },
    ...others.map((r) => ({ value: r.id, label: `${r.name} · ${r.model}${pct(r.testAccuracy)}${r.model === here ? '' : ' (other layers)'}`, disabled: r.model !== here })),
  ];
  const from = run?.reference?.kind === 'scratch' ? run.reference.from : null;
  if (!from) return { value: '', options };
  const hit = others.find((r) => r.name === from);
  if (hit) return { value: hit.id, options };
  return { value: 'current', options: [...options, { value: 'current', label: `${from} (this run’s start)`, disabled: true }] };
}

/** Accuracy on digit `d` from a 10×10 confusion matrix (row = true digit); null when there is none or no such digit. */
export function omittedAccuracy(confusion: readonly number[] | null, d: number): { accuracy: number; right: number; total: number } | null {
  if (!confusion || confusion.length < 100 || d < 0 || d > 9) return null;
  let total = 0;
  for (let p = 0; p < 10; p++) total += confusion[d * 10 + p];
  if (total === 0) return null;
  const right = confusion[d * 10 + d];
  return { accuracy: right / total, right, total };
}
