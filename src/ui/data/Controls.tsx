/**
 * The run config's data and model controls (the Data & model area). Every commit hands the parent a candidate config
 * (plus any corrections found here); the parent validates it, shows corrections and tells the worker.
 */
import { memo, type ReactNode } from 'react';
import {
  ACTIVATIONS,
  DATASETS,
  LENET_PRESET,
  MAX_HIDDEN_LAYERS,
  MAX_NEURONS,
  type Activation,
  type Correction,
  type DatasetName,
  type RunConfig,
} from '../../engine/config';
import { DATASET_LABELS } from '../../engine/datasets';
import { MIN_SAMPLES, maxSamples, switchDataset } from './datasetSwitch';
import type { Candidate } from '../common/configFields';
import { NumberField, RangeField, SelectField, type SelectOption } from '../common/fields';


const ACTIVATION_LABELS: Record<Activation, string> = { relu: 'ReLU', tanh: 'Tanh', sigmoid: 'Sigmoid', linear: 'Linear' };

/** The datasets offered: the user's CSV only once the worker holds one. */
const datasetOptions = (csv: boolean): SelectOption<DatasetName>[] =>
  DATASETS.filter((d) => d !== 'csv' || csv).map((d) => ({ value: d, label: DATASET_LABELS[d] }));
const ACTIVATION_OPTIONS: SelectOption<Activation>[] = ACTIVATIONS.map((a) => ({ value: a, label: ACTIVATION_LABELS[a] }));
const NEW_LAYER_WIDTH = 8;
const MAX_SEED = 2147483647;


interface Props {
  config: RunConfig;
  onCommit(candidate: Candidate, corrections?: Correction[]): void;
  /** The worker holds an uploaded table ("Your CSV file" can be chosen). */
  csvHeld: boolean;
  /** Shown right after the Data fieldset (Upload CSV and its column picker). */
  afterData?: ReactNode;
}

/** Memoised: it re-renders when the config changes, not with the page's updates while training. */
export const DataModelControls = memo(function DataModelControls({ config, onCommit, csvHeld, afterData }: Props) {
  const set = (patch: Partial<Record<keyof RunConfig, unknown>>) => onCommit({ ...config, ...patch });
  const mnist = config.dataset === 'mnist';
  const csv = config.dataset === 'csv';
  // The loss, the sample count and (to or from MNIST) the network size and learning rate follow the dataset.
  const setDataset = (dataset: DatasetName) => set(switchDataset(config, dataset));

  const setLayerCount = (raw: string) => {
    const n = Math.round(Number(raw));
    const count = Math.min(MAX_HIDDEN_LAYERS, Math.max(0, n));
    const corrections: Correction[] =
      count === Number(raw)
        ? []
        : [{ field: 'hidden', message: `Hidden layers: ${raw} is outside 0–${MAX_HIDDEN_LAYERS} (whole numbers); using ${count}` }];
    const last = config.hidden[config.hidden.length - 1] ?? NEW_LAYER_WIDTH;
    const hidden = Array.from({ length: count }, (_, i) => config.hidden[i] ?? last);
    onCommit({ ...config, hidden }, corrections);
  };

  const setLayerWidth = (index: number, raw: string) => {
    const hidden: unknown[] = [...config.hidden];
    hidden[index] = Number(raw);
    set({ hidden });
  };

  const regenerate = () => {
    let seed = config.seed;
    while (seed === config.seed) seed = Math.floor(Math.random() * MAX_SEED);
    set({ seed });
  };

  return (
    <div className="controls">
      <fieldset>
        <legend>Data</legend>
        <SelectField
          id="f-dataset"
          label="Dataset"
          value={config.dataset}
          options={datasetOptions(csvHeld || csv)}
          help={
            mnist
              ? 'MNIST: 28×28 handwritten digits, ten classes (downloaded once, then cached). Choosing it sets a LeNet-sized network and a rate for the optimizer.'
              : csv
                ? 'Your CSV file: the table you uploaded (below), kept with the run in your browser, so a saved run reopens with it.'
                : 'Spiral, Circles, XOR and Gaussians sort points into two classes; Line and Sine fit a curve (regression); MNIST digits: ten classes of handwritten digits; or Upload CSV below.'
          }
          onChange={setDataset}
        />
        {!mnist && (
          <>
            {!csv && (
            <RangeField
              id="f-noise"
              label="Noise"
              value={config.noise}
              min={0}
              max={0.5}
              step={0.01}
              format={(v) => v.toFixed(2)}
              onCommit={(noise) => set({ noise })}
            />
            )}
            <RangeField
              id="f-train"
              label="Training data"
              value={Math.round(config.trainFraction * 100)}
              min={10}
              max={90}
              step={1}
              format={(v) => `${v}%`}
              help="Share of the examples used for training; the rest is the test set."
              onCommit={(pct) => set({ trainFraction: pct / 100 })}
            />
          </>
        )}
        {!csv && (
        <NumberField
          id="f-samples"
          label="Samples"
          value={config.samples}
          min={MIN_SAMPLES}
          max={maxSamples(config.dataset)}
          step={1}
          help={mnist ? 'Training digits used (the first n of 60,000); the test set is the first min(n, 10,000) test digits.' : undefined}
          onCommit={(raw) => set({ samples: Number(raw) })}
        />
        )}
        <NumberField
          id="f-seed"
          label="Seed"
          value={config.seed}
          min={0}
          max={MAX_SEED}
          step={1}
          help={csv ? 'The same seed gives the same split and starting weights.' : 'The same seed gives the same data, split and starting weights.'}
          onCommit={(raw) => set({ seed: Number(raw) })}
        />
        {!csv && (
          <button type="button" onClick={regenerate}>
            Regenerate data
          </button>
        )}
      </fieldset>

      {afterData}
      <fieldset>
        <legend>Model</legend>
        <NumberField
          id="f-layers"
          label="Hidden layers"
          value={config.hidden.length}
          min={0}
          max={MAX_HIDDEN_LAYERS}
          step={1}
          help={config.hidden.length === 0 ? 'No hidden layer: a linear model.' : undefined}
          onCommit={setLayerCount}
        />
        <div className="layer-widths">
          {config.hidden.map((width, i) => (
            <NumberField
              key={i}
              id={`f-layer-${i + 1}`}
              label={`Neurons in layer ${i + 1}`}
              value={width}
              min={1}
              max={MAX_NEURONS}
              step={1}
              onCommit={(raw) => setLayerWidth(i, raw)}
            />
          ))}
        </div>
        <SelectField
          id="f-activation"
          label="Activation"
          value={config.activation}
          options={ACTIVATION_OPTIONS}
          onChange={(activation) => set({ activation })}
        />
        <button type="button" onClick={() => set({ ...LENET_PRESET })}>
          LeNet-300-100 preset
        </button>
        <p className="help">784 → 300 → 100 → 10 ReLU on all 60,000 MNIST digits, Adam at 0.001, batch 128 (LeCun et al. 1998).</p>
      </fieldset>
    </div>
  );
});
