/** The config table's label and range for a numeric field, so the controls never restate them. */
import { FIELDS, type RunConfig } from '../../engine/config';

/** A config as the controls propose it: the page validates it (validateConfig) before anything uses it. */
export type Candidate = Record<string, unknown>;

type FieldKey = Exclude<keyof RunConfig, 'version'>;
export type NumericKey = { [K in FieldKey]: RunConfig[K] extends number ? K : never }[FieldKey];
export type BoolKey = { [K in FieldKey]: RunConfig[K] extends boolean ? K : never }[FieldKey];

export interface NumericSpec {
  label: string;
  min: number;
  max: number;
  /** 1 for whole numbers, 'any' otherwise. */
  step: number | 'any';
}

export function numericSpec(key: NumericKey): NumericSpec {
  const f = FIELDS.find((x) => x.key === key);
  if (!f || (f.kind.type !== 'number' && f.kind.type !== 'int')) throw new Error(`OptiPlay: ${String(key)} is not a numeric config field`);
  return { label: f.label, min: f.kind.min, max: f.kind.max, step: f.kind.type === 'int' ? 1 : 'any' };
}

export function fieldLabel(key: FieldKey): string {
  const f = FIELDS.find((x) => x.key === key);
  if (!f) throw new Error(`OptiPlay: ${String(key)} is not a config field`);
  return f.label;
}
