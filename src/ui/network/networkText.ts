/**
 * The Network panel's words: the text alternative of the canvas ("2 → 16 → 16 → 2, 320 weights, 90%
 * pruned, 4-bit. Layers 1–2 frozen. Teacher 2-64-64-2 beside the student"), the sampling note ("Showing
 * 32 of 300 neurons in hidden 1; the 1,344 strongest of 266,200 weights as edges."), each layer's
 * caption (widths now vs as built, quantization levels, pruned share, frozen) and the hover text of a
 * neuron or an edge.
 */
import type { NetworkLayerView, NetworkView } from '../../worker/protocol';
import type { Hit } from './networkLayout';

const count = (n: number) => n.toLocaleString('en-US');
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** A value with 3 significant digits and a true minus sign. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = v === 0 ? '0' : Math.abs(v) >= 0.001 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2);
  return s.replaceAll('-', '−');
}

/** The student's layers (every layer when there is no teacher), input first. */
export const studentLayers = (view: NetworkView): NetworkLayerView[] => view.layers.filter((L) => L.model !== 'teacher');

/** "float32", "4-bit", or per layer "4/f32/2-bit" (the student's). */
export function bitsText(view: NetworkView): string {
  const bits = studentLayers(view).slice(1).map((L) => L.bits);
  const distinct = [...new Set(bits)];
  if (distinct.length === 0 || (distinct.length === 1 && distinct[0] === 32)) return 'float32';
  if (distinct.length === 1) return `${distinct[0]}-bit`;
  return `${bits.map((b) => (b === 32 ? 'f32' : b)).join('/')}-bit`;
}

/** "Layer 1 frozen", "Layers 1–2 frozen" (weight layers, counted from the input, as the Frozen layers control), or null. */
export function frozenText(view: NetworkView): string | null {
  const frozen = studentLayers(view).flatMap((L, k) => (L.frozen ? [k] : []));
  if (frozen.length === 0) return null;
  if (frozen.length === 1) return `Layer ${frozen[0]} frozen`;
  const run = frozen.every((k, i) => i === 0 || k === frozen[i - 1] + 1);
  return `Layers ${run ? `${frozen[0]}–${frozen[frozen.length - 1]}` : frozen.join(', ')} frozen`;
}

/** "Teacher 784-128-10 beside the student", or null without a teacher. */
export function teacherText(view: NetworkView): string | null {
  const teacher = view.layers.filter((L) => L.model === 'teacher');
  if (teacher.length === 0) return null;
  return `Teacher ${[view.layers[0].width, ...teacher.map((L) => L.width)].join('-')} beside the student`;
}

/** A multi-task model's output layers (worker/multitaskNetwork.ts names them "Output: <head>"). */
const isHead = (L: NetworkLayerView) => L.name.startsWith('Output: ');

/** "Two heads on the shared trunk: Digit (10 outputs) and Parity (2 outputs)", or null for one head. */
export function headsText(view: NetworkView): string | null {
  const heads = view.layers.filter(isHead);
  if (heads.length < 2) return null;
  const names = heads.map((L) => `${L.name.slice('Output: '.length)} (${L.width} outputs)`);
  return `Two heads on the shared trunk: ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The canvas's text alternative: the student's widths, weights, pruned share and bits; then what is frozen, and the teacher. */
export function describeNetwork(view: NetworkView): string {
  const own = studentLayers(view);
  const widths = own.map((L) => L.width);
  const built = own.map((L) => L.builtWidth);
  const removed = built.reduce((a, w, k) => a + w - widths[k], 0);
  const pruned = view.prunedShare > 0 ? `${percent(view.prunedShare)} pruned` : 'none pruned';
  // two heads stand side by side after the trunk: "784 → 32 → 10 + 2"
  const heads = own.filter(isHead).map((L) => L.width);
  const shape = heads.length > 1 ? [...own.filter((L) => !isHead(L)).map((L) => L.width), heads.join(' + ')] : widths;
  const parts = [shape.join(' → '), `${count(view.weights)} weights`, pruned, bitsText(view)];
  if (removed > 0) parts.push(`${count(removed)} neuron${removed === 1 ? '' : 's'} removed from ${built.join(' → ')} as built`);
  const sentences = [parts.join(', '), frozenText(view), teacherText(view), headsText(view)];
  return sentences.filter((t): t is string => t !== null).join('. ');
}

/** What is drawn of a large model, or null when every neuron and weight is. */
export function samplingNote(view: NetworkView): string | null {
  const parts: string[] = [];
  const sampled = view.layers.filter((L) => !L.collapsed && L.index.length < L.width);
  if (sampled.length > 0) {
    const each = sampled.map((L, i) => `${count(L.index.length)} of ${count(L.width)}${i === 0 ? ' neurons' : ''} in ${L.name.toLowerCase()}`);
    parts.push(`the strongest ${each.join(', ')}`);
  }
  const collapsed = view.layers.find((L) => L.collapsed);
  if (collapsed) {
    const next = view.layers[view.layers.indexOf(collapsed) + 1];
    const pic = next?.picture;
    const fields = pic?.kind === 'image' && pic.of === 'weights' ? ` (${next.name.toLowerCase()} shows each neuron’s incoming weights as a ${pic.width}×${pic.height} image)` : '';
    parts.push(`the ${count(collapsed.width)} inputs as one box${fields}`);
  }
  const live = view.layers.reduce((a, L) => a + L.weights - L.prunedWeights, 0); // the teacher's too: its edges are drawn
  const edges = view.edges.reduce((a, e) => a + e.weight.length, 0);
  if (edges < live) parts.push(`the ${count(edges)} strongest of ${count(live)} weights as edges`);
  return parts.length === 0 ? null : `Showing ${parts.join('; ')}.`;
}

/** A layer's caption lines: name, width (now of built), quantization, pruning, frozen. */
export function layerCaption(L: NetworkLayerView): string[] {
  const lines = [L.name];
  const removed = L.builtWidth - L.width;
  lines.push(removed > 0 ? `${count(L.width)} of ${count(L.builtWidth)} (${count(removed)} removed)` : count(L.width));
  if (L.bits < 32 && L.levels !== null) {
    const perNeuron = L.levels > 2 ** L.bits && L.levelsPerNeuron !== null;
    lines.push(perNeuron ? `${L.bits}-bit · ${L.levelsPerNeuron} levels per neuron` : `${L.bits}-bit · ${L.levels} levels`);
  }
  if (L.prunedWeights > 0) lines.push(`${percent(L.prunedWeights / L.weights)} of weights pruned`);
  if (L.frozen) lines.push('frozen');
  return lines;
}

/** The hover (or keyboard focus) text of a neuron or an edge. */
export function hitText(view: NetworkView, hit: Hit): string {
  if (hit.kind === 'node') {
    const L = view.layers[hit.layer];
    const parts = [`${L.name} neuron ${L.index[hit.slot] + 1}`];
    if (Number.isFinite(L.bias[hit.slot])) parts.push(`bias ${formatValue(L.bias[hit.slot])}`);
    if (Number.isFinite(L.activity[hit.slot])) parts.push(`mean |activation| ${formatValue(L.activity[hit.slot])}`);
    if (L.pruned[hit.slot]) parts.push('pruned');
    if (L.frozen) parts.push('frozen');
    return parts.join(' · ');
  }
  const b = view.edges[hit.bundle];
  const from = view.layers[b.from], to = view.layers[b.to];
  return `${from.name} ${from.index[b.src[hit.edge]] + 1} → ${to.name} ${to.index[b.dst[hit.edge]] + 1} · weight ${formatValue(b.weight[hit.edge])}`;
}
