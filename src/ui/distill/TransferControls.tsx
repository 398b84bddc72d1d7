/**
 * The "Transfer" controls (REFERENCE.md "Transfer learning"): the task (MNIST Digits: all, 0–4 or 5–9),
 * Start from a saved run's weights, Re-initialise head, Transfer blend θ = θ_target + α·θ_source, Frozen
 * layers and the transferred layers' rate (both live). Beside the transferred model, the same model
 * trains from the seed's weights (from scratch) on the same batches.
 */
import { memo, useState } from 'react';
import { MAX_HIDDEN_LAYERS, MNIST_CLASSES, type MnistClasses, type RunConfig } from '../../engine/config';
import type { RunSummary } from '../../store/runStore';
import type { ToWorker } from '../../worker/protocol';
import { CheckboxField } from '../common/CheckboxField';
import { ConfigNumberField } from '../common/ConfigNumberField';
import type { Candidate } from '../common/configFields';
import { RangeField, SelectField, type SelectOption } from '../common/fields';
import { EpochsField } from './EpochsField';
import type { RunInfo } from '../workspace/trainerView';
import { sourceChoices } from './distillChoices';

interface Props {
  config: RunConfig;
  run: RunInfo | null;
  runs: readonly RunSummary[] | null;
  /** The first run's step now (Train source first under way). */
  step: number;
  onCommit(candidate: Candidate): void;
  send(msg: ToWorker): void;
}

const DIGIT_OPTIONS: SelectOption<MnistClasses>[] = MNIST_CLASSES.map((c) => ({ value: c, label: c === 'all' ? 'All ten digits' : `MNIST digits ${c.replace('-', '–')}` }));

/** The source task offered for a target: the other half of the digits (all digits: 0–4). */
const otherHalf = (c: MnistClasses): MnistClasses => (c === '0-4' ? '5-9' : '0-4');

export const TransferControls = memo(function TransferControls({ config, run, runs, step, onCommit, send }: Props) {
  const set = (patch: Partial<Record<keyof RunConfig, unknown>>) => onCommit({ ...config, ...patch });
  const [reinitHead, setReinitHead] = useState(true);
  const [blend, setBlend] = useState(0);
  const [sourceEpochs, setSourceEpochs] = useState(3);
  const sourceDigits = otherHalf(config.classes);
  const training = run?.first?.role === 'source' ? run.first : null;
  const choices = sourceChoices(runs, run);
  const layers = config.hidden.length + 1;
  // a change of Re-initialise head or Transfer blend restarts from the same source with the new start
  const restart = (id: string, head: boolean, alpha: number) => {
    if (id === '' || id === 'current') return;
    send({ type: 'transfer', id, reinitHead: head, blend: alpha > 0 ? alpha : null });
  };
  return (
    <fieldset>
      <legend>Transfer</legend>
      <SelectField
        id="f-classes"
        label="Digits"
        value={config.classes}
        options={config.dataset === 'mnist' ? DIGIT_OPTIONS : DIGIT_OPTIONS.map((o) => ({ ...o, disabled: o.value !== 'all' }))}
        help={config.dataset === 'mnist' ? 'The task: train and test on these digits only (the model keeps ten outputs). Train on 0–4, then learn 5–9 starting from that run.' : 'MNIST only. Between toy datasets of the same shape, Start from works as well.'}
        onChange={(classes) => set({ classes })}
      />
      <SelectField
        id="f-source"
        label="Start from"
        value={choices.value}
        options={choices.options}
        help="A saved run with the same layers: the current settings start from its weights at step 0. Runs are saved as they train (Runs area)."
        onChange={(id) => (id === '' ? send({ type: 'transfer', id: null, reinitHead, blend: null }) : restart(id, reinitHead, blend))}
      />
      {config.dataset === 'mnist' && (
        <>
          <EpochsField id="f-source-epochs" label="Source epochs" value={sourceEpochs} help={`How long the source trains on all its digits ${sourceDigits.replace('-', '–')} before your settings start from it.`} onChange={setSourceEpochs} />
          <button type="button" disabled={!run || run.first !== undefined} onClick={() => send({ type: 'train-source', classes: sourceDigits, epochs: sourceEpochs, reinitHead, blend: blend > 0 ? blend : null })}>
            Train on digits {sourceDigits.replace('-', '–')} first
          </button>
          <p className="help" role="status">
            {training && run ? `Training the source on digits ${run.config.classes.replace('-', '–')}: step ${Math.min(step, training.steps)} of ${training.steps}. It is then saved as a run and your settings start from it.` : ''}
          </p>
        </>
      )}
      <CheckboxField
        id="f-reinitHead"
        label="Re-initialise head"
        checked={reinitHead}
        help="The output layer starts from fresh weights: the new task’s classes owe nothing to the old one’s."
        onChange={(v) => {
          setReinitHead(v);
          restart(choices.value, v, blend);
        }}
      />
      <RangeField
        id="f-blend"
        label="Transfer blend"
        value={blend}
        min={0}
        max={1}
        step={0.05}
        format={(v) => (v > 0 ? `α = ${v.toFixed(2)}` : 'off: copy')}
        help="Off: the source’s weights are copied. α > 0: θ = θ_target + α·θ_source, the fresh weights plus α times the source’s (REFERENCE.md “Transfer learning”)."
        onCommit={(v) => {
          setBlend(v);
          restart(choices.value, reinitHead, v);
        }}
      />
      <RangeField
        id="f-frozenLayers"
        label="Frozen layers"
        value={Math.min(config.frozenLayers, layers - 1)}
        min={0}
        max={Math.min(MAX_HIDDEN_LAYERS, layers - 1)}
        step={1}
        format={(v) => (v === 0 ? 'none' : `first ${v}`)}
        help="The first k layers get no update (their optimizer state untouched) and the backward pass stops at the lowest layer that trains; the head always trains. Applies live; hatched in the Network diagram."
        onCommit={(frozenLayers) => set({ frozenLayers })}
      />
      <ConfigNumberField field="transferLr" config={config} help="The layers below the head train at the learning rate × this factor (1: the same rate). Applies live." onCommit={(field, raw) => set({ [field]: Number(raw) })} />
    </fieldset>
  );
});
