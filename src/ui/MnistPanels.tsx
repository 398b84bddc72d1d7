/** The MNIST views, in place of the toy Output canvas: confusion matrix, misclassified digits, first-layer weights. */
import type { MnistView } from '../worker/protocol';
import { ConfusionMatrix } from './ConfusionMatrix';
import { FirstLayerWeights } from './FirstLayerWeights';
import { MisclassifiedDigits } from './MisclassifiedDigits';

const WAITING = <p className="chart-empty">Appears with the first evaluation of the test digits.</p>;

export function MnistPanels({ mnist }: { mnist: MnistView | null }) {
  return (
    <>
      <section className="panel panel-confusion">
        <h2>Confusion matrix</h2>
        {mnist ? <ConfusionMatrix confusion={mnist.confusion} /> : WAITING}
      </section>
      <section className="panel panel-misclassified">
        <h2>Misclassified digits</h2>
        {mnist ? <MisclassifiedDigits digits={mnist.misclassified} /> : WAITING}
      </section>
      <section className="panel panel-filters">
        <h2>First-layer weights</h2>
        {mnist ? <FirstLayerWeights firstLayer={mnist.firstLayer} /> : WAITING}
      </section>
    </>
  );
}
