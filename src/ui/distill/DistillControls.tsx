/**
 * The "Distillation" controls (REFERENCE.md "Distillation"; Hinton et al. 2015): the Teacher (a saved run,
 * or one trained here with Train teacher), the Temperature and Distillation weight (both live), and dark
 * knowledge: Omit digit leaves a digit out of the student's training set, Class bias shift then raises
 * that digit's output bias, and the readout gives the accuracy on the omitted digit.
 */
import { memo, useState } from 'react';
import { MAX_BIAS_SHIFT, OMIT_DIGITS, type OmitDigit, type RunConfig } from '../../engine/config';
import type { RunSummary } from '../../store/runStore';
import type { ToWorker } from '../../worker/protocol';
import type { Candidate } from '../common/configFields';
import { RangeField, SelectField, type SelectOption } from '../common/fields';
import { EpochsField } from './EpochsField';
import type { RunInfo } from '../workspace/trainerView';
import { omittedAccuracy, parseLayers, teacherChoices } from './distillChoices';

interface Props {
  config: RunConfig;
  run: RunInfo | null;
  runs: readonly RunSummary[] | null;
  /** The confusion matrix of the last MNIST snapshot (10×10, row = true digit), for the omitted digit's accuracy. */
  confusion: number[] | null;
  /** The teacher run's step now (Train teacher under way). */
  step: number;
  onCommit(candidate: Candidate): void;
  send(msg: ToWorker): void;
}

const LOSS_HELP = 'Loss: α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1−α)·CE(y, z_s) (REFERENCE.md “Distillation”). The T² keeps the soft term’s gradients the same size as T changes. Applies live.';

const OMIT_OPTIONS: SelectOption<OmitDigit>[] = OMIT_DIGITS.map((d) => ({ value: d, label: d === 'none' ? 'None: every digit' : `Digit ${d}` }));

export const DistillControls = memo(function DistillControls({ config, run, runs, confusion, step, onCommit, send }: Props) {
  const set = (patch: Partial<Record<keyof RunConfig, unknown>>) => onCommit({ ...config, ...patch });
  const [layers, setLayers] = useState('128, 128');
  const [epochs, setEpochs] = useState(2);
  const parsed = parseLayers(layers);
  const teaching = run?.first?.role === 'teacher';
  const choices = teacherChoices(runs, run, config.dataset);
  const mnist = config.dataset === 'mnist';
  const classes = run?.dataset.task !== 'regression';
  const omitted = mnist && config.omitDigit !== 'none' ? omittedAccuracy(confusion, Number(config.omitDigit)) : null;
  return (
    <fieldset>
      <legend>Distillation</legend>
      <SelectField
        id="f-teacher"
        label="Teacher"
        value={choices.value}
        options={choices.options}
        help="A saved run of this dataset teaches the current settings from step 0. Beside the distilled student, the same student (same initial weights, same batches) trains alone. The teacher’s logits are computed once into a soft-target buffer: the training inputs never change."
        onChange={(id) => send({ type: 'teacher', id: id === '' ? null : id })}
      />
      <div className="field">
        <label htmlFor="f-teacher-layers">Teacher layers</label>
        <input id="f-teacher-layers" value={layers} aria-invalid={'problem' in parsed} aria-describedby="f-teacher-layers-help" onChange={(e) => setLayers(e.target.value)} />
        <p className="help" id="f-teacher-layers-help" role={'problem' in parsed ? 'alert' : undefined}>
          {'problem' in parsed ? parsed.problem : 'Hidden widths of the teacher, e.g. “128, 128”: bigger than the student’s.'}
        </p>
      </div>
      <EpochsField id="f-teacher-epochs" label="Teacher epochs" value={epochs} help="How long the teacher trains, in epochs of the training set." onChange={setEpochs} />
      <button type="button" disabled={!run || run.first !== undefined || !classes || 'problem' in parsed} onClick={() => 'widths' in parsed && send({ type: 'train-teacher', hidden: parsed.widths, epochs })}>
        Train teacher
      </button>
      <p className="help" role="status">
        {teaching && run?.first
          ? `Training the teacher: step ${Math.min(step, run.first.steps)} of ${run.first.steps}. It is then saved as a run and teaches your student from step 0.`
          : !classes
            ? 'Distillation needs classes: this data has a number to predict.'
            : run?.teacher
            ? `Taught by ${run.teacher.name} (${(run.teacher.testAccuracy * 100).toFixed(1)}% test accuracy).`
            : ''}
      </p>
      <RangeField id="f-temperature" label="Temperature" value={config.temperature} min={1} max={50} step={0.5} format={(v) => `T = ${v}`} help={`T softens both softmaxes: softmax(z/T). ${LOSS_HELP}`} onCommit={(temperature) => set({ temperature })} />
      <RangeField id="f-distillWeight" label="Distillation weight" value={config.distillWeight} min={0} max={1} step={0.05} format={(v) => `α = ${v.toFixed(2)}`} help="α weighs the teacher’s soft targets, 1 − α the labels. Applies live." onCommit={(distillWeight) => set({ distillWeight })} />
      <SelectField
        id="f-omitDigit"
        label="Omit digit"
        value={config.omitDigit}
        options={mnist ? OMIT_OPTIONS : OMIT_OPTIONS.map((o) => ({ ...o, disabled: o.value !== 'none' }))}
        help={mnist ? 'Dark knowledge (Hinton et al. §3): this digit is left out of the student’s training set (the test set keeps it); the teacher’s soft targets still say what it looks like. A new run.' : 'MNIST only: choose MNIST digits in Data & model.'}
        onChange={(omitDigit) => set({ omitDigit })}
      />
      <RangeField
        id="f-biasShift"
        label="Class bias shift"
        value={config.biasShift}
        min={-MAX_BIAS_SHIFT}
        max={MAX_BIAS_SHIFT}
        step={0.5}
        format={(v) => (v > 0 ? `+${v}` : String(v))}
        help={config.omitDigit === 'none' ? 'Choose an Omit digit first: the shift moves that digit’s output bias.' : `Moves digit ${config.omitDigit}’s output bias by this much on the models now (Hinton et al. raised digit 3’s by 3.5). Pause first: training pulls it back, as the digit is never seen.`}
        onCommit={(biasShift) => set({ biasShift })}
      />
      {omitted && (
        <p className="readout-line" role="status">
          Accuracy on the omitted digit {config.omitDigit}: <strong>{(omitted.accuracy * 100).toFixed(1)}%</strong> ({omitted.right} of {omitted.total} test digits)
        </p>
      )}
    </fieldset>
  );
});
