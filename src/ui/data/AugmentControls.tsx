/**
 * The "Augmentation" controls of the Data & model area (REFERENCE.md "Strategies"): Shift (pixels),
 * Rotation (degrees) and Pixel noise for MNIST, Jitter for other data, Mixup for both. Each applies live;
 * labels and ranges come from the config table (FIELDS), and which settings fit the data from
 * engine/strategies/augment.ts augmentApplies (the others are hidden, with the reason said once).
 */
import { memo } from 'react';
import type { RunConfig } from '../../engine/config';
import { augmentApplies, type AugmentKey } from '../../engine/strategies/augment';
import { numericSpec, type Candidate } from '../common/configFields';
import { RangeField } from '../common/fields';

const HELP: Record<AugmentKey, string> = {
  augShift: 'Each digit of a batch moves by whole pixels, −k…k on each axis (the edge fills with background).',
  augRotation: 'Each digit turns by an angle drawn in ±d degrees about its centre (bilinear).',
  augNoise: 'Gaussian noise of this σ is added to every pixel (pixels run 0…1).',
  augJitter: 'Gaussian noise of this σ moves every input of the batch: the faint ghosts on the Output picture.',
  augMixup: 'Mixup: x = λ x_i + (1 − λ) x_j and y likewise, with j another example of the batch and λ ~ Beta(a, a); 0 is off.',
};
const STEPS: Record<AugmentKey, number> = { augShift: 1, augRotation: 1, augNoise: 0.01, augJitter: 0.01, augMixup: 0.05 };
const FORMAT: Record<AugmentKey, (v: number) => string> = {
  augShift: (v) => (v === 0 ? 'off' : `±${v} px`),
  augRotation: (v) => (v === 0 ? 'off' : `±${v}°`),
  augNoise: (v) => (v === 0 ? 'off' : `σ ${v.toFixed(2)}`),
  augJitter: (v) => (v === 0 ? 'off' : `σ ${v.toFixed(2)}`),
  augMixup: (v) => (v === 0 ? 'off' : `a ${v.toFixed(2)}`),
};
const KEYS: readonly AugmentKey[] = ['augShift', 'augRotation', 'augNoise', 'augJitter', 'augMixup'];

interface Props {
  config: RunConfig;
  onCommit(candidate: Candidate): void;
}

export const AugmentControls = memo(function AugmentControls({ config, onCommit }: Props) {
  const verdicts = KEYS.map((key) => ({ key, verdict: augmentApplies(key, config.dataset) }));
  const reasons = [...new Set(verdicts.flatMap(({ verdict }) => (verdict.applies ? [] : [verdict.reason])))];
  return (
    <fieldset>
      <legend>Augmentation</legend>
      <p className="help">
        Applied to each batch as it is gathered, on the GPU, drawn from the run’s seed (REFERENCE.md “Strategies”). Every setting applies live; the
        Augmented samples show a batch as the network sees it.
      </p>
      {verdicts.map(({ key, verdict }) => {
        if (!verdict.applies) return null;
        const spec = numericSpec(key);
        return (
          <RangeField
            key={key}
            id={`f-${key}`}
            label={spec.label}
            value={config[key]}
            min={spec.min}
            max={spec.max}
            step={STEPS[key]}
            format={FORMAT[key]}
            help={HELP[key]}
            onCommit={(v) => onCommit({ ...config, [key]: v })}
          />
        );
      })}
      {reasons.map((r) => (
        <p className="help" key={r}>
          {r}
        </p>
      ))}
    </fieldset>
  );
});
