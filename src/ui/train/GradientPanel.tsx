/** The "Gradient health" panel: each layer's gradient norm over steps, with how to read it. */
import type { MetricPoint } from '../../worker/protocol';
import { GradientChart } from './GradientChart';

export function GradientPanel({ metrics, layers }: { metrics: MetricPoint[]; layers: number }) {
  return (
    <section className="panel panel-gradients">
      <h2>Gradient health</h2>
      <p className="help">
        L2 norm of each layer’s gradient (weights and biases) at the latest step, layer 1 nearest the input, on a log scale.
        Early layers far below the others: vanishing gradients (try a deep sigmoid net). Norms shooting up: exploding
        gradients, usually a learning rate that is too large.
      </p>
      <GradientChart metrics={metrics} layers={layers} />
    </section>
  );
}
