/** The "Weights" panel: a histogram of each layer's weights, with the share in the bin at 0. */
import type { TrainerView } from '../workspace/trainerView';
import { WeightHistograms } from './WeightHistograms';

export function WeightsPanel({ view }: { view: TrainerView }) {
  return (
    <section className="panel panel-weights">
      <h2>Weights</h2>
      <WeightHistograms histograms={view.snapshot?.histograms ?? null} />
    </section>
  );
}
