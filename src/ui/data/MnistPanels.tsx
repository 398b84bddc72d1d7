/**
 * The MNIST views: the confusion matrix takes the toy Output canvas's place beside the loss (the run
 * column); misclassified digits and the first-layer weights belong to the Data & model area.
 */
import type { ReactNode } from 'react';
import type { MnistView } from '../../worker/protocol';
import { ConfusionMatrix } from './ConfusionMatrix';
import { FirstLayerWeights } from './FirstLayerWeights';
import { MisclassifiedDigits } from './MisclassifiedDigits';
import { useLiveValue } from '../common/useThrottled';

/**
 * The two canvas views repaint at the charts' pace, each in its own turn of the redraw queue and only
 * on screen (useThrottled): painting 64 neurons' weights and 24 digits at once, with every snapshot,
 * is a long task on a slow machine. The confusion matrix (a small table) follows every snapshot.
 */
function Paced<T>({ value, children }: { value: T; children: (shown: T) => ReactNode }) {
  const [shown, screenRef] = useLiveValue(value);
  // both views are memoised on their data: they repaint only when `shown` lands
  return <div ref={screenRef}>{children(shown)}</div>;
}

const WAITING = <p className="chart-empty">Appears with the first evaluation of the test digits.</p>;

export function ConfusionPanel({ mnist }: { mnist: MnistView | null }) {
  return (
    <section className="panel panel-confusion">
      <h2>Confusion matrix</h2>
      {mnist ? <ConfusionMatrix confusion={mnist.confusion} /> : WAITING}
    </section>
  );
}

export function MnistPanels({ mnist }: { mnist: MnistView | null }) {
  return (
    <>
      <section className="panel panel-misclassified">
        <h2>Misclassified digits</h2>
        {mnist ? <Paced value={mnist.misclassified}>{(digits) => <MisclassifiedDigits digits={digits} />}</Paced> : WAITING}
      </section>
      <section className="panel panel-filters">
        <h2>First-layer weights</h2>
        {mnist ? <Paced value={mnist.firstLayer}>{(firstLayer) => <FirstLayerWeights firstLayer={firstLayer} />}</Paced> : WAITING}
      </section>
    </>
  );
}
