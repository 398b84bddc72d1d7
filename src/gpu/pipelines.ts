/**
 * Pipeline cache and bind-group helpers. A kernel is a WGSL module + entry point + the access of each
 * binding; specialisations are WGSL override constants, never string splicing. Pipelines are cached per
 * device by (kernel, entry, constants) and built with explicit layouts so every binding stays in place.
 */
export type Access = 'uniform' | 'read' | 'rw';

export interface KernelDef {
  label: string;
  code: string;
  entry: string;
  bindings: readonly Access[];
}

export interface Pipeline {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  label: string;
}

const caches = new WeakMap<GPUDevice, Map<string, Pipeline>>();
const modules = new WeakMap<GPUDevice, Map<string, GPUShaderModule>>();
const layouts = new WeakMap<GPUDevice, Map<string, GPUBindGroupLayout>>();

function cached<V>(store: WeakMap<GPUDevice, Map<string, V>>, device: GPUDevice, key: string, make: () => V): V {
  let m = store.get(device);
  if (!m) store.set(device, (m = new Map()));
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = make()));
  return v;
}

const bufferType: Record<Access, GPUBufferBindingType> = { uniform: 'uniform', read: 'read-only-storage', rw: 'storage' };

export function getPipeline(device: GPUDevice, def: KernelDef, constants: Record<string, number | boolean> = {}): Pipeline {
  const key = `${def.label}:${def.entry}:${JSON.stringify(constants)}`;
  return cached(caches, device, key, () => {
    const module = cached(modules, device, def.label, () => device.createShaderModule({ label: def.label, code: def.code }));
    const layout = cached(layouts, device, `${def.label}:${def.entry}`, () =>
      device.createBindGroupLayout({
        label: `${def.label}.${def.entry}`,
        entries: def.bindings.map((a, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: bufferType[a] } })),
      }),
    );
    const numeric: Record<string, number> = {};
    for (const [k, v] of Object.entries(constants)) numeric[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    const pipeline = device.createComputePipeline({
      label: key,
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: def.entry, constants: numeric },
    });
    return { pipeline, layout, label: key };
  });
}

/** A buffer, or a 256-byte-aligned range of one (offset and size in bytes). */
export type Resource = GPUBuffer | GPUBufferBinding;

export function bindGroup(device: GPUDevice, p: Pipeline, resources: readonly Resource[]): GPUBindGroup {
  return device.createBindGroup({
    label: p.label,
    layout: p.layout,
    entries: resources.map((r, binding) => ({ binding, resource: r instanceof GPUBuffer ? { buffer: r } : r })),
  });
}

/** One recorded dispatch: everything needed to replay it into a compute pass. */
export interface Dispatch {
  pipeline: Pipeline;
  group: GPUBindGroup;
  workgroups: [number, number, number];
}

export function encodeDispatches(pass: GPUComputePassEncoder, list: readonly Dispatch[]): void {
  for (const d of list) {
    pass.setPipeline(d.pipeline.pipeline);
    pass.setBindGroup(0, d.group);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
  }
}

/** Encodes `list` in one compute pass of its own command buffer and submits it. */
export function submitDispatches(device: GPUDevice, list: readonly Dispatch[]): void {
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeDispatches(pass, list);
  pass.end();
  device.queue.submit([enc.finish()]);
}

/** Spreads a 1-D count of workgroups over x and y so neither exceeds the per-dimension limit. */
export function grid1d(workgroups: number, maxPerDim = 65535): [number, number, number] {
  if (workgroups <= maxPerDim) return [Math.max(1, workgroups), 1, 1];
  const y = Math.ceil(workgroups / maxPerDim);
  return [Math.ceil(workgroups / y), y, 1];
}
