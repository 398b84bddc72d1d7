/**
 * The WebGPU backend: implements the engine's TrainingBackend with the kernels in gpu/kernels.
 * One training step = one command buffer, one submit, no readback. Evaluations copy their results into a
 * pooled MAP_READ buffer in the same submit and resolve when the mapping does.
 */
import { segmentSummary, type BackendInit, type Evaluation, type Snapshot, type TrainingBackend } from '../engine/backend';
import { HIST_WORDS, decodeHistograms } from './kernels/histogram';
import { optimizerVariant } from '../engine/optimizers';
import { writeOptimizerUniforms } from './kernels/optimizer';
import { createRunBuffers, createWorkspace, evalDispatches, evalRows, trainStepDispatches, updateDispatch, type Workspace } from './network';
import { encodeDispatches, type Dispatch } from './pipelines';
import { ReadbackPool } from './readback';

const READBACKS_IN_FLIGHT = 3;

export function createGpuBackend(device: GPUDevice, adapterName: string, init: BackendInit, batchHint: number): TrainingBackend {
  const { spec, layout, data } = init;
  const nL = spec.layers.length;
  const rb = createRunBuffers(device, init);
  const minRows = evalRows(init);

  let ws: Workspace;
  let evalLists: ReturnType<typeof evalDispatches>;
  let stepList: Dispatch[] = [];
  let stepUniforms: GPUBuffer[] = [];
  let stepRows = -1;

  const buildWorkspace = (rows: number) => {
    ws?.buffers.forEach((b) => b.destroy());
    evalLists?.uniforms.forEach((b) => b.destroy());
    ws = createWorkspace(device, init, rows);
    evalLists = evalDispatches(device, init, rb, ws);
    stepRows = -1;
  };
  buildWorkspace(Math.max(minRows, batchHint));

  // staging layout: sums (16 B) | parameter stats | gradient stats | grid output
  const histBytes = 2 * nL * HIST_WORDS * 4;
  const gridBytes = init.gridRows * data.outputDim * 4;
  const gridAt = 16 + 2 * histBytes;
  const pool = new ReadbackPool(device, gridAt + gridBytes, READBACKS_IN_FLIGHT);
  let update: Dispatch | null = null;
  let updateKey = '';

  const submit = (lists: Dispatch[][], after?: (enc: GPUCommandEncoder) => void) => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (const l of lists) encodeDispatches(pass, l);
    pass.end();
    after?.(enc);
    device.queue.submit([enc.finish()]);
  };

  return {
    info: { kind: 'webgpu', name: adapterName },

    step(batch, { hyper, t }) {
      const M = batch.length;
      if (M > ws.rows) buildWorkspace(Math.max(M, ws.rows * 2));
      if (M !== stepRows) {
        stepUniforms.forEach((b) => b.destroy());
        ({ list: stepList, uniforms: stepUniforms } = trainStepDispatches(device, init, rb, ws, M));
        stepRows = M;
      }
      const key = JSON.stringify(optimizerVariant(hyper));
      if (!update || key !== updateKey) {
        update = updateDispatch(device, init, rb, hyper);
        updateKey = key;
      }
      device.queue.writeBuffer(ws.idx, 0, batch);
      writeOptimizerUniforms(device, rb.optimizerUniform, hyper, t, layout.totalFloats);
      submit([stepList, [update]]);
    },

    evaluate(withSnapshot) {
      const staging = pool.acquire();
      if (!staging) return null;
      submit(withSnapshot ? [evalLists.metrics, evalLists.snapshot] : [evalLists.metrics], (enc) => {
        enc.copyBufferToBuffer(rb.sums, 0, staging, 0, 16);
        enc.copyBufferToBuffer(rb.paramHist, 0, staging, 16, histBytes);
        enc.copyBufferToBuffer(rb.gradHist, 0, staging, 16 + histBytes, histBytes);
        if (withSnapshot) enc.copyBufferToBuffer(ws.acts[nL - 1], 0, staging, gridAt, gridBytes);
      });
      const rows = { train: Math.min(data.train.n, init.maxEvalRows), test: data.test.n };
      return pool.read(staging).then((bytes) => {
        const sums = new Float32Array(bytes, 0, 4);
        const params = decodeHistograms(new Uint32Array(bytes, 16, histBytes / 4), 2 * nL);
        const grads = decodeHistograms(new Uint32Array(bytes, 16 + histBytes, histBytes / 4), 2 * nL);
        const evaluation: Evaluation = { trainLoss: sums[0], testLoss: sums[2], ...segmentSummary(params, grads, nL) };
        if (data.task === 'classification') {
          evaluation.trainAccuracy = sums[1] / rows.train;
          evaluation.testAccuracy = sums[3] / rows.test;
        }
        let snapshot: Snapshot | undefined;
        if (withSnapshot) {
          snapshot = { histograms: params.slice(0, nL), output: new Float32Array(bytes.slice(gridAt, gridAt + gridBytes)) };
        }
        return { evaluation, snapshot };
      });
    },

    resetOptimizerState() {
      const enc = device.createCommandEncoder();
      enc.clearBuffer(rb.state0);
      enc.clearBuffer(rb.state1);
      device.queue.submit([enc.finish()]);
    },

    settled: () => device.queue.onSubmittedWorkDone(),

    async readParams() {
      const buf = device.createBuffer({ size: layout.totalFloats * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      const enc = device.createCommandEncoder();
      enc.copyBufferToBuffer(rb.params, 0, buf, 0, layout.totalFloats * 4);
      device.queue.submit([enc.finish()]);
      await buf.mapAsync(GPUMapMode.READ);
      const out = new Float32Array(buf.getMappedRange().slice(0));
      buf.destroy();
      return out;
    },

    destroy() {
      ws.buffers.forEach((b) => b.destroy());
      evalLists.uniforms.forEach((b) => b.destroy());
      stepUniforms.forEach((b) => b.destroy());
      Object.values(rb).forEach((b) => b.destroy());
      pool.destroy();
    },
  };
}
