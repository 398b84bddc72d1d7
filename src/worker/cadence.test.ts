import { describe, expect, it } from 'vitest';
import { EVAL_MS, EvalCadence, SNAPSHOT_MS, chunkCap, evalCost } from './cadence';

describe('evaluation cadence', () => {
  it('keeps the toy cadence while evaluations are cheap: every 100 ms, a snapshot every 250 ms', () => {
    const c = new EvalCadence();
    const kinds: string[] = [];
    for (let now = 0; now <= 1000; now += 50) {
      const k = c.due(now);
      if (!k) continue;
      c.started(now, k);
      c.measured(k, 2);
      kinds.push(`${now}:${k}`);
    }
    expect(kinds).toEqual(['0:snapshot', '100:eval', '200:eval', '300:snapshot', '400:eval', '500:eval', '600:snapshot', '700:eval', '800:eval', '900:snapshot', '1000:eval']);
    expect(c.evalInterval()).toBe(EVAL_MS);
    expect(c.snapshotInterval()).toBe(SNAPSHOT_MS);
  });

  it('spaces expensive evaluations so they take at most 20% of the time', () => {
    const c = new EvalCadence();
    let busy = 0;
    let now = 0;
    const end = 60_000;
    for (; now < end; now += 10) {
      const k = c.due(now);
      if (!k) continue;
      c.started(now, k);
      const cost = k === 'snapshot' ? 900 : 700; // ms, e.g. LeNet on 10,000 digits on SwiftShader
      c.measured(k, cost);
      busy += cost;
    }
    expect(busy / end).toBeLessThanOrEqual(0.2 + 900 / end);
    expect(busy / end).toBeGreaterThan(0.15);
    expect(c.evalInterval()).toBeGreaterThanOrEqual(3500);
  });

  it('a forced evaluation restarts the wait', () => {
    const c = new EvalCadence();
    c.started(0, 'snapshot');
    c.measured('snapshot', 1000);
    expect(c.due(4000)).toBeNull();
    expect(c.due(5000)).toBe('snapshot');
    c.started(5000, 'eval');
    expect(c.due(5500)).toBeNull();
  });

  it('ignores nonsense measurements', () => {
    const c = new EvalCadence();
    c.measured('eval', NaN);
    c.measured('eval', -5);
    expect(c.expectedCost('eval')).toBe(0);
  });
});

describe('evaluation cost', () => {
  it('does not count the training steps queued ahead of the evaluation', () => {
    expect(evalCost(0, 1, 300, 400)).toBe(1 + 100);
  });
  it('counts a CPU evaluation computed inside the call', () => {
    expect(evalCost(0, 250, 250, 250)).toBe(250);
  });
  it('counts the whole wait when the queue-drained time is unknown or not before the result', () => {
    expect(evalCost(0, 1, null, 400)).toBe(400);
    expect(evalCost(0, 1, 400, 400)).toBe(400);
  });
});

describe('cost smoothing', () => {
  it('a cheaper reading counts at once, a dearer one half-way', () => {
    const c = new EvalCadence();
    c.measured('eval', 8000); // the first one compiled the pipelines
    c.measured('eval', 200);
    expect(c.expectedCost('eval')).toBe(200);
    c.measured('eval', 400);
    expect(c.expectedCost('eval')).toBe(300);
  });
});

describe('steps per training chunk', () => {
  it('queues one step until the device’s time per step is known', () => {
    expect(chunkCap(0, 200)).toBe(1);
    expect(chunkCap(NaN, 200)).toBe(1);
    expect(chunkCap(Infinity, 200)).toBe(1);
  });

  it('then about 200 ms of device work: 4 LeNet steps on a software GPU, hundreds of toy steps', () => {
    expect(chunkCap(50, 200)).toBe(4);
    expect(chunkCap(0.7, 200)).toBe(285);
    expect(chunkCap(900, 200), 'a step slower than a chunk still runs').toBe(1);
  });
});
