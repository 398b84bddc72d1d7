/**
 * The "Optimizer" section: the optimizer and only the hyperparameters it uses (REFERENCE.md, PyTorch
 * conventions). Picking an optimizer applies its reference defaults, learning rate included, in the
 * same commit. Everything here applies live; switching optimizer (or RMSprop's centering) zeroes its state.
 */
import { memo, type ReactNode } from 'react';
import type { OptimizerName, RunConfig } from '../../engine/config';
import { OPTIMIZER_DEFAULTS } from '../../engine/optimizers';
import { CheckboxField } from '../common/CheckboxField';
import { ConfigNumberField } from '../common/ConfigNumberField';
import { fieldLabel, type BoolKey, type NumericKey } from '../common/configFields';
import type { Candidate } from '../common/configFields';
import { SelectField } from '../common/fields';
import { OPTIMIZER_OPTIONS, defaultRatesText } from '../common/labels';

type Param = NumericKey | BoolKey;

/** The hyperparameters each optimizer reads, in the order they are shown. */
const PARAMS: Record<OptimizerName, Param[]> = {
  sgd: [],
  momentum: ['momentum', 'nesterov', 'dampening'],
  rmsprop: ['beta2', 'epsilon', 'centered'],
  adagrad: ['epsilon'],
  adam: ['beta1', 'beta2', 'epsilon'],
  adamw: ['beta1', 'beta2', 'epsilon', 'weightDecay'],
};

const BOOL_PARAMS: ReadonlySet<Param> = new Set<Param>(['nesterov', 'centered']);

const RULES: Record<OptimizerName, string> = {
  sgd: 'Plain SGD: θ −= lr·g.',
  momentum: 'SGD with momentum: b = μ·b + (1 − τ)·g (b = g on the first step), then θ −= lr·b.',
  rmsprop: 'RMSprop: v = α·v + (1 − α)·g², θ −= lr·g / (√v + ε).',
  adagrad: 'Adagrad: s += g², θ −= lr·g / (√s + ε); the step shrinks as squared gradients pile up.',
  adam:
    'Adam: m = β₁·m + (1 − β₁)·g, v = β₂·v + (1 − β₂)·g². Bias correction m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) ' +
    'undoes the zero start of m and v; then θ −= lr·m̂ / (√v̂ + ε).',
  adamw:
    'AdamW: Adam (with its bias correction) plus decoupled weight decay: θ −= lr·λ·θ first, then the Adam step. ' +
    'The decay never enters the gradient, so m and v do not rescale it (unlike L2 regularization).',
};

const EPS_HELP = 'ε is added outside the square root (PyTorch convention; Keras and tfjs put it inside).';

function paramHelp(param: Param, optimizer: OptimizerName): ReactNode {
  switch (param) {
    case 'momentum':
      return 'μ: how much of the previous step carries over.';
    case 'nesterov':
      return 'Look ahead: step along g + μ·b instead of b.';
    case 'dampening':
      return 'τ: new gradients enter the momentum scaled by 1 − τ.';
    case 'beta1':
      return 'β₁: decay of the running mean of gradients, m.';
    case 'beta2':
      return optimizer === 'rmsprop'
        ? 'For RMSprop this is the smoothing constant α (PyTorch’s alpha) of the squared-gradient average v.'
        : 'β₂: decay of the running mean of squared gradients, v.';
    case 'epsilon':
      return optimizer === 'adam' || optimizer === 'adamw' ? `${EPS_HELP} Added after bias correction.` : EPS_HELP;
    case 'centered':
      return 'Divide by √(v − ḡ²), an estimate of the gradient’s variance, instead of √v. Switching it zeroes the optimizer state.';
    case 'weightDecay':
      return 'λ, decoupled: θ −= lr·λ·θ every step, apart from the gradient.';
    default:
      return undefined;
  }
}

interface Props {
  config: RunConfig;
  onCommit(candidate: Candidate): void;
}

/** Memoised: it re-renders when the config changes, not with the page's updates while training. */
export const OptimizerControls = memo(function OptimizerControls({ config, onCommit }: Props) {
  const set = (patch: Partial<Record<keyof RunConfig, unknown>>) => onCommit({ ...config, ...patch });
  const optimizer = config.optimizer;
  const setNumber = (field: NumericKey, raw: string) => set({ [field]: Number(raw) });

  return (
    <fieldset>
      <legend>Optimizer</legend>
      <SelectField
        id="f-optimizer"
        label="Optimizer"
        value={optimizer}
        options={OPTIMIZER_OPTIONS}
        help={`Choosing one also sets its reference (PyTorch) defaults, learning rate included: ${defaultRatesText()}. Applies live; a new optimizer starts from zeroed state.`}
        onChange={(next) => set({ optimizer: next, ...OPTIMIZER_DEFAULTS[next] })}
      />
      <p className="help rule">{RULES[optimizer]}</p>
      {PARAMS[optimizer].map((param) =>
        BOOL_PARAMS.has(param) ? (
          <CheckboxField
            key={param}
            id={`f-${param}`}
            label={fieldLabel(param)}
            checked={config[param as BoolKey]}
            help={paramHelp(param, optimizer)}
            onChange={(on) => set({ [param]: on })}
          />
        ) : (
          <ConfigNumberField key={param} field={param as NumericKey} config={config} help={paramHelp(param, optimizer)} onCommit={setNumber} />
        ),
      )}
    </fieldset>
  );
});
