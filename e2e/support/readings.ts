/**
 * What the e2e fixtures read off the page, as pure functions and types: the step in the status line, a
 * number in a readout, the model-size readout, the technique area that holds a control or panel, and the
 * shape of a recorded run. Split from fixtures.ts, which drives the page.
 */

/** Parses "Step 1,234" (any thousands separator) out of the status line; null when absent. */
export function parseStep(status: string): number | null {
  const m = /\bStep\s+(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?!\d)|\d+)/.exec(status);
  if (!m) return null;
  return Number(m[1].replace(/[^\d]/g, ''));
}

/** Parses the first number in a readout like "95.3%" or "0.0421"; NaN when there is none. */
export function parseNumber(text: string): number {
  const m = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/i.exec(text.replace(/[\u00a0\u202f,]/g, ''));
  return m ? Number(m[0]) : NaN;
}

/**
 * Where a person finds each control and panel: the technique area whose tab holds it. The helpers below
 * open that area first when the control is not on screen (the area tabs keep one area open at a time).
 */
const AREA_OF: Array<[RegExp, string]> = [
  [/^(Dataset|Noise|Training data|Samples|Seed|Hidden layers|Neurons in layer \d+|Activation|Regenerate data|LeNet-300-100 preset|Network|Misclassified digits|First-layer weights)$/, 'Data & model'],
  [/^(Loss|Learning rate|Batch size|Optimizer|Momentum|Nesterov|Dampening|Beta1|Beta2|Epsilon|Centered|Weight decay|Schedule|Decay every \(steps\)|Decay factor|Cosine length \(steps\)|Floor \(share of rate\)|Warm-up steps|Add lane|Gradient health|Race|Learning rate schedule)$/, 'Train'],
  [/^(Regularization|Regularization rate|Weights)$/, 'Regularize'],
  [/^(Prune|Sparsity|Pruning method|Pruning schedule|Start pruning at step|Pruning steps|Prune every \(steps\)|Rewind to initial weights|Quantize|Bits|Scheme|Granularity|Mode|Layer \d+ bits|Model size|Sparsity per layer|Accuracy vs size)$/, 'Compress'],
  [/^(Export config|Import config|Copy link|Export format|Export model|Import model|Runs)$/, 'Runs'],
  [/^Lessons$/, 'Lessons'],
];

export function areaOf(name: string): string | null {
  return AREA_OF.find(([re]) => re.test(name))?.[1] ?? null;
}

export interface ModelSizeReading {
  float32: number;
  stored: number;
  /** float32 / stored, as the readout states it (1 when nothing is compressed). */
  ratio: number;
}

const UNITS: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

/** "Model size: 1.07 MB float32 → 33.2 kB stored (32.1× smaller)" (or "… float32 (nothing compressed)") → bytes. */
export function parseModelSize(text: string): ModelSizeReading {
  const size = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Number(m[1]) * UNITS[m[2]] : NaN;
  };
  const float32 = size(/([\d.]+) (B|kB|MB|GB) float32/);
  const stored = /stored/.test(text) ? size(/→ ([\d.]+) (B|kB|MB|GB) stored/) : float32;
  // The readout's own ratio is exact; the two sizes are rounded to 3 significant digits.
  const stated = /\(([\d.]+)× smaller\)/.exec(text);
  return { float32, stored, ratio: stated ? Number(stated[1]) : float32 / stored };
}

/** See Playground.startRecording(). */
export interface RecordedRun {
  /** The step counts the status line showed, in order (consecutive repeats dropped). */
  steps: number[];
  /** How many DOM changes showed a cleared loss history. */
  cleared: number;
  /** [status-line step, test accuracy %, Date.now()] each time the accuracy readout changed. */
  accuracy: Array<[number, number, number]>;
}
