/**
 * The model's output on a canvas: decision boundary (2-D classes), prediction map (2-D, a number to
 * predict) or fitted curve (1-D regression), with an augmented batch's points as faint ghosts. Data it cannot draw (a table of three or more features) gets
 * a sentence instead.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { CLASS_COLOURS, drawOutput } from './drawOutput';
import { ghostSummary } from './augmentSummary';
import type { OutputSnapshot, RunInfo } from '../workspace/useTrainer';
import { context2d } from '../common/canvas2d';

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
  const plane = dataset?.inputDim === 2;
  const classNames = dataset?.csv?.classNames ?? [];
  // augmentation: the last batch's points as the network saw them (jitter, mixup), drawn as ghosts
  const augmented = snapshot?.augmented?.points ? snapshot.augmented : null;
  const ghosts = useMemo(() => (augmented?.points ? { x: augmented.points, y: augmented.targets } : null), [augmented]);

  useEffect(() => {
    const ctx = context2d(canvasRef.current);
    if (!ctx) return;
    if (dataset) drawOutput(ctx, size, dataset, output, ghosts);
    else ctx.clearRect(0, 0, size, size);
  }, [dataset, output, size, ghosts]);

  if (dataset && dataset.gridSize === 0) {
    const csv = dataset.csv;
    return (
      <div className="output">
        <p className="output-none">
          {csv ? `Your data has ${csv.preview.featureNames.length} features` : `This data has ${dataset.inputDim} inputs`}: the Output picture
          draws data with two features, or one feature and a number to predict. Follow the loss{regression ? '' : ' and accuracy'} below and
          the panels of Data &amp; model.
        </p>
      </div>
    );
  }

  return (
    <div className="output">
      <canvas
        ref={canvasRef}
        className="output-canvas"
        width={size}
        height={size}
        role="img"
        aria-label={regression ? (plane ? 'Prediction map' : 'Fitted curve') : 'Decision boundary'}
        aria-describedby="output-legend"
      />
      <p className="legend" id="output-legend">
        {regression && plane ? (
          <>
            Background: the model’s prediction, blue low to orange high over the targets’ range; points coloured by their target
            (filled: training, hollow: test).
          </>
        ) : classNames.length > 0 ? (
          <>
            {classNames.map((name, c) => (
              <span key={c}>
                <span className="swatch" style={{ background: CLASS_COLOURS[c] }} aria-hidden="true" /> {name},{' '}
              </span>
            ))}
            filled: training, hollow: test; background: the model’s most likely class, paler where it is less sure.
          </>
        ) : regression ? (
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
        {augmented && ` ${ghostSummary(augmented)}`}
      </p>
    </div>
  );
}
