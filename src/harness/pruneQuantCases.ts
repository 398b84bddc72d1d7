/**
 * Parity cases for the pruning and quantization kernels (shaders/prune.wgsl, shaders/quantize.wgsl)
 * against their CPU twins (engine/ops/prune.ts, engine/ops/quantize.ts). Tensors sit in one allocation
 * at 64-float aligned offsets with random padding between them (it must come back untouched).
 */
import { magnitudePrune, maskedSparsity, pruneGroups, rowNorms, activityScores, type PruneRule, type RowBlock } from '../engine/ops/prune';
import { computeQParams, fakeQuantize, qRange, QPARAM_FLOATS, quantPlan, steGradient, type QuantScheme, type QuantSegment } from '../engine/ops/quantize';
import { PARAM_ALIGN } from '../engine/model';
import { createRng, type Rng } from '../engine/rng';
import { uniformBuffer } from '../gpu/buffers';
import { activityDispatch, createPruneTables, encodeRowBlocks, magnitudePruneDispatch, PRUNE_INFO_WORDS, rowNormsDispatch } from '../gpu/kernels/prune';
import { createQuantTables, fakeQuantDispatch, quantRangesDispatch, steDispatch } from '../gpu/kernels/quantize';
import type { Dispatch } from '../gpu/pipelines';
import { compare, readFloats, run, upload, zeros, type Comparison } from './gpuRun';
import type { Tol } from './cases';

/** Offsets of tensors of these sizes placed one after another at PARAM_ALIGN-float boundaries. */
function aligned(sizes: number[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const s of sizes) {
    offsets.push(total);
    total = Math.ceil((total + s) / PARAM_ALIGN) * PARAM_ALIGN;
  }
  return { offsets, total: Math.max(total, PARAM_ALIGN) };
}

const sign = (r: Rng) => (r.next() < 0.5 ? -1 : 1);

/**
 * Values of one quantization channel. With `halfway`, b ≥ 2: the scale is a power of two (the range ends
 * are set to exact multiples of it) and about half the entries lie exactly halfway between two levels.
 */
function channelValues(r: Rng, n: number, bits: number, scheme: QuantScheme, halfway: boolean): number[] {
  if (!halfway || bits === 1 || bits === 32) return Array.from({ length: n }, () => sign(r) * r.next() * 3);
  const s = 2 ** -(2 + r.int(4));
  const { qmin, qmax } = qRange(bits, scheme);
  const a = scheme === 'symmetric' ? qmax : 1 + r.int(qmax - qmin - 1);
  const lo = scheme === 'symmetric' ? -qmax : -a, hi = scheme === 'symmetric' ? qmax : qmax - qmin - a;
  return Array.from({ length: n }, (_, i) => {
    if (i === 0) return hi * s;
    if (i === 1) return lo * s;
    const u = lo + r.int(hi - lo);
    return (r.next() < 0.5 ? u + 0.5 : u) * s;
  });
}

function packFloats(words: Float32Array): Uint32Array {
  return new Uint32Array(words.buffer, words.byteOffset, words.length);
}

export function createPruneQuantCases(device: GPUDevice) {
  async function quantSetup(p: { shapes: Array<[number, number]>; bits: number[]; scheme: QuantScheme; perChannel: boolean; halfway?: boolean; seed: number }) {
    const { offsets, total } = aligned(p.shapes.map(([r, c]) => r * c));
    const segs: QuantSegment[] = p.shapes.map(([rows, cols], i) => ({ offset: offsets[i], rows, cols, bits: p.bits[i], scheme: p.scheme, perChannel: p.perChannel }));
    const plan = quantPlan(segs);
    const rng = createRng(p.seed);
    const x = Float32Array.from({ length: total }, () => rng.next() * 2 - 1);
    for (const s of segs) {
      const chans = s.perChannel ? s.rows : 1, count = (s.rows * s.cols) / chans;
      for (let c = 0; c < chans; c++) x.set(channelValues(rng, count, s.bits, s.scheme, !!p.halfway), s.offset + c * count);
    }
    return { plan, segs, x, total, tables: createQuantTables(device, plan), xb: upload(device, x) };
  }

  /** Splits the comparison of per-entry or per-slot arrays into 1-bit (tolerance) and the rest (exact). */
  function splitCompare(gpu: Float32Array, cpu: Float32Array, oneBit: (i: number) => boolean, tol: Tol) {
    const pick = (a: Float32Array, want: boolean) => Array.from(a).filter((_, i) => oneBit(i) === want);
    return { exact: compare(pick(gpu, false), pick(cpu, false), 0, 0), oneBit: compare(pick(gpu, true), pick(cpu, true), tol.atol, tol.rtol) };
  }

  return {
    /**
     * Magnitude pruning of `sizes` segments per layer or globally, GPU radix select vs sorting twin. `ties`:
     * |w| takes only 5 values (0 with both signs among them); `preMask`: that fraction is already pruned.
     */
    async magnitudePrune(p: { sizes: number[]; scope: 'layer' | 'global'; amount: number; rule?: PruneRule; ties?: boolean; preMask?: number; seed: number }) {
      const { offsets, total } = aligned(p.sizes);
      const segs = p.sizes.map((size, i) => ({ offset: offsets[i], size }));
      const rng = createRng(p.seed);
      const w = Float32Array.from({ length: total }, () => sign(rng) * (p.ties ? rng.int(5) / 4 : rng.next()));
      const mask = Float32Array.from({ length: total }, () => (rng.next() < (p.preMask ?? 0) ? 0 : 1));
      const groups = pruneGroups(segs, p.amount, p.scope, p.rule ?? 'remaining');
      const cpu = magnitudePrune(w, mask, groups);
      const t = createPruneTables(device, groups);
      const wb = upload(device, w), mb = upload(device, mask);
      await run(device, [magnitudePruneDispatch(device, t, wb, mb)]);
      const gw = await readFloats(device, wb, total), gm = await readFloats(device, mb, total);
      const info = packFloats(await readFloats(device, t.info, groups.length * PRUNE_INFO_WORDS));
      const cpuInfo = cpu.info.flatMap((g) => [g.live, g.k, g.thresholdBits, g.ties]);
      return {
        mask: compare(gm, cpu.mask, 0, 0),
        weights: compare(gw, cpu.weights, 0, 0),
        info: compare(info, cpuInfo, 0, 0),
        /** Pruned weights in the segments that the GPU left as −0 (they must be +0). */
        negativeZeros: segs.reduce((a, s) => a + Array.from(gw.subarray(s.offset, s.offset + s.size)).filter((v, i) => gm[s.offset + i] === 0 && Object.is(v, -0)).length, 0),
        pruned: cpu.info.reduce((a, g) => a + g.k, 0),
        ties: cpu.info.reduce((a, g) => a + g.ties, 0),
        sparsityBefore: maskedSparsity(mask, segs),
        sparsityAfter: maskedSparsity(gm, segs),
      };
    },

    /** ‖row‖₂ of several [rows, cols] tensors in one dispatch. */
    async rowNorms(p: { shapes: Array<[number, number]>; seed: number } & Tol): Promise<Comparison> {
      const { offsets, total } = aligned(p.shapes.map(([r, c]) => r * c));
      let out = 0;
      const blocks: RowBlock[] = p.shapes.map(([rows, cols], i) => ({ offset: offsets[i], rows, cols, out: (out += rows) - rows }));
      const rng = createRng(p.seed);
      const w = Float32Array.from({ length: total }, () => rng.next() * 2 - 1);
      const scores = zeros(device, out);
      await run(device, [rowNormsDispatch(device, upload(device, encodeRowBlocks(blocks)), upload(device, w), scores, blocks)]);
      return compare(await readFloats(device, scores, out), rowNorms(w, blocks), p.atol, p.rtol);
    },

    /** Mean |A| per column of A [M, N]. */
    async activity(p: { M: number; N: number; seed: number } & Tol): Promise<Comparison> {
      const rng = createRng(p.seed);
      const A = Float32Array.from({ length: p.M * p.N }, () => (rng.next() * 2 - 1) * 3);
      const scores = zeros(device, p.N);
      await run(device, [activityDispatch(device, uniformBuffer(device, 'activity dims', [p.M, p.N]), upload(device, A), scores, p.N)]);
      return compare(await readFloats(device, scores, p.N), activityScores(A, p.M, p.N), p.atol, p.rtol);
    },

    /**
     * Ranges + fake quantization of several tensors, each with its bit width (32 = copied). Scales and
     * values must match exactly except 1-bit ones (mean|x| sums in a different order): `atol`/`rtol`.
     */
    async fakeQuant(p: { shapes: Array<[number, number]>; bits: number[]; scheme: QuantScheme; perChannel: boolean; halfway?: boolean; seed: number } & Tol) {
      const q = await quantSetup(p);
      const out = zeros(device, q.total);
      const list = [quantRangesDispatch(device, q.tables, q.xb), fakeQuantDispatch(device, q.tables, q.xb, out)].filter((d): d is Dispatch => d !== null);
      await run(device, list);
      const gq = await readFloats(device, q.tables.qparams, q.plan.channels * QPARAM_FLOATS);
      const cq = computeQParams(q.x, q.plan).subarray(0, q.plan.channels * QPARAM_FLOATS);
      const cpuOut = fakeQuantize(q.x, q.plan, cq);
      const slotBits = (i: number) => q.plan.chanWords[Math.floor(i / QPARAM_FLOATS) * 4 + 2];
      const entryBits = new Uint8Array(q.total);
      for (const s of q.segs) entryBits.fill(s.bits, s.offset, s.offset + s.rows * s.cols);
      let halfway = 0;
      q.plan.segments.forEach((s, k) => {
        if (s.bits === 1 || s.bits === 32) return;
        for (let j = 0; j < s.rows * s.cols; j++) {
          const slot = q.plan.bases[k] + (s.perChannel ? Math.floor(j / s.cols) : 0);
          const v = q.x[s.offset + j] / cq[slot * QPARAM_FLOATS];
          if (v - Math.floor(v) === 0.5) halfway++;
        }
      });
      return {
        scales: splitCompare(gq, cq, (i) => slotBits(i) === 1, p),
        values: splitCompare(await readFloats(device, out, q.total), cpuOut, (i) => entryBits[i] === 1, p),
        channels: q.plan.channels,
        halfway,
      };
    },

    /**
     * Clipped STE on a random gradient, with scales calibrated on `calibration`·x (< 1 clips the largest
     * entries). Exact equality expected.
     */
    async ste(p: { shapes: Array<[number, number]>; bits: number[]; scheme: QuantScheme; perChannel: boolean; calibration: number; seed: number }) {
      const q = await quantSetup(p);
      const rng = createRng(p.seed + 99);
      const g = Float32Array.from({ length: q.total }, () => rng.next() * 2 - 1);
      const cal = q.x.map((v) => v * p.calibration);
      const gb = upload(device, g);
      const list = [quantRangesDispatch(device, q.tables, upload(device, cal)), steDispatch(device, q.tables, q.xb, gb)].filter((d): d is Dispatch => d !== null);
      await run(device, list);
      const cpu = steGradient(q.x, g, q.plan, computeQParams(cal, q.plan));
      return {
        grad: compare(await readFloats(device, gb, q.total), cpu, 0, 0),
        zeroed: cpu.reduce((a, v, i) => a + (v === 0 && g[i] !== 0 ? 1 : 0), 0),
      };
    },
  };
}

export type PruneQuantCases = ReturnType<typeof createPruneQuantCases>;
