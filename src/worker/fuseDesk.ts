/**
 * The worker's side of the Fuse area (REFERENCE.md "Strategies", Fusion; engine/strategies/): loads the
 * chosen saved runs, says why they cannot be fused when they cannot, and evaluates members, ensembles,
 * soups and the interpolation path on the test split of the first run chosen. The models are evaluated
 * on a backend of their own, from the backend chooser (the GPU when the runs train there, else the CPU),
 * through setParams and evaluate (engine/strategies/evaluate.ts): the run training now is not touched.
 * A job runs beside the message queue (the run goes on) and yields between evaluations; a new request
 * supersedes the one under way. The last soup can be opened as a run (Open soup as a run).
 */
import { BackendLimitError, type TrainingBackend } from '../engine/backend';
import type { Checkpoint } from '../engine/checkpoint';
import type { RunConfig } from '../engine/config';
import { createCpuBackend } from '../engine/cpuBackend';
import type { Dataset } from '../engine/datasets';
import { paramLayout, type ModelSpec } from '../engine/model';
import { backendEvaluator, evaluationInit } from '../engine/strategies/evaluate';
import { ensemble, fusionProblem, greedySoup, interpolationPath, alphaGrid, scoreProbs, softmaxRows, uniformSoup, type Evaluator, type Ingredient, type Score } from '../engine/strategies/fusion';
import { weightMatching } from '../engine/strategies/weightMatching';
import type { RunStore } from '../store/runStore';
import { datasetLabel } from '../store/runSummary';
import type { BackendChooser } from './backends';
import type { FuseKind, FuseRequest, FusedScore, FusionDone, FusionResult } from './fusionProtocol';
import type { Post } from './session';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface FuseHost {
  post: Post;
  store(): Promise<RunStore>;
  /** The run's data (MNIST downloaded when needed); null when it cannot be had (said by the host). */
  dataset(ckpt: Checkpoint): Promise<Dataset | null>;
  chooser: BackendChooser;
  /** Starts a run from these weights (Open soup as a run); false when it could not start (said by the host). */
  openWeights(config: RunConfig, spec: ModelSpec, params: Float32Array, name: string, ckpt: Checkpoint): Promise<boolean>;
}

interface Loaded {
  id: string;
  name: string;
  ckpt: Checkpoint;
}

/** The runs' data in words: the dataset, MNIST's digits, a table's file. */
export function dataLabel(ckpt: Checkpoint): string {
  const c = ckpt.config;
  if (c.dataset === 'mnist') return c.classes === 'all' ? 'MNIST' : `MNIST digits ${c.classes}`;
  if (c.dataset === 'csv') return ckpt.csv?.fileName ?? 'a table';
  return datasetLabel(c.dataset);
}

const ingredient = ({ name, ckpt }: Loaded): Ingredient => {
  const spec = ckpt.lanes[0].spec;
  return { name, spec, seed: ckpt.config.seed, data: dataLabel(ckpt), task: spec.layers.at(-1)?.outDim === 1 ? 'regression' : 'classification' };
};

const widthsOf = (spec: ModelSpec) => [spec.inputDim, ...spec.layers.map((l) => l.outDim)];
const bytesOf = (spec: ModelSpec) => 4 * spec.layers.reduce((n, l) => n + l.inDim * l.outDim + l.outDim, 0);
const scored = (name: string, spec: ModelSpec, s: Score, bytes = bytesOf(spec)): FusedScore => ({ name, widths: widthsOf(spec), bytes, accuracy: s.accuracy, loss: s.loss, errors: s.errors, n: s.n });
const pause = () => new Promise<void>((r) => setTimeout(r, 0));

class Superseded extends Error {}

/** Every device the chooser asks for binds at least this many bytes per buffer (gpu/device.ts requestDevice). */
const MIN_DEVICE_BYTES = 128 * 2 ** 20;

/** An upper bound on the largest buffer evaluating `spec` on the test split takes (all rows at once, the widest layer). */
function evaluationBytes(spec: ModelSpec, data: Dataset): number {
  const widest = Math.max(spec.inputDim, ...spec.layers.map((l) => l.outDim));
  return 4 * Math.max(paramLayout(spec).totalFloats, data.test.x.length, data.test.n * widest);
}

export class FuseDesk {
  private job = 0;
  /** The last soup made, for Open soup as a run. */
  private soup: { config: RunConfig; spec: ModelSpec; params: Float32Array; name: string; ckpt: Checkpoint } | null = null;

  constructor(private readonly host: FuseHost) {}

  async run(req: FuseRequest): Promise<void> {
    const job = ++this.job;
    const say = (text: string) => {
      if (job !== this.job) throw new Superseded();
      this.host.post({ type: 'fusion', update: { kind: 'progress', job: req.kind, text } });
    };
    const problem = (message: string) => this.host.post({ type: 'fusion', update: { kind: 'problem', job: req.kind, message } });
    let backends: TrainingBackend[] = [];
    try {
      const ids = req.kind === 'interpolate' ? [req.a, req.b] : req.ids;
      if (req.kind === 'interpolate' && req.a === req.b) return problem('Choose two different runs as A and B.');
      say('Loading the saved runs…');
      const runs = await this.load(ids, req.kind);
      if (!runs) return;
      const why = fusionProblem(req.kind, runs.map(ingredient));
      if (why) return problem(why);
      const data = await this.host.dataset(runs[0].ckpt);
      if (!data) return problem('The first run’s data could not be loaded.');
      const evaluators = new Map<string, Evaluator>();
      let where = 'CPU';
      const evaluatorFor = async (spec: ModelSpec): Promise<Evaluator> => {
        const key = JSON.stringify(spec);
        const known = evaluators.get(key);
        if (known) return known;
        const init = evaluationInit(spec, data);
        let backend: TrainingBackend;
        try {
          // a model whose buffers would not fit the device the run has is evaluated on the CPU: asking for
          // a bigger device would replace the one the run is training on
          if (evaluationBytes(spec, data) > MIN_DEVICE_BYTES) throw new BackendLimitError('too large to evaluate beside the run');
          backend = (await this.host.chooser.create(init, 1)).backend;
        } catch (e) {
          if (!(e instanceof BackendLimitError)) throw e;
          backend = createCpuBackend(init);
        }
        backends.push(backend);
        where = backend.info.kind === 'webgpu' ? 'WebGPU' : 'CPU';
        const ev = backendEvaluator(backend);
        // one model at a time, and the run's messages between them
        const paced: Evaluator = async (p) => {
          if (job !== this.job) throw new Superseded();
          const out = await ev(p);
          await pause();
          return out;
        };
        evaluators.set(key, paced);
        return paced;
      };
      const result = await this.fuse(req, runs, data, evaluatorFor, say);
      if (job !== this.job) return;
      const done: FusionDone = { result, backend: where, dataset: runs[0].ckpt.config.dataset, testSet: `${dataLabel(runs[0].ckpt)} test split of “${runs[0].name}” (${data.test.n} examples)`, ...this.note(runs) };
      this.host.post({ type: 'fusion', update: { kind: 'done', job: req.kind, ...done } });
    } catch (e) {
      if (e instanceof Superseded) return;
      problem(`${errorText(e)} Nothing was changed.`);
    } finally {
      backends.forEach((b) => b.destroy());
      backends = [];
    }
  }

  /** Opens the last soup as a new run; false (said) when there is none. */
  async openSoup(): Promise<void> {
    const s = this.soup;
    if (!s) {
      this.host.post({ type: 'fusion', update: { kind: 'problem', job: 'soup', message: 'Make a soup first: there is no averaged model to open yet.' } });
      return;
    }
    await this.host.openWeights(s.config, s.spec, s.params, s.name, s.ckpt);
  }

  private async load(ids: string[], kind: FuseKind): Promise<Loaded[] | null> {
    try {
      const store = await this.host.store();
      const list = await store.list();
      const runs: Loaded[] = [];
      for (const id of ids) runs.push({ id, name: list.find((r) => r.id === id)?.name ?? 'a saved run', ckpt: await store.load(id) });
      // runs saved under one name (the default names a minute) are told apart by seed and step
      const names = runs.map((r) => r.name);
      if (new Set(names).size < names.length) for (const r of runs) r.name = `${r.name} (seed ${r.ckpt.config.seed}, step ${r.ckpt.step})`;
      return runs;
    } catch (e) {
      this.host.post({ type: 'fusion', update: { kind: 'problem', job: kind, message: `${errorText(e)} Nothing was changed.` } });
      return null;
    }
  }

  /** Generated data follows each run's seed: say so when the runs' seeds differ. */
  private note(runs: Loaded[]): { note?: string } {
    const first = runs[0].ckpt.config;
    if (first.dataset === 'mnist' || first.dataset === 'csv' || runs.every((r) => r.ckpt.config.seed === first.seed)) return {};
    return { note: `${datasetLabel(first.dataset)}’s points and split follow each run’s seed: every model is tested on the split of seed ${first.seed}, so runs with other seeds trained on some of these points.` };
  }

  private async fuse(req: FuseRequest, runs: Loaded[], data: Dataset, evaluatorFor: (spec: ModelSpec) => Promise<Evaluator>, say: (t: string) => void): Promise<FusionResult> {
    const y = data.test.y;
    const K = data.outputDim;
    const n = data.test.n;
    const spec0 = runs[0].ckpt.lanes[0].spec;
    const paramsOf = (r: Loaded) => r.ckpt.lanes[0].params;
    if (req.kind === 'ensemble') {
      const logits: Float32Array[] = [];
      for (const [i, r] of runs.entries()) {
        say(`Evaluating member ${i + 1} of ${runs.length}…`);
        logits.push(await (await evaluatorFor(r.ckpt.lanes[0].spec))(paramsOf(r)));
      }
      // ensemble() evaluates through an evaluator: hand it the logits already computed
      const members = runs.map((r, i) => scored(r.name, r.ckpt.lanes[0].spec, scoreProbs(softmaxRows(logits[i], n, K), y, K)));
      const e = await ensemble(logits, async (z) => z, y, K, req.rule);
      const total = runs.reduce((s, r) => s + bytesOf(r.ckpt.lanes[0].spec), 0);
      const label = `Ensemble of ${runs.length} (${req.rule === 'vote' ? 'majority vote' : 'mean of probabilities'})`;
      return { kind: 'ensemble', rule: req.rule, members, ensemble: scored(label, spec0, e.ensemble, total) };
    }
    const evaluate = await evaluatorFor(spec0);
    if (req.kind === 'soup') {
      const all = runs.map(paramsOf);
      say('Evaluating the ingredients…');
      const members: FusedScore[] = [];
      for (const r of runs) members.push(scored(r.name, spec0, scoreProbs(softmaxRows(await evaluate(paramsOf(r)), n, K), y, K)));
      const heldOut = Math.floor(n / 2);
      let params: Float32Array;
      let tried: Array<{ name: string; heldOut: number; kept: boolean }> = [];
      if (req.greedy) {
        say('Cooking the greedy soup…');
        const g = await greedySoup(all, evaluate, y, K, { from: 0, to: heldOut });
        params = g.params;
        tried = g.tried.map((t) => ({ name: runs[t.member].name, heldOut: t.heldOut, kept: t.kept }));
      } else params = uniformSoup(all);
      say('Evaluating the soup…');
      const s = scoreProbs(softmaxRows(await evaluate(params), n, K), y, K);
      const count = req.greedy ? tried.filter((t) => t.kept).length : runs.length;
      const name = `${req.greedy ? 'Greedy' : 'Uniform'} soup of ${count} run${count === 1 ? '' : 's'}`;
      this.soup = { config: runs[0].ckpt.config, spec: spec0, params, name, ckpt: runs[0].ckpt };
      return { kind: 'soup', greedy: req.greedy, members, tried, heldOut, soup: scored(name, spec0, s) };
    }
    const [A, B] = runs;
    const alphas = alphaGrid(req.points);
    say(`Interpolating: ${alphas.length} points…`);
    const raw = await interpolationPath(paramsOf(A), paramsOf(B), alphas, evaluate, y, K);
    if (!req.align) return { kind: 'interpolate', a: A.name, b: B.name, raw };
    say('Aligning B’s neurons to A’s (weight matching)…');
    await new Promise<void>((r) => setTimeout(r, 0));
    const m = weightMatching({ spec: spec0, params: paramsOf(A) }, { spec: spec0, params: paramsOf(B) }, 0);
    say(`Interpolating after alignment: ${alphas.length} points…`);
    const aligned = await interpolationPath(paramsOf(A), m.params, alphas, evaluate, y, K);
    return { kind: 'interpolate', a: A.name, b: B.name, raw, aligned: { ...aligned, sweeps: m.sweeps } };
  }
}
