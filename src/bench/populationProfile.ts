/**
 * Where a population step's time goes (bench page section `popprofile`, for tuning gpu/population.ts):
 * for the sweep rows' spiral populations (1 and 16 trials) and the LeNet population, the wall time per
 * step, the JavaScript time per step (the driver's samplers and settings plus PopulationBackend.step), and
 * the GPU time of each dispatch of one step (captured from the compute pass, each replayed in its own
 * timestamped pass; the least of several runs), with its workgroup count.
 */
import type { PopulationBackend } from '../engine/population/types';
import { encodeDispatches, type Dispatch } from '../gpu/pipelines';

interface Captured {
  label: string;
  pipeline: GPUComputePipeline;
  group: GPUBindGroup;
  workgroups: [number, number, number];
}

/** The dispatches `f` records into compute passes. */
function capture(f: () => void): Captured[] {
  const pass = GPUComputePassEncoder.prototype;
  const { setPipeline, setBindGroup, dispatchWorkgroups } = pass;
  const out: Captured[] = [];
  let pipeline: GPUComputePipeline | null = null;
  let group: GPUBindGroup | null = null;
  pass.setPipeline = function (this: GPUComputePassEncoder, p: GPUComputePipeline) {
    pipeline = p;
    return setPipeline.call(this, p);
  };
  pass.setBindGroup = function (this: GPUComputePassEncoder, index: number, g: GPUBindGroup | null) {
    group = g;
    return (setBindGroup as (i: number, g: GPUBindGroup | null) => undefined).call(this, index, g);
  } as typeof setBindGroup;
  pass.dispatchWorkgroups = function (this: GPUComputePassEncoder, x: number, y = 1, z = 1) {
    out.push({ label: pipeline!.label, pipeline: pipeline!, group: group!, workgroups: [x, y, z] });
    return dispatchWorkgroups.call(this, x, y, z);
  };
  try {
    f();
  } finally {
    Object.assign(pass, { setPipeline, setBindGroup, dispatchWorkgroups });
  }
  return out;
}

/** GPU ms of each captured dispatch alone and of all of them in one pass, the least of `reps` (the machine may be shared). */
async function gpuTimes(device: GPUDevice, list: Captured[], reps: number): Promise<{ each: number[]; onePass: number }> {
  const n = list.length + 1;
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * n });
  const resolve = device.createBuffer({ size: 16 * n, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: 16 * n, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const each = list.map(() => Infinity);
  let onePass = Infinity;
  const asDispatch = (c: Captured) => ({ pipeline: { pipeline: c.pipeline }, group: c.group, workgroups: c.workgroups }) as unknown as Dispatch;
  try {
    for (let r = 0; r < reps + 1; r++) {
      const enc = device.createCommandEncoder();
      list.forEach((c, i) => {
        const pass = enc.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
        encodeDispatches(pass, [asDispatch(c)]);
        pass.end();
      });
      const all = enc.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * list.length, endOfPassWriteIndex: 2 * list.length + 1 } });
      encodeDispatches(all, list.map(asDispatch));
      all.end();
      enc.resolveQuerySet(querySet, 0, 2 * n, resolve, 0);
      enc.copyBufferToBuffer(resolve, 0, read, 0, 16 * n);
      device.queue.submit([enc.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const t = new BigInt64Array(read.getMappedRange().slice(0));
      read.unmap();
      if (r === 0) continue;
      list.forEach((_, i) => (each[i] = Math.min(each[i], Number(t[2 * i + 1] - t[2 * i]) / 1e6)));
      onePass = Math.min(onePass, Number(t[2 * list.length + 1] - t[2 * list.length]) / 1e6);
    }
    return { each, onePass };
  } finally {
    [resolve, read].forEach((b) => b.destroy());
    querySet.destroy();
  }
}

export interface ProfiledPopulation {
  pop: PopulationBackend;
  /** Draws one step's rows and settings (JavaScript only) and returns the call that enqueues it. */
  prepare: () => () => void;
}

/** Logs one population's step profile. */
export async function profilePopulation(device: GPUDevice, timestamps: boolean, name: string, d: ProfiledPopulation, steps: number, log: (s: string) => void): Promise<void> {
  for (let i = 0; i < 5; i++) d.prepare()();
  await d.pop.settled();
  let prep = 0, step = 0;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const a = performance.now();
    const go = d.prepare();
    const b = performance.now();
    go();
    step += performance.now() - b;
    prep += b - a;
  }
  const js = performance.now() - t0;
  await d.pop.settled();
  const wall = performance.now() - t0;
  const per = (v: number) => (v / steps).toFixed(3);
  log(`${name}: wall ${per(wall)} ms/step; JS ${per(js)} ms/step (driver ${per(prep)}, step() ${per(step)})`);
  if (!timestamps) return;
  let list: Captured[] = [];
  list = capture(() => d.prepare()());
  const t = await gpuTimes(device, list, 20);
  const sum = t.each.reduce((a, v) => a + v, 0);
  log(`${name}: ${list.length} dispatches, GPU ${sum.toFixed(3)} ms as separate passes, ${t.onePass.toFixed(3)} ms in one pass`);
  list.forEach((c, i) => {
    const short = c.label.replace(/"(TRANS_A|TRANS_B|HAS_BIAS|VA|VB|VK|VKB|VC)":false,?/g, '');
    log(`  ${t.each[i].toFixed(3)} ms  [${c.workgroups.join(',')}]  ${short}`);
  });
}
