/** Per-segment statistics and histograms in one dispatch (shaders/histogram.wgsl). CPU twin: engine/ops/histogram.ts. */
import code from '../../../shaders/histogram.wgsl?raw';
import { HISTOGRAM_BINS, type Histogram } from '../../engine/ops/histogram';
import { bindGroup, getPipeline, type Dispatch, type KernelDef, type Resource } from '../pipelines';

export const HISTOGRAM: KernelDef = { label: 'histogram', code, entry: 'main', bindings: ['read', 'read', 'rw'] };

/** Words of output per segment: min, max, Σx², Σ|x| (float bits), then the counts. */
export const HIST_WORDS = HISTOGRAM_BINS + 4;

/** segs: [S] × (offset, size) u32; values: floats → out: [S × HIST_WORDS] u32. */
export function histogramDispatch(device: GPUDevice, segs: Resource, values: Resource, out: Resource, segments: number): Dispatch {
  const pipeline = getPipeline(device, HISTOGRAM, { WG: 256, BINS: HISTOGRAM_BINS });
  return { pipeline, group: bindGroup(device, pipeline, [segs, values, out]), workgroups: [segments, 1, 1] };
}

/** Decodes `segments` histograms from the kernel's output words. */
export function decodeHistograms(words: Uint32Array, segments: number): Histogram[] {
  const f = new Float32Array(words.buffer, words.byteOffset, words.length);
  const out: Histogram[] = [];
  for (let s = 0; s < segments; s++) {
    const base = s * HIST_WORDS;
    out.push({ min: f[base], max: f[base + 1], sumSq: f[base + 2], sumAbs: f[base + 3], counts: words.slice(base + 4, base + 4 + HISTOGRAM_BINS) });
  }
  return out;
}
