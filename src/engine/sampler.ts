/**
 * Mini-batch sampling: each epoch is a fresh seeded permutation of the training rows, cut into
 * consecutive batches (the last one may be smaller). A batch size ≥ the training-set size gives plain
 * full-batch gradient descent. The batch size may change between any two steps.
 */
import type { SamplerState } from './checkpoint';
import { createRng, rngFromState, shuffle, type Rng } from './rng';

export class BatchSampler {
  private readonly rng: Rng;
  private order: Uint32Array<ArrayBuffer>;
  private pos = 0;
  private epochsDone = 0;

  constructor(readonly n: number, seed: number, from?: SamplerState) {
    if (from) {
      if (from.n !== n || from.order.length !== n) throw new Error(`the sampler state is for ${from.n} training rows, this run has ${n}`);
      this.rng = rngFromState(from.rng);
      this.order = from.order.slice();
      this.pos = from.pos;
      this.epochsDone = from.epochsDone;
    } else {
      this.rng = createRng(seed * 48271 + 11);
      this.order = this.permutation();
    }
  }

  /** Where the sampler is: `new BatchSampler(n, seed, s.state())` draws exactly the batches s would. */
  state(): SamplerState {
    return { n: this.n, order: this.order.slice(), pos: this.pos, epochsDone: this.epochsDone, rng: this.rng.state() };
  }

  private permutation(): Uint32Array<ArrayBuffer> {
    return shuffle(Uint32Array.from({ length: this.n }, (_, i) => i), this.rng);
  }

  next(batchSize: number): Uint32Array<ArrayBuffer> {
    if (batchSize >= this.n) {
      this.epochsDone++;
      return Uint32Array.from({ length: this.n }, (_, i) => i);
    }
    if (this.pos >= this.n) {
      this.order = this.permutation();
      this.pos = 0;
      this.epochsDone++;
    }
    const end = Math.min(this.n, this.pos + batchSize);
    const batch = this.order.slice(this.pos, end);
    this.pos = end;
    if (this.pos >= this.n) {
      this.order = this.permutation();
      this.pos = 0;
      this.epochsDone++;
    }
    return batch;
  }

  /** Epochs seen so far, fractional. */
  get epoch(): number {
    return this.epochsDone + this.pos / this.n;
  }
}
