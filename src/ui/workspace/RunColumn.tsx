/**
 * The run column, in view in every area: the model's output (decision boundary or fitted curve; for
 * MNIST the confusion matrix) and the loss and accuracy charts.
 */
import { ConfusionPanel } from '../data/MnistPanels';
import { OutputCanvas } from '../data/OutputCanvas';
import { LossChart } from '../train/LossChart';
import type { TrainerView } from './trainerView';

interface Props {
  view: TrainerView;
  mnist: boolean;
  classification: boolean;
  regularized: boolean;
}

export function RunColumn({ view, mnist, classification, regularized }: Props) {
  return (
    <aside className="run-column" aria-label="Output and loss">
      {mnist ? (
        <ConfusionPanel mnist={view.snapshot?.mnist ?? null} />
      ) : (
        <section className="panel panel-output">
          <h2>Output</h2>
          <OutputCanvas run={view.run} snapshot={view.snapshot} />
        </section>
      )}
      <section className="panel panel-loss">
        <h2>Loss</h2>
        <LossChart metrics={view.metrics} classification={classification} regularized={regularized} />
      </section>
    </aside>
  );
}
