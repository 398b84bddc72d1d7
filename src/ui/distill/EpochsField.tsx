/** How long a model trained first (Train teacher, Train source first) trains: epochs within FIRST_EPOCHS, a bad entry keeps the last good value. */
import { FIRST_EPOCHS, clampEpochs } from '../../engine/distill/teacher';
import { NumberField } from '../common/fields';

export function EpochsField({ id, label, value, help, onChange }: { id: string; label: string; value: number; help: string; onChange(epochs: number): void }) {
  return (
    <NumberField id={id} label={label} value={value} min={FIRST_EPOCHS.min} max={FIRST_EPOCHS.max} step="any" help={help} onCommit={(raw) => {
      const v = Number(raw);
      if (Number.isFinite(v)) onChange(clampEpochs(v));
    }} />
  );
}
