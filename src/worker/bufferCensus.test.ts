import { describe, expect, it } from 'vitest';
import { BufferCensus, installBufferCensus } from './bufferCensus';
import { mostPerLane, probe } from './testProbe';
import type { MetricPoint } from '../engine/train/metrics';

/** Stand-ins for GPUDevice and GPUBuffer: the census wraps their prototypes as it wraps WebGPU's. */
class FakeBuffer {
  destroyCalls = 0;
  constructor(readonly size: number) {}
  destroy(): void {
    this.destroyCalls++;
  }
}
class FakeDevice {
  createBuffer(d: { size: number }): FakeBuffer {
    return new FakeBuffer(d.size);
  }
}

describe('BufferCensus', () => {
  it('counts buffers in at creation and out at their first destroy, with their bytes', () => {
    const c = new BufferCensus();
    const a = {};
    const b = {};
    c.created(a, 64);
    c.created(b, 16);
    expect(c.counts()).toEqual({ created: 2, destroyed: 0, live: 2, liveBytes: 80 });
    c.destroyed(a);
    c.destroyed(a);
    c.destroyed({});
    expect(c.counts(), 'a second destroy and an unknown buffer change nothing').toEqual({ created: 2, destroyed: 1, live: 1, liveBytes: 16 });
  });

  it('wraps createBuffer and destroy, which still do their work; installing twice wraps once', () => {
    class Device extends FakeDevice {}
    class Buffer extends FakeBuffer {}
    Device.prototype.createBuffer = function (d: { size: number }) {
      return new Buffer(d.size);
    };
    const census = installBufferCensus({ device: Device.prototype, buffer: Buffer.prototype });
    expect(installBufferCensus({ device: Device.prototype, buffer: Buffer.prototype })).toBe(census);
    const device = new Device();
    const kept = device.createBuffer({ size: 256 });
    // a loop that makes and destroys a buffer each time stays flat; one that forgets destroy() grows
    for (let i = 0; i < 100; i++) device.createBuffer({ size: 32 }).destroy();
    expect(census.counts()).toEqual({ created: 101, destroyed: 100, live: 1, liveBytes: 256 });
    for (let i = 0; i < 10; i++) device.createBuffer({ size: 32 });
    expect(census.counts()).toMatchObject({ live: 11, liveBytes: 256 + 320 });
    kept.destroy();
    expect(kept.destroyCalls, 'the real destroy ran').toBe(1);
    expect(census.counts()).toMatchObject({ live: 10, liveBytes: 320 });
  });
});

describe('probe', () => {
  const point = (lane: number, step: number): MetricPoint => ({ lane, step, epoch: 0, trainLoss: 1, testLoss: 1, totalLoss: 1, gradNorms: [], learningRate: 0.1 });

  it('reports the fullest lane of the history and the step, or nothing without a run', () => {
    const history = [point(0, 1), point(1, 1), point(0, 2), point(0, 3), point(1, 2)];
    expect(mostPerLane(history)).toBe(3);
    expect(mostPerLane([])).toBe(0);
    const trainer = { step: 3, history } as unknown as Parameters<typeof probe>[0];
    expect(probe(trainer, null)).toEqual({ step: 3, buffers: null, historyPoints: 5, historyPointsPerLane: 3 });
    expect(probe(null, null)).toEqual({ step: null, buffers: null, historyPoints: 0, historyPointsPerLane: 0 });
  });
});
