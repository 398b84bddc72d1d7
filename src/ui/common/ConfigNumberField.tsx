/** A number field for one numeric config field, labelled and bounded by the config table (FIELDS). */
import type { ReactNode } from 'react';
import type { RunConfig } from '../../engine/config';
import { numericSpec, type NumericKey } from './configFields';
import { NumberField } from './fields';

interface Props {
  field: NumericKey;
  config: RunConfig;
  help?: ReactNode;
  /** Commits the typed text for this field (validateConfig reads, clamps and reports it). */
  onCommit(field: NumericKey, raw: string): void;
}

export function ConfigNumberField({ field, config, help, onCommit }: Props) {
  const spec = numericSpec(field);
  return (
    <NumberField
      id={`f-${field}`}
      label={spec.label}
      value={config[field]}
      min={spec.min}
      max={spec.max}
      step={spec.step}
      help={help}
      onCommit={(raw) => onCommit(field, raw)}
    />
  );
}
