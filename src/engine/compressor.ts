/**
 * The Compressor: pruning and quantization of one trained model, driven by the RunConfig's live fields
 * (config.ts: prune, sparsity, pruneMethod, pruneSchedule, pruneStart, pruneSteps, pruneEvery, rewind,
 * quantize, bits, layerBits, quantScheme, granularity, quantMode). One Compressor per trained model (the
 * Trainer compresses lane 0 only).
 *
 * The Trainer (engine/train/trainer.ts) is its one driver: before each step it asks `due` (cheap, pure)
 * and, when due, runs `apply`, continues on a smaller backend after a Shrink (`adopt`) and restarts the
 * optimizer clock after a rewind; checkpoints hold `save()` and `Compressor.restore` continues from it.
 * After `apply(config, t)` returns, `due(config, t)` is false.
 *
 * Semantics (REFERENCE.md "Pruning", "Quantization"):
 * - Pruning episode: starts at t0 = max(pruneStart, the step prune was seen switched on). One-shot: at t0
 *   prune to `sparsity`. Gradual (Zhu & Gupta, pruneSchedule.ts): s_i = the sparsity in force at the start,
 *   s_f = sparsity, n = round(pruneSteps / pruneEvery) intervals of Δt = pruneEvery; at t0 + k·Δt (k = 0..n)
 *   prune to gradualSparsity (a late call catches up with the latest event due).
 * - Magnitude: one group per W (biases never pruned), global-magnitude: one group over every W; rule
 *   'target' (each group reaches the target share). The mask only grows while prune stays on.
 * - Neuron methods: `sparsity` is the share of each hidden layer's neurons removed, counted from the
 *   widths the model was built with (the output layer never shrinks; every layer keeps ≥ 1 neuron). Scores
 *   come from backend.neuronScores ('activity': over a fixed seeded sample of ≤ 1024 training rows); the
 *   strongest are kept; the model really shrinks (apply returns a Shrink; the mask, if any, and the initial
 *   parameters shrink the same way). Neurons never come back: lowering the sparsity or switching prune off
 *   keeps the smaller model.
 * - Raising `sparsity`: one-shot prunes to it at once (from t0 on); gradual uses the new s_f from the next
 *   event, or starts a new window from now when the last one is over. Lowering it (unstructured) drops the
 *   mask and starts a new episode from now (one-shot: pruned at once to the lower target, pruned weights
 *   that survive regrow from 0). Switching prune off drops the mask. Changing the method or any schedule
 *   field starts a new episode from now, from the sparsity in force (the mask is kept).
 * - Rewind (lottery ticket): when an episode reaches its target (the one-shot event or the last gradual
 *   event), `rewind` is on and the episode pruned something, the parameters are reset to the initial ones ×
 *   mask (shrunk like the model), once per episode; `rewoundAt` records the step.
 * - The episode's schedule fields: one-shot reads pruneStart; gradual also pruneSteps and pruneEvery.
 * - view(): compressionView.ts over the model, mask and quantization in force (sizes, sparsity, label).
 * - Quantization: when quantize, bits, layerBits, quantScheme, granularity or quantMode change, the backend
 *   gets setQuantization(plan for W at bitsPerLayer, biases float) or null.
 */
import { bitsPerLayer, type PruneMethod, type RunConfig } from './config';
import type { QuantSettings, TrainingBackend } from './backend';
import type { CompressorRecord, EpisodeRecord, QuantRecord } from './checkpoint';
export type { CompressionSummary } from './compressionView';
import { paramLayout, type ModelSpec, type ParamLayout } from './model';
import { compressionView, isNeuronMethod, neuronSparsity, type CompressionSummary } from './compressionView';
import { maskedSparsity, pruneGroups, strongestNeurons, type Segment } from './ops/prune';
import { quantPlan, quantSegmentsForLayout } from './ops/quantize';
import { gradualSparsity } from './pruneSchedule';
import { removeNeurons, shrinkParamArray } from './removeNeurons';
import { createRng, shuffle } from './rng';

export interface CompressorInit {
  spec: ModelSpec;
  layout: ParamLayout;
  /** The parameters at initialisation (what rewind resets to), in `layout`. */
  initialParams: Float32Array;
  /** Training rows (the 'activity' sample is drawn from 0..trainRows−1). */
  trainRows: number;
  seed: number;
}

/** Neuron pruning made the model smaller: continue on a backend built with these, then call adopt(). */
export interface Shrink {
  spec: ModelSpec;
  layout: ParamLayout;
  /** The trained parameters shrunk (or, when rewind fired, the initial ones shrunk × mask). */
  params: Float32Array;
}

/** At most this many training rows are scored for 'neuron-activity'. */
export const ACTIVITY_ROWS = 1024;

/** A pruning episode (its method and schedule fields: a change starts a new one) and the quantization in force: as checkpoints store them. */
type Episode = EpisodeRecord;
type QuantChoice = QuantRecord;

/** What apply would do at (config, t); `due` is "any of these". */
interface Plan {
  episode: Episode | null;
  episodeChanged: boolean;
  dropMask: boolean;
  /** Event index to run now and its target sparsity. */
  event: { index: number; target: number; final: boolean } | null;
  quant: { key: string; choice: QuantChoice | null } | null;
}

function quantChoice(config: RunConfig, layers: number): QuantChoice | null {
  if (!config.quantize) return null;
  return { bits: bitsPerLayer(config, layers), scheme: config.quantScheme, perChannel: config.granularity === 'per-channel', mode: config.quantMode };
}

export class Compressor {
  private specNow: ModelSpec;
  private layoutNow: ParamLayout;
  private readonly builtSpec: ModelSpec;
  private initial: Float32Array;
  private maskNow: Float32Array | null = null;
  private episode: Episode | null = null;
  private quantKey = JSON.stringify(null);
  private quant: QuantChoice | null = null;
  private activityRows: Uint32Array<ArrayBuffer> | null = null;
  private lastMethod: PruneMethod | null = null;
  private readonly keyCache = new WeakMap<RunConfig, { choice: QuantChoice | null; quantKey: string; episodeKey: string }>();
  /** The step of the last rewind (setParams zeroed the optimizer state there), or null. */
  rewoundAt: number | null = null;

  constructor(private readonly init: CompressorInit) {
    if (init.initialParams.length !== init.layout.totalFloats) throw new Error('initialParams must be in the given layout');
    this.specNow = init.spec;
    this.builtSpec = init.spec;
    this.layoutNow = init.layout;
    this.initial = init.initialParams.slice();
  }

  /** The state to put in a checkpoint (copies; JSON-safe but for the typed arrays). */
  save(): CompressorRecord {
    return {
      baseSpec: this.builtSpec,
      initial: this.initial.slice(),
      mask: this.maskNow ? this.maskNow.slice() : null,
      episode: this.episode ? { ...this.episode } : null,
      quantKey: this.quantKey,
      quant: this.quant ? { ...this.quant, bits: [...this.quant.bits] } : null,
      lastMethod: this.lastMethod,
      rewoundAt: this.rewoundAt,
    };
  }

  /**
   * A Compressor that continues from a saved state; `spec` is the model as it is now (the checkpoint's
   * lane 0). The caller gives the backend the mask and quantization in force with adopt().
   */
  static restore(record: CompressorRecord, spec: ModelSpec, trainRows: number, seed: number): Compressor {
    const layout = paramLayout(spec);
    const c = new Compressor({ spec: record.baseSpec, layout: paramLayout(record.baseSpec), initialParams: new Float32Array(paramLayout(record.baseSpec).totalFloats), trainRows, seed });
    if (record.initial.length !== layout.totalFloats || (record.mask && record.mask.length !== layout.totalFloats)) {
      throw new Error(`the compressor state does not fit the model (${layout.totalFloats} floats)`);
    }
    c.specNow = spec;
    c.layoutNow = layout;
    c.initial = record.initial.slice();
    c.maskNow = record.mask ? record.mask.slice() : null;
    c.episode = record.episode ? { ...record.episode } : null;
    c.quantKey = record.quantKey;
    c.quant = record.quant ? { ...record.quant, bits: [...record.quant.bits] } : null;
    c.lastMethod = record.lastMethod;
    c.rewoundAt = record.rewoundAt;
    return c;
  }

  /** The model as it is now (smaller after neuron pruning). */
  get spec(): ModelSpec {
    return this.specNow;
  }

  /** The model as it was built, before any neuron pruning (cheap: no copy; do not modify). */
  get baseSpec(): ModelSpec {
    return this.builtSpec;
  }

  get layout(): ParamLayout {
    return this.layoutNow;
  }

  /** The pruning mask in force (a copy), or null. */
  get mask(): Float32Array | null {
    return this.maskNow ? this.maskNow.slice() : null;
  }

  /** Is there pruning/quantization work to do before the step after `stepsDone` steps? */
  due(config: RunConfig, stepsDone: number): boolean {
    const p = this.plan(config, stepsDone);
    return p.episodeChanged || p.dropMask || p.event !== null || p.quant !== null;
  }

  /**
   * Does the due work on the backend (awaits device work). Returns a Shrink when neurons were removed: the
   * caller continues on a backend built from it (whose optimizer state is zero) and calls adopt().
   */
  async apply(config: RunConfig, stepsDone: number, backend: TrainingBackend): Promise<Shrink | null> {
    const p = this.plan(config, stepsDone);
    if (p.dropMask) {
      this.maskNow = null;
      backend.setMask(null);
    }
    this.episode = p.episode;
    let shrink: Shrink | null = null;
    if (p.event && this.episode) {
      const ep = this.episode;
      ep.lastEvent = p.event.index;
      this.lastMethod = ep.method;
      if (isNeuronMethod(ep.method)) {
        shrink = await this.pruneNeurons(ep.method, p.event.target, backend);
        if (shrink) ep.pruned = true;
      } else if (await this.pruneWeights(ep.method, p.event.target, backend)) ep.pruned = true;
      if (p.event.final && config.rewind && !ep.rewound && ep.pruned) {
        ep.rewound = true;
        this.rewoundAt = stepsDone;
        if (shrink) shrink.params = this.rewoundParams();
        else backend.setParams(this.rewoundParams());
      }
    }
    if (p.quant) {
      this.quantKey = p.quant.key;
      this.quant = p.quant.choice;
      // after a shrink the old backend is dropped: adopt() gives the new one the plan for the new layout
      if (!shrink) backend.setQuantization(this.quantSettings());
    }
    return shrink;
  }

  /** Gives a (re)built backend the mask and quantization in force. */
  adopt(backend: TrainingBackend): void {
    if (this.maskNow) backend.setMask(this.maskNow);
    backend.setQuantization(this.quantSettings());
  }

  /** Model size and sparsity now (compressionView.ts), with the mask and the quantization in force. */
  view(config: RunConfig): CompressionSummary {
    const state = { spec: this.specNow, layout: this.layoutNow, baseSpec: this.builtSpec, mask: this.maskNow, quant: this.quant, lastMethod: this.lastMethod };
    return compressionView(state, config);
  }

  private quantSettings(): QuantSettings | null {
    const q = this.quant;
    if (!q) return null;
    return { plan: quantPlan(quantSegmentsForLayout(this.layoutNow, q.bits, q.scheme, q.perChannel)), mode: q.mode };
  }

  private weightSegments(): Segment[] {
    return this.layoutNow.layers.map(({ W }) => ({ offset: W.offset, size: W.size }));
  }

  private currentSparsity(method: PruneMethod): number {
    if (isNeuronMethod(method)) return neuronSparsity(this.specNow, this.builtSpec);
    return this.maskNow ? maskedSparsity(this.maskNow, this.weightSegments()) : 0;
  }

  private newEpisode(config: RunConfig, t: number, key: string, initial: number): Episode {
    const gradual = config.pruneSchedule === 'gradual';
    return {
      key,
      method: config.pruneMethod,
      gradual,
      start: Math.max(config.pruneStart, t),
      intervals: gradual ? Math.round(config.pruneSteps / config.pruneEvery) : 0,
      every: Math.max(1, config.pruneEvery),
      initial: Math.min(initial, config.sparsity),
      final: config.sparsity,
      lastEvent: -1,
      pruned: false,
      rewound: false,
    };
  }

  /** The keys of a config, cached per config object (due() runs before every step). */
  private keysOf(config: RunConfig): { choice: QuantChoice | null; quantKey: string; episodeKey: string } {
    let k = this.keyCache.get(config);
    if (!k) {
      const choice = quantChoice(config, this.specNow.layers.length);
      k = {
        choice,
        quantKey: JSON.stringify(choice),
        // one-shot ignores the gradual window's fields
        episodeKey: JSON.stringify([config.pruneMethod, config.pruneSchedule, config.pruneStart, ...(config.pruneSchedule === 'gradual' ? [config.pruneSteps, config.pruneEvery] : [])]),
      };
      this.keyCache.set(config, k);
    }
    return k;
  }

  private plan(config: RunConfig, t: number): Plan {
    const { choice, quantKey: key, episodeKey: epKey } = this.keysOf(config);
    const quant = key !== this.quantKey ? { key, choice } : null;
    if (!config.prune) return { episode: null, episodeChanged: this.episode !== null, dropMask: this.maskNow !== null, event: null, quant };

    const old = this.episode;
    let ep = old;
    let dropMask = false;
    if (!old || old.key !== epKey) ep = this.newEpisode(config, t, epKey, this.currentSparsity(config.pruneMethod));
    else if (config.sparsity < old.final) {
      if (isNeuronMethod(old.method)) ep = { ...old, final: config.sparsity, initial: Math.min(old.initial, config.sparsity) };
      else {
        dropMask = this.maskNow !== null;
        ep = this.newEpisode(config, t, epKey, 0);
      }
    } else if (config.sparsity > old.final) {
      const over = old.lastEvent >= old.intervals;
      ep = old.gradual && !over ? { ...old, final: config.sparsity } : this.newEpisode(config, t, epKey, this.currentSparsity(old.method));
    }
    const episodeChanged = ep !== old;
    let event: Plan['event'] = null;
    if (ep && t >= ep.start) {
      const index = Math.min(ep.intervals, Math.floor((t - ep.start) / ep.every));
      if (index > ep.lastEvent) {
        const target = ep.gradual ? gradualSparsity(ep.start + index * ep.every, { initial: ep.initial, final: ep.final, start: ep.start, steps: ep.intervals, every: ep.every }) : ep.final;
        event = { index, target, final: index === ep.intervals };
      }
    }
    return { episode: ep, episodeChanged, dropMask, event, quant };
  }

  /** Prunes by magnitude to `target`; true when weights were newly pruned. */
  private async pruneWeights(method: PruneMethod, target: number, backend: TrainingBackend): Promise<boolean> {
    const segments = this.weightSegments();
    const groups = pruneGroups(segments, target, method === 'global-magnitude' ? 'global' : 'layer', 'target');
    const before = this.maskNow ? maskedSparsity(this.maskNow, segments) : 0;
    const mask = await backend.magnitudeMask(groups);
    this.maskNow = mask;
    backend.setMask(mask);
    return maskedSparsity(mask, segments) > before;
  }

  /** A fixed seeded sample of at most ACTIVITY_ROWS training rows, in ascending order. */
  private activitySample(): Uint32Array<ArrayBuffer> {
    if (!this.activityRows) {
      const all = shuffle(Uint32Array.from({ length: this.init.trainRows }, (_, i) => i), createRng(this.init.seed * 2654435761 + 17));
      this.activityRows = all.slice(0, Math.min(ACTIVITY_ROWS, all.length)).sort();
    }
    return this.activityRows;
  }

  private async pruneNeurons(method: PruneMethod, target: number, backend: TrainingBackend): Promise<Shrink | null> {
    const hidden = this.specNow.layers.length - 1;
    const keeps: Array<{ layer: number; keep: number[] }> = [];
    for (let l = 0; l < hidden; l++) {
      const width = this.specNow.layers[l].outDim;
      const count = Math.min(width, Math.max(1, Math.round((1 - target) * this.builtSpec.layers[l].outDim)));
      if (count >= width) continue;
      const scores = await backend.neuronScores(l, method === 'neuron-l2' ? 'l2' : 'activity', this.activitySample());
      keeps.push({ layer: l, keep: strongestNeurons(scores, count) });
    }
    if (keeps.length === 0) return null;
    let params = await backend.readParams();
    let spec = this.specNow, layout = this.layoutNow;
    for (const { layer, keep } of keeps) {
      const next = removeNeurons(spec, layout, params, layer, keep);
      this.initial = shrinkParamArray(layout, next.layout, this.initial, layer, keep);
      if (this.maskNow) this.maskNow = shrinkParamArray(layout, next.layout, this.maskNow, layer, keep);
      ({ spec, layout, params } = next);
    }
    this.specNow = spec;
    this.layoutNow = layout;
    const mask = this.maskNow;
    if (mask) params = params.map((v, i) => (mask[i] === 0 ? 0 : v));
    return { spec, layout, params };
  }

  /** The initial parameters (in the current layout) × the mask. */
  private rewoundParams(): Float32Array {
    const m = this.maskNow;
    return m ? this.initial.map((v, i) => (m[i] === 0 ? 0 : v)) : this.initial.slice();
  }
}
