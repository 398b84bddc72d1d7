/**
 * The Augmented samples view of a snapshot (protocol.ts AugmentedView): the last augmented step's batch as
 * the network saw it (Snapshot.batch, engine/strategies/augment.ts). MNIST: its first digits as grey
 * levels; other data: its points, drawn as ghosts on the Output canvas.
 */
import type { AugmentedBatch } from '../engine/backend';
import type { AugmentedView } from './protocol';

/** 0 … 1 (noise may leave it) → 0 … 255 grey levels, clamped. */
function greyLevels(x: Float32Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, x[i])) * 255);
  return out;
}

export function augmentedView(b: AugmentedBatch): AugmentedView {
  const { settings: s, draws: d } = b;
  const image = s.image;
  return {
    step: s.step + 1,
    rows: b.rows,
    image: image ? { width: image.width, height: image.height, pixels: greyLevels(b.x) } : null,
    points: image ? null : b.x.slice(),
    targets: b.y.slice(),
    dx: Array.from(d.dx),
    dy: Array.from(d.dy),
    angle: Array.from(d.angle, (a) => Math.round(a * 10) / 10),
    lambda: Array.from(d.lambda, (l) => Math.round(l * 100) / 100),
    partner: Array.from(d.partner),
    settings: { shift: s.shift, rotation: s.rotation, noise: s.noise, mixup: s.mixup },
  };
}

/** The buffers of a view that can be moved to the UI instead of copied. */
export function augmentedTransfers(v: AugmentedView): ArrayBuffer[] {
  return [v.targets.buffer, ...(v.image ? [v.image.pixels.buffer] : []), ...(v.points ? [v.points.buffer] : [])];
}
