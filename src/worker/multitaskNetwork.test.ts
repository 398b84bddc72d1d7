/** The Network panel's view of a two-head model: the output layer split into its heads, edges and all. */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../engine/config';
import { setupRun } from '../engine/run';
import { describeNetwork } from '../ui/network/networkText';
import { headsView } from './multitaskNetwork';
import { networkView, type NetworkInputs } from './networkView';

describe('headsView', () => {
  const run = setupRun(validateConfig({ dataset: 'spiral', samples: 200, hidden: [6], secondTask: 'upper-half' }).config);
  const { spec, layout, params, grid, gridRows } = run.init;
  const inputs: NetworkInputs = { spec, layout, params, mask: null, bits: spec.layers.map(() => 32), baseSpec: spec, pictures: { grid, rows: gridRows, size: run.gridSize } };
  const outW = layout.layers[1].W.offset;
  const v = headsView(networkView(inputs), spec, null, outW);

  it('draws the output layer as two heads stacked in the last column, each fed by its own rows', () => {
    expect(v.layers.map((L) => [L.name, L.column, L.width, Array.from(L.index)])).toEqual([
      ['Input', 0, 2, [0, 1]],
      ['Hidden 1', 1, 6, [0, 1, 2, 3, 4, 5]],
      ['Output: Class', 2, 2, [0, 1]],
      ['Output: Upper half', 2, 2, [0, 1]],
    ]);
    const [, into0, into1] = v.edges;
    expect([into0.to, into1.to, into0.weight.length, into1.weight.length]).toEqual([2, 3, 12, 12]);
    // an edge into head k's neuron j carries W[offset_k + j, src]
    into1.dst.forEach((d, e) => expect(into1.weight[e]).toBe(params[outW + (2 + d) * 6 + into1.src[e]]));
    into0.dst.forEach((d, e) => expect(into0.weight[e]).toBe(params[outW + d * 6 + into0.src[e]]));
    expect(v.layers[3].picture?.kind === 'image' && v.layers[3].picture.pixels.length).toBe(2 * 16 * 16);
    expect(v.layers[3].bias[1]).toBe(params[layout.layers[1].b.offset + 3]);
  });

  it('says so in the canvas’s text, and leaves a one-head view alone', () => {
    expect(describeNetwork(v)).toMatch(/^2 → 6 → 2 \+ 2, .*Two heads on the shared trunk: Class \(2 outputs\) and Upper half \(2 outputs\)$/);
    const plain = networkView({ ...inputs, spec: { ...spec, heads: undefined } });
    expect(headsView(plain, { ...spec, heads: undefined }, null, outW)).toBe(plain);
  });
});
