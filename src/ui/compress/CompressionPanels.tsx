/** The compression views: model size, sparsity per layer and the session's accuracy-vs-size scatter. */
import { AccuracySizeChart } from './AccuracySizeChart';
import { ModelSizePanel } from './ModelSizePanel';
import { pointKey } from './pareto';
import { SparsityPanel } from './SparsityPanel';
import type { TrainerView } from '../workspace/useTrainer';

export function CompressionPanels({ view }: { view: TrainerView }) {
  const compression = view.snapshot?.compression ?? null;
  return (
    <>
      <section className="panel panel-size">
        <h2>Model size</h2>
        <ModelSizePanel compression={compression} builtWidths={view.run?.widths ?? null} />
      </section>
      <section className="panel panel-sparsity">
        <h2>Sparsity per layer</h2>
        <SparsityPanel compression={compression} />
      </section>
      <AccuracySizePanel view={view} />
    </>
  );
}

/** "Accuracy vs size": every configuration of this session (a teacher and its student among them), the current one marked. */
export function AccuracySizePanel({ view }: { view: TrainerView }) {
  const compression = view.snapshot?.compression ?? null;
  const current = compression && view.run ? pointKey(view.run.config.dataset, compression.widths, (view.run.teacher ? 'distilled · ' : '') + compression.label) : null;
  return (
    <section className="panel panel-pareto">
      <h2>Accuracy vs size</h2>
      <AccuracySizeChart points={view.sizePoints} current={current} />
    </section>
  );
}
