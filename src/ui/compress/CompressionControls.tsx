/**
 * The "Compression" section: pruning (which weights or neurons, how fast, lottery-ticket rewind) and
 * quantization (bits, scheme, granularity, post-training or quantization-aware, and bits per layer).
 * Every setting applies live, without a rebuild (engine/config.ts LIVE_FIELDS).
 */
import { memo } from 'react';
import {
  GRANULARITIES,
  LAYER_BITS_FLOAT,
  PRUNE_METHODS,
  PRUNE_SCHEDULES,
  QUANT_MODES,
  QUANT_SCHEMES,
  type Granularity,
  type PruneMethod,
  type PruneScheduleName,
  type QuantMode,
  type RunConfig,
} from '../../engine/config';
import type { QuantScheme } from '../../engine/ops/quantize';
import { CheckboxField } from '../common/CheckboxField';
import { ConfigNumberField } from '../common/ConfigNumberField';
import { fieldLabel, type NumericKey } from '../common/configFields';
import type { Candidate } from '../common/configFields';
import { RangeField, SelectField, type SelectOption } from '../common/fields';

const METHOD_LABELS: Record<PruneMethod, string> = {
  magnitude: 'Magnitude per layer',
  'global-magnitude': 'Global magnitude',
  'neuron-l2': 'Neurons by L2 norm',
  'neuron-activity': 'Neurons by activity',
};
const METHOD_HELP: Record<PruneMethod, string> = {
  magnitude: 'Zeroes the smallest |w| in each layer, the same share in every layer.',
  'global-magnitude': 'Zeroes the smallest |w| over all layers at once: layers with many small weights lose more.',
  'neuron-l2': 'Removes whole hidden neurons with the smallest L2 norm of incoming weights: the layers get narrower.',
  'neuron-activity': 'Removes whole hidden neurons with the smallest mean |activation| on a batch: the layers get narrower.',
};
const SCHEDULE_LABELS: Record<PruneScheduleName, string> = { 'one-shot': 'One-shot', gradual: 'Gradual (cubic)' };
const SCHEME_LABELS: Record<QuantScheme, string> = { symmetric: 'Symmetric', affine: 'Affine' };
const GRANULARITY_LABELS: Record<Granularity, string> = { 'per-tensor': 'Per tensor', 'per-channel': 'Per channel' };
const MODE_LABELS: Record<QuantMode, string> = { 'post-training': 'Post-training', aware: 'Quantization-aware' };

const options = <T extends string>(values: readonly T[], labels: Record<T, string>): SelectOption<T>[] =>
  values.map((value) => ({ value, label: labels[value] }));
const METHOD_OPTIONS = options(PRUNE_METHODS, METHOD_LABELS);
const SCHEDULE_OPTIONS = options(PRUNE_SCHEDULES, SCHEDULE_LABELS);
const SCHEME_OPTIONS = options(QUANT_SCHEMES, SCHEME_LABELS);
const GRANULARITY_OPTIONS = options(GRANULARITIES, GRANULARITY_LABELS);
const MODE_OPTIONS = options(QUANT_MODES, MODE_LABELS);
/** "Layer N bits": 0 = the Bits setting, 1..8, 32 = float32. */
const LAYER_BITS_OPTIONS: SelectOption<string>[] = [
  { value: '0', label: 'Same as Bits' },
  ...Array.from({ length: 8 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })),
  { value: String(LAYER_BITS_FLOAT), label: 'float32' },
];
const GRADUAL_FIELDS: NumericKey[] = ['pruneStart', 'pruneSteps', 'pruneEvery'];

interface Props {
  config: RunConfig;
  onCommit(candidate: Candidate): void;
}

/** Memoised: it re-renders when the config changes, not with the page's updates while training. */
export const CompressionControls = memo(function CompressionControls({ config, onCommit }: Props) {
  const set = (patch: Partial<Record<keyof RunConfig, unknown>>) => onCommit({ ...config, ...patch });
  const layers = config.hidden.length + 1;
  const gradual = config.pruneSchedule === 'gradual';
  const setLayerBits = (layer: number, bits: number) => {
    const layerBits = Array.from({ length: layers }, (_, l) => config.layerBits[l] ?? 0);
    layerBits[layer] = bits;
    // All "Same as Bits" is the empty list, so links stay short.
    set({ layerBits: layerBits.every((b) => b === 0) ? [] : layerBits });
  };

  return (
    <fieldset className="compression-controls">
      <legend>Compression</legend>
      <p className="help">Pruning and quantization apply live to the model that is training; the Model size panel shows what they save.</p>

      <CheckboxField
        id="f-prune"
        label={fieldLabel('prune')}
        checked={config.prune}
        help="Zero weights (or remove neurons) and keep them at zero with a fixed mask. Off: no mask, pruned weights may regrow."
        onChange={(prune) => set({ prune })}
      />
      <RangeField
        id="f-sparsity"
        label={fieldLabel('sparsity')}
        value={Math.round(config.sparsity * 100)}
        min={0}
        max={99}
        step={1}
        format={(v) => `${v}%`}
        help="Target share of weights (for neuron methods: of hidden neurons) removed."
        onCommit={(pct) => set({ sparsity: pct / 100 })}
      />
      <SelectField
        id="f-pruneMethod"
        label={fieldLabel('pruneMethod')}
        value={config.pruneMethod}
        options={METHOD_OPTIONS}
        help={`${METHOD_HELP[config.pruneMethod]} Ties go to the lower index.`}
        onChange={(pruneMethod) => set({ pruneMethod })}
      />
      <SelectField
        id="f-pruneSchedule"
        label={fieldLabel('pruneSchedule')}
        value={config.pruneSchedule}
        options={SCHEDULE_OPTIONS}
        help={
          gradual
            ? 'Zhu & Gupta (2017): sparsity sₜ = s·(1 − (1 − (t − t₀)/(n·Δt))³), raised every Δt steps from t₀ until t₀ + n·Δt; training in between lets the rest adapt.'
            : 'The whole target sparsity at once, at the next step.'
        }
        onChange={(pruneSchedule) => set({ pruneSchedule })}
      />
      {gradual &&
        GRADUAL_FIELDS.map((field) => (
          <ConfigNumberField key={field} field={field} config={config} onCommit={(f, raw) => set({ [f]: Number(raw) })} />
        ))}
      <CheckboxField
        id="f-rewind"
        label={fieldLabel('rewind')}
        checked={config.rewind}
        help="Lottery ticket (Frankle & Carbin 2019): once the target sparsity is reached, the surviving weights go back to their initial values and train again under the mask."
        onChange={(rewind) => set({ rewind })}
      />

      <CheckboxField
        id="f-quantize"
        label={fieldLabel('quantize')}
        checked={config.quantize}
        help="Fake-quantize the weights (biases stay float32): q = clamp(round(w/scale) + zero point), rounding half to even, then back to floats."
        onChange={(quantize) => set({ quantize })}
      />
      <RangeField
        id="f-bits"
        label={fieldLabel('bits')}
        value={config.bits}
        min={1}
        max={8}
        step={1}
        format={(v) => `${v} bit${v === 1 ? '' : 's'}`}
        help="Bits per weight for every layer set to “Same as Bits” below. 1 bit keeps only the sign: sign(w)·mean|w| per layer or channel."
        onCommit={(bits) => set({ bits })}
      />
      <SelectField
        id="f-quantScheme"
        label={fieldLabel('quantScheme')}
        value={config.quantScheme}
        options={SCHEME_OPTIONS}
        help="Symmetric: a grid centred on 0, scale = max|w| / (2^(b−1) − 1). Affine: the grid spans min..max (widened to include 0) with an integer zero point."
        onChange={(quantScheme) => set({ quantScheme })}
      />
      <SelectField
        id="f-granularity"
        label={fieldLabel('granularity')}
        value={config.granularity}
        options={GRANULARITY_OPTIONS}
        help="One scale for a whole layer, or one per output neuron (row): finer, at 4 bytes per scale."
        onChange={(granularity) => set({ granularity })}
      />
      <SelectField
        id="f-quantMode"
        label={fieldLabel('quantMode')}
        value={config.quantMode}
        options={MODE_OPTIONS}
        help={
          config.quantMode === 'aware'
            ? 'Training’s forward pass uses the quantized weights too; the gradient passes through the rounding unchanged (straight-through estimator), clipped outside the grid.'
            : 'Training keeps float weights; only evaluation (accuracy, size, pictures) sees them quantized.'
        }
        onChange={(quantMode) => set({ quantMode })}
      />
      <div className="layer-bits">
        {Array.from({ length: layers }, (_, l) => (
          <SelectField
            key={l}
            id={`f-layer-bits-${l + 1}`}
            label={`Layer ${l + 1} bits`}
            value={String(config.layerBits[l] ?? 0)}
            options={LAYER_BITS_OPTIONS}
            onChange={(v) => setLayerBits(l, Number(v))}
          />
        ))}
      </div>
      <p className="help">Mixed precision: each layer can keep the Bits setting, take its own width, or stay float32.</p>
    </fieldset>
  );
});
