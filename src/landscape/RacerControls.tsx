/** The racers: 2–4 optimizers, each with its own colour, "Optimizer N" and "Learning rate N". */
import { memo } from 'react';
import { OPTIMIZERS } from '../engine/optimizers';
import { LR_MAX, LR_MIN, MAX_RACERS, MIN_RACERS, OPTIMIZER_LABELS, type LandscapeState, type Racer } from '../engine/landscapeState';
import { NumberField, SelectField } from '../ui/common/fields';
import { RACER_COLOURS } from './drawLandscape';

const OPTIONS = OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] }));
/** The optimizer a new racer gets: the first not in the race yet. */
const ADD_ORDER = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'adamw'] as const;

interface Props {
  state: LandscapeState;
  /** A candidate list of racers; raw text from a number field is validated by the caller. */
  onRacers(racers: Array<{ optimizer: Racer['optimizer']; learningRate: number | string }>): void;
}

export const RacerControls = memo(function RacerControls({ state, onRacers }: Props) {
  const racers = state.racers;
  const replace = (i: number, patch: Partial<{ optimizer: Racer['optimizer']; learningRate: number | string }>) =>
    onRacers(racers.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const add = () => {
    const optimizer = ADD_ORDER.find((o) => !racers.some((r) => r.optimizer === o)) ?? 'sgd';
    onRacers([...racers, { optimizer, learningRate: racers[0]?.learningRate ?? 0.01 }]);
  };

  return (
    <fieldset>
      <legend>Racers</legend>
      {racers.map((r, i) => (
        <div className="racer" key={i} style={{ borderLeftColor: RACER_COLOURS[i] }}>
          <SelectField id={`racer-${i}-optimizer`} label={`Optimizer ${i + 1}`} value={r.optimizer} options={OPTIONS} onChange={(optimizer) => replace(i, { optimizer })} />
          <NumberField
            id={`racer-${i}-lr`}
            label={`Learning rate ${i + 1}`}
            value={r.learningRate}
            min={LR_MIN}
            max={LR_MAX}
            step="any"
            onCommit={(raw) => replace(i, { learningRate: raw })}
          />
          {racers.length > MIN_RACERS && (
            <button type="button" className="button-quiet" onClick={() => onRacers(racers.filter((_, k) => k !== i))}>
              Remove optimizer {i + 1}
            </button>
          )}
        </div>
      ))}
      <button type="button" onClick={add} disabled={racers.length >= MAX_RACERS}>
        Add optimizer
      </button>
      <p className="help">
        Compare optimizers at one learning rate: that is the point of the race. Changing any of these restarts it.
      </p>
    </fieldset>
  );
});
