/**
 * "Augmented samples": the first digits of the last augmented batch as the network sees them (shifted,
 * turned, noisy, mixed), drawn small in one strip with each digit's label (both classes under mixup) and
 * its shift and turn under it, and a text summary of what each went through (REFERENCE.md "Strategies").
 * MNIST only; other data shows its augmented points as ghosts on the Output canvas.
 */
import { memo, useEffect, useRef } from 'react';
import type { AugmentedView } from '../../worker/protocol';
import { digitRgba } from '../common/digitPixels';
import { augmentedSummary, sampleCaption } from './augmentSummary';
import { context2d } from '../common/canvas2d';

const PER_ROW = 8;
/** Canvas pixels: a digit drawn at 2×, the gap between digits, the two caption lines under each. */
const CELL = 56;
const GAP = 4;
const CAPTION = 26;

function Strip({ view }: { view: AugmentedView }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const cols = Math.min(PER_ROW, view.rows);
  const lines = Math.ceil(view.rows / PER_ROW);
  const width = cols * (CELL + GAP) - GAP, height = lines * (CELL + CAPTION);
  useEffect(() => {
    const ctx = context2d(ref.current);
    const img = view.image;
    if (!ctx || !img) return;
    ctx.clearRect(0, 0, width, height);
    const px = img.width * img.height;
    const one = new OffscreenCanvas(img.width, img.height);
    const oneCtx = context2d(one);
    if (!oneCtx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.textAlign = 'center';
    const ink = getComputedStyle(ref.current!).color;
    for (let r = 0; r < view.rows; r++) {
      const x = (r % PER_ROW) * (CELL + GAP), y = Math.floor(r / PER_ROW) * (CELL + CAPTION);
      oneCtx.putImageData(new ImageData(digitRgba(img.pixels.subarray(r * px, (r + 1) * px)), img.width, img.height), 0, 0);
      ctx.drawImage(one, x, y, CELL, CELL);
      ctx.strokeStyle = '#c5cbd3';
      ctx.strokeRect(x + 0.5, y + 0.5, CELL - 1, CELL - 1);
      const { label, moved } = sampleCaption(view, r);
      ctx.fillStyle = ink;
      ctx.font = '600 11px system-ui, sans-serif';
      ctx.fillText(label, x + CELL / 2, y + CELL + 11);
      ctx.font = '9px system-ui, sans-serif';
      if (moved) ctx.fillText(moved, x + CELL / 2, y + CELL + 22);
    }
  }, [view, width, height]);
  return (
    <figure className="augmented">
      <canvas ref={ref} width={width} height={height} className="augmented-strip" role="img" aria-label="Augmented samples" aria-describedby="augmented-summary" />
      <figcaption className="help" id="augmented-summary">
        {augmentedSummary(view)}
      </figcaption>
    </figure>
  );
}

export const AugmentedSamples = memo(function AugmentedSamples({ view }: { view: AugmentedView | null }) {
  return (
    <section className="panel panel-augmented">
      <h2>Augmented samples</h2>
      {view?.image ? (
        <Strip view={view} />
      ) : (
        <p className="chart-empty">Turn on Shift (pixels), Rotation (degrees), Pixel noise or Mixup, then train or step: the batch appears here as the network sees it.</p>
      )}
    </section>
  );
});
