/**
 * The run config's training controls (the Train area): loss, learning rate and batch size. The optimizer
 * and schedule have their own sections beside these.
 */
import { memo } from 'react';
import { type Correction, type LossName, type RunConfig } from '../../engine/config';
import { NumberField, SelectField, type SelectOption } from '../common/fields';
import type { Candidate } from '../common/configFields';

interface Props {
  config: RunConfig;
  /** Training rows of the current run, for the batch-size help; null before the first run. */
  trainRows: number | null;
  /** The data is a number to predict (cross-entropy is off). */
  regression: boolean;
  onCommit(candidate: Candidate, corrections?: Correction[]): void;
}

/** Memoised: it re-renders when the config changes, not with the page's updates while training. */
export const TrainingControls = memo(function TrainingControls({ config, trainRows, regression, onCommit }: Props) {
  const set = (patch: Partial<Record<keyof RunConfig, unknown>>) => onCommit({ ...config, ...patch });
  const lossOptions: SelectOption<LossName>[] = [
    { value: 'crossentropy', label: 'Cross-entropy', disabled: regression },
    { value: 'mse', label: 'MSE' },
  ];
  return (
    <div className="controls">
      <fieldset>
        <legend>Training</legend>
        <SelectField
          id="f-loss"
          label="Loss"
          value={config.loss}
          options={lossOptions}
          help={
            regression
              ? 'MSE: mean of (y − ŷ)² over examples and outputs, no ½ factor. Cross-entropy needs classes, so it is off for regression data.'
              : 'Cross-entropy: softmax, then −log of the right class’s probability. MSE: mean of (y − ŷ)², no ½ factor.'
          }
          onChange={(loss) => set({ loss })}
        />
        <NumberField
          id="f-lr"
          label="Learning rate"
          value={config.learningRate}
          min={0.00001}
          max={10}
          step="any"
          help="The base step size; applies live. The optimizer (below) decides how it scales each step, the schedule how it changes over steps."
          onCommit={(raw) => set({ learningRate: Number(raw) })}
        />
        <NumberField
          id="f-batch"
          label="Batch size"
          value={config.batchSize}
          min={1}
          max={5000}
          step={1}
          help={`Examples per step; applies live. A batch at least the training set${trainRows !== null ? ` (${trainRows} rows)` : ''} is plain gradient descent.`}
          onCommit={(raw) => set({ batchSize: Number(raw) })}
        />
        <NumberField
          id="f-stop"
          label="Stop at step"
          value={config.stopAt}
          min={0}
          max={10_000_000}
          step={1}
          help="Training pauses when the run reaches this step, with a fresh evaluation (0: it goes on). A trial loaded from the Sweep page sets it to the trial's steps. Train goes on past it."
          onCommit={(raw) => set({ stopAt: Number(raw) })}
        />
      </fieldset>
    </div>
  );
});
