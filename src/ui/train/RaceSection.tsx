/** The "Race" panel: what a race is, its lanes, and (once racing) the lanes' loss chart and table. */
import type { Correction, RunConfig } from '../../engine/config';
import type { Candidate } from '../common/configFields';
import { RaceChart } from './RaceChart';
import { RaceControls } from './RaceControls';
import type { TrainerView } from '../workspace/useTrainer';

interface Props {
  config: RunConfig;
  view: TrainerView;
  onCommit(candidate: Candidate, corrections?: Correction[]): void;
}

export function RaceSection({ config, view, onCommit }: Props) {
  const run = view.run;
  const racing = config.race.length > 0 && run !== null && run.lanes.length > 1;
  return (
    <section className="panel panel-race">
      <h2>Race</h2>
      <p className="help race-intro">
        Train the same network from the same starting weights on the same batches with other optimizers, side by side. Each
        extra lane uses its optimizer’s reference defaults except the learning rate; data, model, regularization and schedule
        are shared with lane 1.
      </p>
      <RaceControls config={config} onCommit={onCommit} />
      {racing && <RaceChart lanes={view.lanes} labels={run.lanes} halts={view.halts} classification={run.dataset.task === 'classification'} />}
    </section>
  );
}
