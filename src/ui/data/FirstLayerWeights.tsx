/**
 * "First-layer weights": each shown neuron's 784 incoming weights as a 28×28 picture (what it looks for
 * in a digit), blue negative, orange positive, white exactly zero (pruned).
 */
import { memo, useEffect, useRef } from 'react';
import type { MnistView } from '../../worker/protocol';
import { DIGIT_SIDE, colourLimit, writeDivergingColour } from '../common/digitPixels';
import { context2d } from '../common/canvas2d';

const GAP = 2;
const COLUMNS = 8;

export const FirstLayerWeights = memo(function FirstLayerWeights({ firstLayer }: { firstLayer: MnistView['firstLayer'] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const count = firstLayer.neurons.length;
  const cols = Math.min(COLUMNS, Math.max(1, count));
  const rows = Math.ceil(count / cols);
  const width = cols * (DIGIT_SIDE + GAP) - GAP;
  const height = Math.max(1, rows * (DIGIT_SIDE + GAP) - GAP);
  const area = DIGIT_SIDE * DIGIT_SIDE;
  let zeros = 0;
  for (let i = 0; i < count * area; i++) if (firstLayer.weights[i] === 0) zeros++;

  useEffect(() => {
    const ctx = context2d(ref.current);
    if (!ctx || count === 0) return;
    const limit = colourLimit(firstLayer.weights.subarray(0, count * area));
    const img = ctx.createImageData(width, height);
    img.data.fill(255);
    for (let n = 0; n < count; n++) {
      const x0 = (n % cols) * (DIGIT_SIDE + GAP);
      const y0 = Math.floor(n / cols) * (DIGIT_SIDE + GAP);
      for (let p = 0; p < area; p++) {
        const o = ((y0 + Math.floor(p / DIGIT_SIDE)) * width + x0 + (p % DIGIT_SIDE)) * 4;
        writeDivergingColour(img.data, o, firstLayer.weights[n * area + p], limit);
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [firstLayer, count, cols, width, height, area]);

  if (count === 0) return <p className="chart-empty">No first-layer neuron to show.</p>;
  return (
    <div className="first-layer">
      <canvas
        ref={ref}
        className="weight-grid"
        width={width}
        height={height}
        style={{ aspectRatio: `${width} / ${height}` }}
        role="img"
        aria-label={`First-layer weights of ${count} neurons as 28×28 pictures; ${((zeros / (count * area)) * 100).toFixed(1)}% of them zero`}
      />
      <p className="legend">
        <span className="swatch swatch-negative" aria-hidden="true" /> negative, <span className="swatch swatch-zero" aria-hidden="true" /> zero (pruned),{' '}
        <span className="swatch swatch-class-1" aria-hidden="true" /> positive. Neurons {firstLayer.neurons[0] + 1}–{firstLayer.neurons[count - 1] + 1} of layer 1
        {count < 64 ? '' : ' (the first 64)'}; {((zeros / (count * area)) * 100).toFixed(1)}% of these weights are exactly zero.
      </p>
    </div>
  );
});
