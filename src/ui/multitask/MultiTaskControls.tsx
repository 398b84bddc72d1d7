/**
 * The "Multi-task" controls (REFERENCE.md "Strategies"): Second task (a second head on the shared trunk:
 * MNIST's parity, five or more, or closed loop; a 2-D dataset's second labelling of the same points),
 * Task weight (w₂ in L₁ + w₂ L₂, live) and PCGrad (live). Second task starts a new run; the other two
 * apply from the next step.
 */
import { memo } from 'react';
import type { RunConfig } from '../../engine/config';
import { fieldLabel, numericSpec, type Candidate } from '../common/configFields';
import { CheckboxField } from '../common/CheckboxField';
import { RangeField, SelectField, type SelectOption } from '../common/fields';
import { SECOND_TASK_INFO, secondTasksFor, type SecondTask } from '../../engine/strategies/secondTasks';

interface Props {
  config: RunConfig;
  onCommit(candidate: Candidate): void;
}

const TASK_HELP =
  'A second head on the same hidden layers, with its own softmax and cross-entropy; the loss is L₁ + w₂ L₂ (REFERENCE.md “Strategies”). ' +
  'Beside the run, the same model learns each task alone (same initial weights, same batches). Starts a new run.';

export const MultiTaskControls = memo(function MultiTaskControls({ config, onCommit }: Props) {
  const set = (patch: Partial<Record<keyof RunConfig, unknown>>) => onCommit({ ...config, ...patch });
  const tasks = secondTasksFor(config.dataset);
  const options: SelectOption<SecondTask>[] = tasks.map((t) => ({ value: t, label: t === 'none' ? 'None: one task' : SECOND_TASK_INFO[t].label }));
  const on = config.secondTask !== 'none';
  const weight = numericSpec('taskWeight');
  return (
    <fieldset>
      <legend>Multi-task</legend>
      {tasks.length === 1 ? (
        <p className="help" role="note">
          Multi-task learning needs classes on MNIST or a 2-D dataset (spiral, circles, xor, gaussians): choose one in Data &amp; model.
        </p>
      ) : (
        <SelectField
          id="f-second-task"
          label={fieldLabel('secondTask')}
          value={config.secondTask}
          options={options}
          help={on ? `${SECOND_TASK_INFO[config.secondTask].label}: ${SECOND_TASK_INFO[config.secondTask].rule}. ${TASK_HELP}` : TASK_HELP}
          onChange={(secondTask) => set({ secondTask })}
        />
      )}
      {on && (
        <>
          <RangeField
            id="f-task-weight"
            label={weight.label}
            value={config.taskWeight}
            min={weight.min}
            max={weight.max}
            step={0.1}
            format={(v) => `w₂ = ${v.toFixed(2)}`}
            help="w₂, the second task’s weight (the first task’s is 1). Applies live; 0 trains the first task alone."
            onCommit={(taskWeight) => set({ taskWeight })}
          />
          <CheckboxField
            id="f-pcgrad"
            label={fieldLabel('pcgrad')}
            checked={config.pcgrad}
            help="Projecting conflicting gradients (Yu et al. 2020): where the two tasks’ trunk gradients point against each other (g₁·g₂ < 0), each loses its component along the other, g_i − (g_i·g_j/|g_j|²) g_j, before they are added. Costs a second backward pass. Applies live."
            onChange={(pcgrad) => set({ pcgrad })}
          />
        </>
      )}
    </fieldset>
  );
});
