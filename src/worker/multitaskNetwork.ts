/**
 * The Network panel's view of a multi-task model: the output layer drawn as its heads (engine/strategies/
 * multitask.ts), stacked in the last column ("Output: Digit" above "Output: Parity"), each fed by its own
 * rows of the shared output matrix. Takes networkView()'s view and splits its output layer and the bundle
 * of edges into it by head; a one-head model's view comes back as it was.
 */
import type { ModelSpec } from '../engine/model';
import type { NetworkEdgeBundle, NetworkLayerView, NetworkView, NeuronPictures } from './protocol';

/** The picture rows at positions `keep` (per-neuron rows of pixels or curve values). */
function pictureRows(p: NeuronPictures | null, keep: number[]): NeuronPictures | null {
  if (!p) return null;
  if (p.kind === 'curve') {
    const values = new Float32Array(keep.length * p.points); // [n, points]
    keep.forEach((q, i) => values.set(p.values.subarray(q * p.points, (q + 1) * p.points), i * p.points));
    return { ...p, values };
  }
  const size = p.width * p.height;
  const pixels = new Uint8Array(keep.length * size); // [n, height·width]
  keep.forEach((q, i) => pixels.set(p.pixels.subarray(q * size, (q + 1) * size), i * size));
  return { ...p, pixels, lo: Float32Array.from(keep, (q) => p.lo[q]), hi: Float32Array.from(keep, (q) => p.hi[q]) };
}

/**
 * `view` with the output layer split by `spec.heads`. mask: the pruning mask in the parameter layout, or
 * null; outW: the output matrix's offset in it (its pruned weights are counted per head).
 */
export function headsView(view: NetworkView, spec: ModelSpec, mask: Float32Array | null, outW: number): NetworkView {
  const heads = spec.heads;
  const out = view.layers.findIndex((L) => L.name === 'Output');
  if (!heads || heads.length < 2 || out < 0) return view;
  const L = view.layers[out];
  const inDim = spec.layers[spec.layers.length - 1].inDim;
  const layers = view.layers.slice();
  const at: number[] = []; // view index of each head's layer
  const positions = heads.map((h) => Array.from(L.index.keys()).filter((p) => L.index[p] >= h.offset && L.index[p] < h.offset + h.classes));
  heads.forEach((h, k) => {
    const keep = positions[k];
    let pruned = 0;
    if (mask) for (let i = outW + h.offset * inDim; i < outW + (h.offset + h.classes) * inDim; i++) if (mask[i] === 0) pruned++;
    const layer: NetworkLayerView = {
      ...L,
      name: `Output: ${h.name}`,
      width: h.classes,
      builtWidth: h.classes,
      weights: h.classes * inDim,
      prunedWeights: pruned,
      index: Uint32Array.from(keep, (p) => L.index[p] - h.offset),
      bias: Float32Array.from(keep, (p) => L.bias[p]),
      activity: Float32Array.from(keep, (p) => L.activity[p]),
      pruned: Uint8Array.from(keep, (p) => L.pruned[p]),
      picture: pictureRows(L.picture, keep),
    };
    if (k === 0) {
      layers[out] = layer;
      at.push(out);
    } else {
      at.push(layers.length);
      layers.push(layer);
    }
  });
  const edges: NetworkEdgeBundle[] = view.edges.flatMap((e) => {
    if (e.to !== out) return [e];
    return heads.map((_, k) => {
      const place = new Map(positions[k].map((p, i) => [p, i])); // position in the output layer → in the head's
      const keep = Array.from(e.dst.keys()).filter((i) => place.has(e.dst[i]));
      return {
        ...e,
        to: at[k],
        src: Uint16Array.from(keep, (i) => e.src[i]),
        dst: Uint16Array.from(keep, (i) => place.get(e.dst[i])!),
        weight: Float32Array.from(keep, (i) => e.weight[i]),
      };
    });
  });
  return { ...view, layers, edges };
}
