import { describe, expect, it } from 'vitest';
import { validateConfig } from '../engine/config';
import { setupRun } from '../engine/run';
import { effectiveBatch } from '../engine/run';

// the GPU modules read these WebGPU constants when loaded (the chooser never reaches a device here)
Object.assign(globalThis, {
  GPUBufferUsage: { MAP_READ: 1, MAP_WRITE: 2, COPY_SRC: 4, COPY_DST: 8, INDEX: 16, VERTEX: 32, UNIFORM: 64, STORAGE: 128, INDIRECT: 256, QUERY_RESOLVE: 512 },
  GPUMapMode: { READ: 1, WRITE: 2 },
  GPUShaderStage: { VERTEX: 1, FRAGMENT: 2, COMPUTE: 4 },
});
const { createBackendChooser } = await import('./backends');

describe('the backend chooser without WebGPU (Node has no navigator.gpu)', () => {
  it('prepares the CPU with the reason, builds it with the notice, and reports it for the status details', async () => {
    const chooser = createBackendChooser(() => {}, () => {});
    const setup = setupRun(validateConfig({ dataset: 'spiral' }).config);
    const decision = await chooser.prepare(setup, 1e4);
    expect(decision.kind).toBe('cpu');
    expect(decision.notice).toMatch(/^WebGPU is not available in this browser.*, so OptiPlay trains on the CPU: the same math, only slower\.$/);
    const made = await chooser.create(setup.init, effectiveBatch(setup.config, setup.data));
    expect(made.backend.info.kind).toBe('cpu');
    expect(made.notice).toBe(decision.notice);
    expect(chooser.report()?.text).toBe('WebGPU unavailable · CPU not timed — using the CPU engine (WebGPU is not available here)');
    // the person's choice of WebGPU cannot be honoured here: still the CPU, with the reason
    chooser.prefer('webgpu');
    expect((await chooser.prepare(setup, 1e4)).kind).toBe('cpu');
    expect(chooser.choice).toBe('webgpu');
    made.backend.destroy();
  });
});
