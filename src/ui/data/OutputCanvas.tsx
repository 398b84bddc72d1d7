/** The model's output: decision boundary (2-D classes) or fitted curve (1-D regression) on a canvas. */
import { useEffect, useRef, useState } from 'react';
import { drawOutput } from './drawOutput';
import type { OutputSnapshot, RunInfo } from '../workspace/useTrainer';

const LOGICAL_SIZE = 400;

interface Props {
  run: RunInfo | null;
  snapshot: OutputSnapshot | null;
}

export function OutputCanvas({ run, snapshot }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size] = useState(() => Math.round(LOGICAL_SIZE * Math.min(2, Math.max(1, window.devicePixelRatio || 1))));
  const dataset = run?.dataset ?? null;
  const output = snapshot?.output ?? null;
  const regression = dataset?.task === 'regression';

  useEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx) return;
    if (dataset) drawOutput(ctx, size, dataset, output);
    else ctx.clearRect(0, 0, size, size);
  }, [dataset, output, size]);

  return (
    <div className="output">
      <canvas
        ref={canvasRef}
        className="output-canvas"
        width={size}
        height={size}
        role="img"
        aria-label={regression ? 'Fitted curve' : 'Decision boundary'}
        aria-describedby="output-legend"
      />
      <p className="legend" id="output-legend">
        {regression ? (
          <>
            <span className="swatch swatch-point" aria-hidden="true" /> training points,{' '}
            <span className="swatch swatch-hollow" aria-hidden="true" /> test points,{' '}
            <span className="swatch swatch-line" aria-hidden="true" /> the model’s fitted curve
          </>
        ) : (
          <>
            <span className="swatch swatch-class-0" aria-hidden="true" /> class 0,{' '}
            <span className="swatch swatch-class-1" aria-hidden="true" /> class 1; filled: training, hollow: test; background:
            the model’s probability of class 1.
          </>
        )}
        {snapshot ? ` Step ${snapshot.step}.` : ' Train or step to see the model’s output.'}
      </p>
    </div>
  );
}
