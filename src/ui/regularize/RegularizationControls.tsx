/**
 * The "Regularization" section: coupled L1/L2 added to the gradient (REFERENCE.md), for any optimizer.
 * Applies live. The penalty also shows in the Loss chart as the total loss beside the data loss.
 */
import { memo } from 'react';
import type { RunConfig } from '../../engine/config';
import { ConfigNumberField } from '../common/ConfigNumberField';
import type { Candidate } from '../common/configFields';
import { SelectField } from '../common/fields';
import { REGULARIZATION_OPTIONS } from '../common/labels';

interface Props {
  config: RunConfig;
  onCommit(candidate: Candidate): void;
}

const HELP =
  'Coupled: the penalty goes into the gradient. L2 adds λθ to the gradient and λ·Σθ²/2 to the total loss; ' +
  'L1 adds λ·sign(θ) and λ·Σ|θ|, pushing small weights to exactly zero. Applies live.';

/** Memoised: it re-renders when the config changes, not with the page's updates while training. */
export const RegularizationControls = memo(function RegularizationControls({ config, onCommit }: Props) {
  const set = (patch: Partial<Record<keyof RunConfig, unknown>>) => onCommit({ ...config, ...patch });
  return (
    <fieldset>
      <legend>Regularization</legend>
      <SelectField
        id="f-regularization"
        label="Regularization"
        value={config.regularization}
        options={REGULARIZATION_OPTIONS}
        help={HELP}
        onChange={(regularization) => set({ regularization })}
      />
      {config.regularization !== 'none' && (
        <ConfigNumberField
          field="regularizationRate"
          config={config}
          help={`λ, the strength of the penalty.${config.optimizer === 'adamw' ? ' AdamW’s decoupled weight decay is separate and applies as well.' : ''}`}
          onCommit={(field, raw) => set({ [field]: Number(raw) })}
        />
      )}
    </fieldset>
  );
});
