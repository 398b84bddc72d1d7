/**
 * "Decision boundaries": on 2-D data, a grid of small pictures, one per trial, of the model's most likely
 * class over the plane, each captioned with the trial and its objective ("Trial 3: 92.5%"). Drawn by the
 * playground's own Output picture (ui/data/drawOutput.ts), so the colours are the same: a thumbnail's
 * cells are turned back into the raw outputs that drawing reads (two classes: the logit of P(class 1);
 * more: a one-hot row per cell at the class index).
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ObjectiveName, Trial } from '../../engine/search/types';
import { CLASS_COLOURS, drawOutput } from '../../ui/data/drawOutput';
import type { DatasetView } from '../../worker/protocol';
import { formatObjective, trialValue } from './format';
import { context2d } from '../../ui/common/canvas2d';

export interface Thumb {
  id: number;
  /** Cells per side (the grid is size × size). */
  size: number;
  /** [size * size] row-major from the top: P(class 1) when classes ≤ 2, else the class index, per cell. */
  values: Float32Array;
  classes: number;
}

interface Props {
  thumbs: readonly Thumb[];
  /** For the captions' objective values and states (a thumbnail without its trial is captioned "Trial n"). */
  trials?: readonly Trial[];
  objective?: ObjectiveName;
  /** The study's 2-D data: its points are drawn over each picture (filled: training, hollow: test). */
  dataset?: DatasetView;
  /** Trials inside the parallel coordinates' brushes; the others are dimmed. */
  highlighted?: ReadonlySet<number> | null;
  /** The trial selected in the table, ringed. */
  selected?: number | null;
}

const SIDE = 120;
/** A one-hot cell's logit: softmax ≈ 1 for its class, so the picture shows the class at full strength. */
const SURE = 12;
const NO_POINTS = new Float32Array(0);

/** The raw outputs drawOutput reads for the thumbnail: [size * size, dim]. dim 1: a logit; 2: [0, logit]; more: one-hot. */
export function thumbOutput(t: Thumb, dim: number): Float32Array {
  const cells = t.size * t.size;
  const out = new Float32Array(cells * dim);
  for (let i = 0; i < cells; i++) {
    const v = t.values[i];
    if (dim <= 2) {
      const p = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0.5));
      const logit = Math.log(p / (1 - p)); // ±Infinity at 0 and 1: the sigmoid gives 0 and 1 back
      out[i * dim + dim - 1] = logit;
    } else {
      const c = Math.round(v);
      if (c >= 0 && c < dim) out[i * dim + c] = SURE;
    }
  }
  return out;
}

/** The Output picture's view of a thumbnail: the study's data (its points and bounds) or a blank unit square. */
export function thumbView(t: Thumb, dataset?: DatasetView): DatasetView {
  const outputDim = dataset?.outputDim ?? (t.classes <= 2 ? 2 : t.classes);
  if (dataset) return { ...dataset, gridSize: t.size, outputDim };
  return {
    task: 'classification',
    inputDim: 2,
    outputDim,
    trainX: NO_POINTS,
    trainY: NO_POINTS,
    testX: NO_POINTS,
    testY: NO_POINTS,
    bounds: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
    gridSize: t.size,
  };
}

/** "Trial 3: 92.5%", "Trial 4: 61.0% (pruned)", or "Trial 5" with no value yet. */
export function thumbLabel(id: number, trial: Trial | undefined, objective?: ObjectiveName): string {
  const v = trial ? trialValue(trial) : null;
  if (v === null) return `Trial ${id}`;
  return `Trial ${id}: ${formatObjective(v, objective)}${trial?.state === 'pruned' ? ' (pruned)' : ''}`;
}

export const BoundaryThumbnails = memo(function BoundaryThumbnails({ thumbs, trials, objective, dataset, highlighted = null, selected = null }: Props) {
  const id = useId();
  const byId = useMemo(() => new Map((trials ?? []).map((t) => [t.id, t])), [trials]);
  const sorted = useMemo(() => [...thumbs].sort((a, b) => a.id - b.id), [thumbs]);
  const classes = Math.max(2, ...thumbs.map((t) => t.classes));
  return (
    <section className="panel sweep-boundaries" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Decision boundaries</h2>
      <p className="help">
        Each finished trial’s most likely class over the plane, coloured as in the playground’s Output picture (paler where less sure
        {dataset ? '; filled points train, hollow ones test' : ''}).
      </p>
      {sorted.length === 0 ? (
        <p className="chart-empty">No pictures yet: on 2-D data each finished trial draws its decision boundary here.</p>
      ) : (
        <>
          <p className="legend" aria-hidden="true">
            {Array.from({ length: Math.min(classes, CLASS_COLOURS.length) }, (_, c) => (
              <span key={c}>
                <span className="swatch" style={{ background: CLASS_COLOURS[c] }} /> class {c}{' '}
              </span>
            ))}
          </p>
          <div className="sweep-thumbs">
            {sorted.map((t) => (
              <Thumbnail
                key={t.id}
                thumb={t}
                dataset={dataset}
                label={thumbLabel(t.id, byId.get(t.id), objective)}
                dimmed={highlighted !== null && !highlighted.has(t.id)}
                selected={selected === t.id}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
});

interface ThumbProps {
  thumb: Thumb;
  dataset?: DatasetView;
  label: string;
  dimmed: boolean;
  selected: boolean;
}

const Thumbnail = memo(function Thumbnail({ thumb, dataset, label, dimmed, selected }: ThumbProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [size] = useState(() => Math.round(SIDE * Math.min(2, Math.max(1, (typeof window === 'undefined' ? 1 : window.devicePixelRatio) || 1))));
  useEffect(() => {
    const ctx = context2d(ref.current);
    if (!ctx) return;
    const view = thumbView(thumb, dataset);
    drawOutput(ctx, size, view, thumbOutput(thumb, view.outputDim));
  }, [thumb, dataset, size]);
  const cls = ['sweep-thumb', dimmed ? 'is-dimmed' : '', selected ? 'is-selected' : ''].filter(Boolean).join(' ');
  return (
    <figure className={cls}>
      <canvas ref={ref} width={size} height={size} style={{ width: SIDE, height: SIDE }} role="img" aria-label={`Trial ${thumb.id}’s decision boundary`} />
      <figcaption>{label}</figcaption>
    </figure>
  );
});
