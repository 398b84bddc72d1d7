/**
 * A trial the population's kernels do not train: one that prunes (Sparsity) or quantizes (Bits). It runs
 * as its own group of one, an ordinary Trainer (engine/train/) on its own backend, so its pruning mask,
 * gradual schedule and quantization-aware training are exactly the playground's, and Load into playground
 * reproduces it. Its model size is the compressed one (mask and bits: engine/compressionView.ts), which
 * the objective 'accuracy-at-size' reads.
 */
import type { RunConfig } from '../runConfig';
import type { MnistRaw } from '../mnist';
import type { CsvSource } from '../data/csvSource';
import type { Dataset } from '../datasets';
import type { ModelSpec, ParamLayout } from '../model';
import { setupRun } from '../run';
import { Trainer, type BackendFactory } from '../train/trainer';
import type { TrialEvaluation } from '../population/types';

/** True when a trial's config needs a Trainer of its own (the population trains plain runs only). */
export function needsSolo(config: RunConfig): boolean {
  return config.prune || config.quantize;
}

export class SoloTrial {
  private constructor(
    private readonly trainer: Trainer,
    readonly data: Dataset,
  ) {}

  static async create(config: RunConfig, backends: BackendFactory, mnist?: MnistRaw, csv?: CsvSource): Promise<SoloTrial> {
    const setup = setupRun(config, mnist, csv);
    return new SoloTrial(await Trainer.create(setup, backends), setup.data);
  }

  get spec(): ModelSpec {
    return this.trainer.compressor.spec;
  }

  get layout(): ParamLayout {
    return this.trainer.compressor.layout;
  }

  /** One step, after the compression work due before it (a pruning event). */
  async step(): Promise<void> {
    if (this.trainer.compressionDue()) await this.trainer.compress();
    this.trainer.doStep();
  }

  /** The run's evaluation now (the playground's: masked, fake-quantized weights), and its stored size in bytes. */
  async evaluate(): Promise<{ evaluation: TrialEvaluation; bytes: number }> {
    for (;;) {
      const pending = this.trainer.evaluate(false);
      if (pending) {
        const ev = await pending;
        const p = ev.points.find((x) => x.lane === 0);
        const halted = ev.halts.some((h) => h.lane === 0);
        const evaluation: TrialEvaluation = p && !halted
          ? { trainLoss: p.trainLoss, testLoss: p.testLoss, trainAccuracy: p.trainAccuracy ?? null, testAccuracy: p.testAccuracy ?? null }
          : { trainLoss: NaN, testLoss: NaN, trainAccuracy: null, testAccuracy: null };
        return { evaluation, bytes: this.trainer.compressor.view(this.trainer.config).total.best };
      }
      await this.trainer.settled();
    }
  }

  /** The float master weights (pruned ones are 0; not fake-quantized), [layout.totalFloats]. */
  readParams(): Promise<Float32Array> {
    return this.trainer.lanes[0].backend.readParams();
  }

  settled(): Promise<void> {
    return this.trainer.settled();
  }

  destroy(): void {
    this.trainer.destroy();
  }
}
