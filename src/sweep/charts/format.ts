/**
 * Labels and number formats shared by the sweep charts: parameter names as the playground's controls
 * call them (engine/config.ts FIELDS, so a label is said once), parameter values (rates in exponent form,
 * 3.2e-3; optimizers by their display names), objective values and trial states.
 */
import { FIELDS } from '../../engine/config';
import { OPTIMIZER_LABELS } from '../../engine/optimizers';
import type { Distribution, ObjectiveName, SearchParam, SweepParamName, Trial } from '../../engine/search/types';

/** Sweep parameters whose FIELDS label does not fit ('width' writes `hidden`, labelled "Hidden layers"). */
const OWN_LABELS: Partial<Record<SweepParamName, string>> = { width: 'Width' };

const FIELD_LABELS = new Map<string, string>(FIELDS.map((f) => [f.key, f.label]));

/** "Learning rate", "Batch size", "Width" …: the playground control's label for a sweep parameter. */
export function paramLabel(name: SweepParamName): string {
  return OWN_LABELS[name] ?? FIELD_LABELS.get(name) ?? name;
}

/** Rates and regularization strengths: always shown in exponent form. */
const RATES: ReadonlySet<SweepParamName> = new Set(['learningRate', 'regularizationRate']);

/** 0.0032 → "3.2e-3", 0.1 → "1.0e-1" (one decimal, no "+" in the exponent). */
export function formatExponent(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return v.toExponential(1).replace('e+', 'e');
}

/** Up to 4 significant digits, trailing zeros dropped: 0.999 → "0.999", 0.9 → "0.9", 12.5 → "12.5". */
export function formatPlain(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return formatExponent(v);
  return String(Number(v.toPrecision(4)));
}

/** Whether a parameter's values read best in exponent form (a rate, or any float drawn on a log scale). */
export function usesExponent(name: SweepParamName, dist?: Distribution): boolean {
  return RATES.has(name) || (dist?.kind === 'float' && dist.log);
}

/** One parameter value for a table cell, axis tick or label; "—" when the trial has none. */
export function formatParamValue(name: SweepParamName, value: number | string | undefined, dist?: Distribution): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return name === 'optimizer' ? (OPTIMIZER_LABELS[value as keyof typeof OPTIMIZER_LABELS] ?? value) : value;
  if (usesExponent(name, dist)) return formatExponent(value);
  if (name === 'seed') return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return formatPlain(value);
}

/** A parameter's formatter, for axes that only have the value. */
export const paramFormatter = (p: SearchParam) => (v: number | string) => formatParamValue(p.name, v, p.dist);

const OBJECTIVE_LABELS: Record<ObjectiveName, string> = {
  'test-accuracy': 'Test accuracy',
  'test-loss': 'Test loss',
  'accuracy-at-size': 'Accuracy at size',
};

/** The objective's name for axis titles and column headers; "Value" when the chart was not told. */
export function objectiveLabel(objective: ObjectiveName | undefined): string {
  return objective ? OBJECTIVE_LABELS[objective] : 'Value';
}

/** An objective value: accuracies (already in percent, 0–100, as the sweep measures them) as 92.5%, a loss to 4 significant digits. */
export function formatObjective(v: number | null | undefined, objective?: ObjectiveName): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (objective === 'test-accuracy' || objective === 'accuracy-at-size') return `${v.toFixed(1)}%`;
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/** "complete", "pruned at step 300", "running", "failed", "waiting". */
export function stateLabel(t: Pick<Trial, 'state' | 'steps'>): string {
  return t.state === 'pruned' ? `pruned at step ${t.steps.toLocaleString('en-US')}` : t.state;
}

/** Whether a trial has finished (its settings can be loaded and its value is final). */
export const isFinished = (t: Pick<Trial, 'state'>): boolean => t.state === 'complete' || t.state === 'pruned' || t.state === 'failed';

/** A trial's plotted value: its final value, else (pruned) its last intermediate value; null when it has none. */
export function trialValue(t: Pick<Trial, 'value' | 'intermediate'>): number | null {
  if (t.value !== null && Number.isFinite(t.value)) return t.value;
  const last = t.intermediate[t.intermediate.length - 1];
  return last && Number.isFinite(last.value) ? last.value : null;
}

/** "1 trial", "16 trials". */
export const trialsText = (n: number): string => `${n.toLocaleString('en-US')} trial${n === 1 ? '' : 's'}`;
