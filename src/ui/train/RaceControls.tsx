/**
 * The race lanes: up to MAX_RACE_LANES other optimizers trained beside the main settings (lane 1), each
 * with its optimizer and learning rate. Every edit commits config.race, which rebuilds the run.
 */
import { MAX_RACE_LANES, OPTIMIZERS, type Correction, type OptimizerName, type RaceLane, type RunConfig } from '../../engine/config';
import type { Candidate } from '../common/configFields';
import { NumberField, SelectField } from '../common/fields';
import { OPTIMIZER_LABELS, OPTIMIZER_OPTIONS, defaultLearningRate } from '../common/labels';

/** The order new lanes are offered in; the first not yet in the race (main settings included) wins. */
const PREFERRED: readonly OptimizerName[] = ['adam', 'momentum', 'rmsprop'];

function nextLane(config: RunConfig): RaceLane {
  const used = new Set<OptimizerName>([config.optimizer, ...config.race.map((l) => l.optimizer)]);
  const optimizer = PREFERRED.find((o) => !used.has(o)) ?? OPTIMIZERS.find((o) => !used.has(o)) ?? 'adam';
  return { optimizer, learningRate: defaultLearningRate(optimizer) };
}

interface Props {
  config: RunConfig;
  onCommit(candidate: Candidate, corrections?: Correction[]): void;
}

export function RaceControls({ config, onCommit }: Props) {
  const setRace = (race: unknown[]) => onCommit({ ...config, race });
  const replace = (index: number, lane: Record<string, unknown>) => setRace(config.race.map((l, i) => (i === index ? lane : l)));
  const full = config.race.length >= MAX_RACE_LANES;
  // A rate that is not a number keeps the lane as it was (the config table would drop the whole lane).
  const setRate = (index: number, raw: string) => {
    const lane = config.race[index];
    const rate = Number(raw);
    if (Number.isFinite(rate)) replace(index, { optimizer: lane.optimizer, learningRate: rate });
    else onCommit({ ...config }, [{ field: 'race', message: `Lane ${index + 2} learning rate: “${raw}” is not a number; keeping ${lane.learningRate}` }]);
  };

  return (
    <div className="race-controls">
      <p className="race-main">
        <strong>Lane 1</strong>: the main settings ({OPTIMIZER_LABELS[config.optimizer]} · lr {config.learningRate})
      </p>
      {config.race.map((lane, i) => {
        const n = i + 2;
        return (
          <div className="race-lane" key={i}>
            <SelectField
              id={`race-${n}-optimizer`}
              label={`Lane ${n} optimizer`}
              value={lane.optimizer}
              options={OPTIMIZER_OPTIONS}
              onChange={(optimizer) => replace(i, { optimizer, learningRate: defaultLearningRate(optimizer) })}
            />
            <NumberField
              id={`race-${n}-lr`}
              label={`Lane ${n} learning rate`}
              value={lane.learningRate}
              min={0.00001}
              max={10}
              step="any"
              onCommit={(raw) => setRate(i, raw)}
            />
            <button type="button" onClick={() => setRace(config.race.filter((_, j) => j !== i))}>
              Remove lane {n}
            </button>
          </div>
        );
      })}
      <div className="race-actions">
        <button type="button" disabled={full} onClick={() => setRace([...config.race, nextLane(config)])}>
          Add lane
        </button>
        <p className="help">
          {full
            ? `Up to ${MAX_RACE_LANES} extra lanes.`
            : 'A new lane starts with an optimizer not yet racing, at its default learning rate; picking another optimizer also sets its default rate.'}{' '}
          Adding, removing or editing a lane rebuilds the run from step 0.
        </p>
      </div>
    </div>
  );
}
