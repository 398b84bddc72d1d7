/**
 * The "Schedule" section: how the learning rate changes over steps (constant, step, cosine to a floor,
 * linear warm-up; engine/schedules.ts), its parameters, and a small chart of the rate with today's step.
 */
import type { RunConfig, ScheduleName } from '../../engine/config';
import { ConfigNumberField } from '../common/ConfigNumberField';
import type { NumericKey } from '../common/configFields';
import type { Candidate } from '../common/configFields';
import { SelectField } from '../common/fields';
import { SCHEDULE_OPTIONS } from '../common/labels';

const PARAMS: Record<ScheduleName, NumericKey[]> = {
  constant: [],
  step: ['stepSize', 'gamma'],
  cosine: ['totalSteps', 'minLrFactor'],
  warmup: ['warmupSteps'],
};

const RULES: Record<ScheduleName, string> = {
  constant: 'The rate stays at the learning rate.',
  step: 'Multiplies the rate by the decay factor γ every k steps: lr·γ^⌊t/k⌋ (PyTorch’s StepLR).',
  cosine: 'Follows half a cosine from the rate down to the floor over T steps, then stays at the floor.',
  warmup: 'Rises linearly from lr/W on the first step to the full rate on step W, then stays there.',
};

interface Props {
  config: RunConfig;
  onCommit(candidate: Candidate): void;
}

export function ScheduleControls({ config, onCommit }: Props) {
  const set = (patch: Partial<Record<keyof RunConfig, unknown>>) => onCommit({ ...config, ...patch });
  return (
    <fieldset>
      <legend>Schedule</legend>
      <SelectField
        id="f-schedule"
        label="Schedule"
        value={config.schedule}
        options={SCHEDULE_OPTIONS}
        help={`${RULES[config.schedule]} Applies live, counted from step 0 of the run.`}
        onChange={(schedule) => set({ schedule })}
      />
      {PARAMS[config.schedule].map((field) => (
        <ConfigNumberField key={field} field={field} config={config} onCommit={(f, raw) => set({ [f]: Number(raw) })} />
      ))}
    </fieldset>
  );
}
