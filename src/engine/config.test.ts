/**
 * The run's configuration (config.ts): validation and its corrections, the URL hash and JSON round trips,
 * which changes rebuild a run, and the presets.
 */
import { describe, expect, it } from 'vitest';
import { secondTasksFor } from './strategies/secondTasks';
import {
  ACTIVATIONS, OPTIMIZERS, DATASETS, FIELDS, LOSSES, MAX_HIDDEN_LAYERS, MAX_NEURONS, configFromHash, configFromJSON, configToHash,
  configToJSON, defaultConfig, isRegression, needsRebuild, bitsPerLayer, LENET_PRESET, validateConfig, type RunConfig,
} from './config';
import { createRng } from './rng';

const label = (key: string) => FIELDS.find((f) => f.key === key)!.label;

describe('validateConfig', () => {
  it('accepts the defaults unchanged, with no corrections', () => {
    const d = defaultConfig();
    const r = validateConfig(d);
    expect(r.corrections).toEqual([]);
    expect(r.config).toEqual(d);
    expect(d).toMatchObject({ dataset: 'spiral', hidden: [16, 16], activation: 'relu', learningRate: 0.1, batchSize: 16, loss: 'crossentropy' });
  });

  it('fills missing fields with defaults silently', () => {
    expect(validateConfig({})).toEqual({ config: defaultConfig(), corrections: [] });
    expect(validateConfig(undefined)).toEqual({ config: defaultConfig(), corrections: [] });
  });

  it('defaultConfig returns a fresh copy each time (no shared hidden array)', () => {
    const a = defaultConfig();
    a.hidden.push(99);
    expect(defaultConfig().hidden).toEqual([16, 16]);
  });

  it('reports a non-object input and uses defaults', () => {
    for (const bad of [null, 42, 'spiral', [1, 2]]) {
      const r = validateConfig(bad);
      expect(r.config).toEqual(defaultConfig());
      expect(r.corrections).toHaveLength(1);
      expect(r.corrections[0].field).toBe('config');
    }
  });

  it.each([
    ['learningRate', 50, 10],
    ['learningRate', 0, 1e-5],
    ['learningRate', -3, 1e-5],
    ['noise', 0.9, 0.5],
    ['noise', -1, 0],
    ['trainFraction', 1, 0.9],
    ['trainFraction', 0, 0.1],
    ['samples', 10, 50],
    ['samples', 1e9, 5000],
    ['batchSize', 0, 1],
    ['batchSize', 100000, 5000],
    ['seed', -5, 0],
  ] as const)('clamps %s=%s to %s and names the field label', (key, raw, expected) => {
    const r = validateConfig({ ...defaultConfig(), [key]: raw });
    expect(r.config[key]).toBe(expected);
    expect(r.corrections).toHaveLength(1);
    expect(r.corrections[0].field).toBe(key);
    expect(r.corrections[0].message).toContain(label(key));
    expect(r.corrections[0].message).toContain(String(expected));
  });

  it('rounds integer fields and says so', () => {
    const r = validateConfig({ batchSize: 16.6, samples: '200.2' });
    expect(r.config.batchSize).toBe(17);
    expect(r.config.samples).toBe(200);
    expect(r.corrections.map((c) => c.field).sort()).toEqual(['batchSize', 'samples']);
  });

  it('accepts numeric strings in range without corrections', () => {
    const r = validateConfig({ learningRate: '0.03', batchSize: ' 32 ', noise: '0' });
    expect(r.corrections).toEqual([]);
    expect(r.config.learningRate).toBe(0.03);
    expect(r.config.batchSize).toBe(32);
    expect(r.config.noise).toBe(0);
  });

  it.each(['abc', '', '   ', NaN, Infinity, -Infinity, 'Infinity', 'NaN', null, true, {}, [0.5]])(
    'falls back to the default learning rate for %s with a message',
    (raw) => {
      const r = validateConfig({ learningRate: raw });
      expect(r.config.learningRate).toBe(0.1);
      expect(r.corrections).toHaveLength(1);
      expect(r.corrections[0].field).toBe('learningRate');
      expect(r.corrections[0].message).toContain('Learning rate');
      expect(r.corrections[0].message).toContain('not a number');
    },
  );

  it('rejects unknown enum values with the options listed', () => {
    const r = validateConfig({ dataset: 'moons', activation: 'gelu', loss: 'hinge' });
    expect(r.config.dataset).toBe('spiral');
    expect(r.config.activation).toBe('relu');
    expect(r.config.loss).toBe('crossentropy');
    const byField = Object.fromEntries(r.corrections.map((c) => [c.field, c.message]));
    expect(byField.dataset).toContain('Dataset');
    expect(byField.dataset).toContain('moons');
    expect(byField.dataset).toContain('circles');
    expect(byField.activation).toContain('Activation');
    expect(byField.loss).toContain('Loss');
  });

  it('enum values are case-sensitive', () => {
    expect(validateConfig({ dataset: 'Spiral' }).config.dataset).toBe('spiral');
    expect(validateConfig({ dataset: 'Spiral' }).corrections).toHaveLength(1);
  });

  it('cleans a hidden-layer string: drops non-numbers, clamps to 1–1024', () => {
    const r = validateConfig({ hidden: '3000,abc,0,1999' });
    expect(r.config.hidden).toEqual([MAX_NEURONS, 1, MAX_NEURONS]);
    expect(r.corrections).toHaveLength(1);
    expect(r.corrections[0].field).toBe('hidden');
    expect(r.corrections[0].message).toContain('Hidden layers');
  });

  it('keeps at most 6 hidden layers', () => {
    const r = validateConfig({ hidden: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(r.config.hidden).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.config.hidden.length).toBe(MAX_HIDDEN_LAYERS);
    expect(r.corrections).toHaveLength(1);
    const seven = validateConfig({ hidden: '4,4,4,4,4,4,4' });
    expect(seven.config.hidden).toEqual([4, 4, 4, 4, 4, 4]);
    expect(seven.corrections.map((c) => c.field)).toEqual(['hidden']);
    expect(validateConfig({ hidden: '4,4,4,4,4,4' }).corrections).toEqual([]);
  });

  it('accepts a valid hidden list (array or string) and an empty one (no hidden layers)', () => {
    expect(validateConfig({ hidden: [8, 4] })).toEqual({ config: { ...defaultConfig(), hidden: [8, 4] }, corrections: [] });
    expect(validateConfig({ hidden: '8,4' }).config.hidden).toEqual([8, 4]);
    expect(validateConfig({ hidden: '8,4' }).corrections).toEqual([]);
    expect(validateConfig({ hidden: '' })).toEqual({ config: { ...defaultConfig(), hidden: [] }, corrections: [] });
    expect(validateConfig({ hidden: [] }).corrections).toEqual([]);
  });

  it('rounds fractional widths and replaces a non-list hidden value with the default', () => {
    const r = validateConfig({ hidden: [2.4, 3.6] });
    expect(r.config.hidden).toEqual([2, 4]);
    expect(r.corrections).toHaveLength(1);
    const r2 = validateConfig({ hidden: 16 });
    expect(r2.config.hidden).toEqual([16, 16]);
    expect(r2.corrections[0].field).toBe('hidden');
  });

  it('reports unknown keys but keeps the rest', () => {
    const r = validateConfig({ ...defaultConfig(), flavour: 0.9, colour: 'red' });
    expect(r.config).toEqual(defaultConfig());
    const fields = r.corrections.map((c) => c.field).sort();
    expect(fields).toEqual(['colour', 'flavour']);
    expect(r.corrections.find((c) => c.field === 'flavour')!.message).toMatch(/flavour/);
  });

  it('switches a regression dataset away from cross-entropy to MSE with a correction', () => {
    for (const dataset of ['line', 'sine'] as const) {
      const r = validateConfig({ dataset, loss: 'crossentropy' });
      expect(r.config.loss).toBe('mse');
      expect(r.corrections).toHaveLength(1);
      expect(r.corrections[0].field).toBe('loss');
      expect(r.corrections[0].message).toMatch(/MSE/);
      // Loss not given at all: the default (cross-entropy) is corrected too.
      expect(validateConfig({ dataset }).config.loss).toBe('mse');
      // MSE on regression is fine.
      expect(validateConfig({ dataset, loss: 'mse' }).corrections).toEqual([]);
    }
    // Classification keeps either loss.
    expect(validateConfig({ dataset: 'xor', loss: 'mse' })).toEqual({ config: { ...defaultConfig(), dataset: 'xor', loss: 'mse' }, corrections: [] });
  });

  it('isRegression matches the datasets', () => {
    expect(DATASETS.filter(isRegression)).toEqual(['line', 'sine']);
  });

  it('never throws and always returns a config that validates cleanly', () => {
    const rng = createRng(99);
    const junk: unknown[] = ['x', '', -1, 1e300, NaN, null, {}, [], [1, 'a'], true, '1,2,3', '9'.repeat(100)];
    for (let i = 0; i < 300; i++) {
      const raw: Record<string, unknown> = {};
      for (const f of FIELDS) if (rng.next() < 0.7) raw[f.key] = junk[rng.int(junk.length)];
      const r = validateConfig(raw);
      expect(validateConfig(r.config).corrections).toEqual([]);
      for (const c of r.corrections) expect(c.message.length).toBeLessThan(300);
    }
  });
});

function randomConfig(seed: number): RunConfig {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const dataset = pick(DATASETS);
  const hidden = Array.from({ length: rng.int(MAX_HIDDEN_LAYERS + 1) }, () => 1 + rng.int(MAX_NEURONS));
  const secondTask = pick(secondTasksFor(dataset)); // multi-task: only a second task the data can take, with cross-entropy
  return {
    version: 1,
    dataset,
    noise: rng.next() * 0.5,
    samples: 50 + rng.int(dataset === 'mnist' ? 59951 : 4951),
    trainFraction: 0.1 + rng.next() * 0.8,
    batchSize: 1 + rng.int(5000),
    learningRate: Math.exp(Math.log(1e-5) + rng.next() * (Math.log(10) - Math.log(1e-5))),
    hidden,
    activation: pick(ACTIVATIONS),
    loss: isRegression(dataset) ? 'mse' : secondTask !== 'none' ? 'crossentropy' : pick(LOSSES),
    seed: rng.int(2147483648),
    ...randomTrainingFields(rng),
    secondTask,
    layerBits: Array.from({ length: rng.int(hidden.length + 2) }, () => [0, 1, 2, 3, 4, 5, 6, 7, 8, 32][rng.int(10)]),
  } as RunConfig;
}

/** Random valid values for the optimizer, regularization and schedule fields, straight from the table. */
function randomTrainingFields(rng: ReturnType<typeof createRng>) {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS.slice(FIELDS.findIndex((x) => x.key === 'optimizer'))) {
    const k = f.kind;
    if (k.type === 'enum') out[f.key] = k.options[rng.int(k.options.length)];
    else if (k.type === 'bool') out[f.key] = rng.next() < 0.5;
    else if (k.type === 'int') out[f.key] = k.min + rng.int(Math.min(k.max - k.min + 1, 100000));
    else if (k.type === 'number') out[f.key] = k.min + rng.next() * (k.max - k.min);
    else if (k.type === 'laneList') {
      out[f.key] = Array.from({ length: rng.int(k.maxLength + 1) }, () => ({ optimizer: OPTIMIZERS[rng.int(OPTIMIZERS.length)], learningRate: 1e-4 + rng.next() }));
    }
  }
  return out as Partial<RunConfig>;
}

describe('URL hash', () => {
  it('round-trips 500 random valid configs exactly', () => {
    for (let s = 0; s < 500; s++) {
      const c = randomConfig(s);
      expect(validateConfig(c).corrections).toEqual([]);
      const hash = configToHash(c);
      const back = configFromHash('#' + hash);
      expect(back.corrections).toEqual([]);
      expect(back.config).toEqual(c);
      // Also without the leading '#'.
      expect(configFromHash(hash).config).toEqual(c);
    }
  });

  it('uses the short URL keys in table order', () => {
    const hash = configToHash(defaultConfig());
    expect(hash.startsWith('data=spiral&noise=0.1&n=600&train=0.7&batch=16&lr=0.1&hidden=16%2C16&act=relu&loss=crossentropy&seed=1&opt=sgd&mom=0.9&nest=0&')).toBe(true);
  });

  it('missing keys take defaults silently; an empty hash is the default config', () => {
    expect(configFromHash('')).toEqual({ config: defaultConfig(), corrections: [] });
    expect(configFromHash('#')).toEqual({ config: defaultConfig(), corrections: [] });
    expect(configFromHash('#lr=0.5')).toEqual({ config: { ...defaultConfig(), learningRate: 0.5 }, corrections: [] });
  });

  it('corrects bad values and reports unknown link keys', () => {
    const r = configFromHash('#lr=abc&batch=0&hidden=3000,abc,0,1999&data=moons&zoom=3');
    expect(r.config.learningRate).toBe(0.1);
    expect(r.config.batchSize).toBe(1);
    expect(r.config.hidden).toEqual([1024, 1, 1024]);
    expect(r.config.dataset).toBe('spiral');
    expect(r.corrections.map((c) => c.field).sort()).toEqual(['batchSize', 'dataset', 'hidden', 'learningRate', 'zoom']);
    expect(r.corrections.find((c) => c.field === 'zoom')!.message).toContain('zoom');
  });

  it('an empty hidden list round-trips as zero hidden layers', () => {
    const c = { ...defaultConfig(), hidden: [] };
    expect(configFromHash(configToHash(c))).toEqual({ config: c, corrections: [] });
  });
});

describe('JSON', () => {
  it('round-trips through configToJSON/configFromJSON', () => {
    for (let s = 0; s < 100; s++) {
      const c = randomConfig(1000 + s);
      expect(configFromJSON(configToJSON(c))).toEqual({ config: c, corrections: [] });
    }
  });

  it.each(['{', '', 'not json', '{"lr": }', 'undefined'])('reports broken JSON %j and returns defaults', (text) => {
    const r = configFromJSON(text);
    expect(r.config).toEqual(defaultConfig());
    expect(r.corrections).toHaveLength(1);
    expect(r.corrections[0].field).toBe('file');
    expect(r.corrections[0].message).toMatch(/not valid JSON/);
  });

  it('valid JSON that is not an object gives defaults with a message', () => {
    for (const text of ['[]', '42', '"spiral"', 'null']) {
      const r = configFromJSON(text);
      expect(r.config).toEqual(defaultConfig());
      expect(r.corrections.length).toBeGreaterThan(0);
    }
  });

  it('partial JSON keeps what is valid', () => {
    const r = configFromJSON('{"dataset":"xor","learningRate":99,"hidden":[4]}');
    expect(r.config).toEqual({ ...defaultConfig(), dataset: 'xor', learningRate: 10, hidden: [4] });
    expect(r.corrections.map((c) => c.field)).toEqual(['learningRate']);
  });
});

describe('needsRebuild', () => {
  const base = defaultConfig();
  it('is false for identical configs and for live fields only', () => {
    expect(needsRebuild(base, defaultConfig())).toBe(false);
    expect(needsRebuild(base, { ...base, learningRate: 0.01 })).toBe(false);
    expect(needsRebuild(base, { ...base, batchSize: 128 })).toBe(false);
    expect(needsRebuild(base, { ...base, learningRate: 3, batchSize: 1 })).toBe(false);
  });

  it.each<[string, Partial<RunConfig>]>([
    ['dataset', { dataset: 'circles' }],
    ['noise', { noise: 0.2 }],
    ['samples', { samples: 300 }],
    ['trainFraction', { trainFraction: 0.5 }],
    ['hidden width', { hidden: [16, 8] }],
    ['hidden depth', { hidden: [16] }],
    ['activation', { activation: 'tanh' }],
    ['loss', { loss: 'mse' }],
    ['seed', { seed: 2 }],
  ])('is true when %s changes', (_, patch) => {
    expect(needsRebuild(base, { ...base, ...patch })).toBe(true);
  });

  it('does not confuse hidden [1,6] with [16]', () => {
    expect(needsRebuild({ ...base, hidden: [1, 6] }, { ...base, hidden: [16] })).toBe(true);
  });
});

describe('race lanes', () => {
  it('parses optimizer:rate lanes from the URL and writes them back', () => {
    const r = configFromHash('#race=adam:0.001,momentum:0.1');
    expect(r.corrections).toEqual([]);
    expect(r.config.race).toEqual([
      { optimizer: 'adam', learningRate: 0.001 },
      { optimizer: 'momentum', learningRate: 0.1 },
    ]);
    expect(configToHash(r.config)).toContain('race=adam%3A0.001%2Cmomentum%3A0.1');
  });

  it('drops unreadable lanes, clamps rates and keeps at most three, saying so', () => {
    const r = configFromHash('#race=adam:0.001,banana:1,sgd:99,rmsprop:x,adagrad:0.01,adamw:0.001');
    expect(r.config.race).toEqual([
      { optimizer: 'adam', learningRate: 0.001 },
      { optimizer: 'sgd', learningRate: 10 },
    ]);
    expect(r.corrections.map((c) => c.field)).toEqual(['race']);
    expect(r.corrections[0].message).toMatch(/^Race: /);
  });

  it('a lane change needs a rebuild; the main optimizer does not', () => {
    const a = defaultConfig();
    expect(needsRebuild(a, { ...a, race: [{ optimizer: 'adam', learningRate: 0.001 }] })).toBe(true);
    expect(needsRebuild(a, { ...a, optimizer: 'adam', beta1: 0.8, schedule: 'cosine' })).toBe(false);
  });
});

describe('MNIST, pruning and quantization settings', () => {
  it('allows 60,000 samples for MNIST only', () => {
    expect(validateConfig({ dataset: 'mnist', samples: 60000 }).corrections).toEqual([]);
    const toy = validateConfig({ dataset: 'spiral', samples: 60000 });
    expect(toy.config.samples).toBe(5000);
    expect(toy.corrections.map((c) => c.field)).toEqual(['samples']);
  });

  it('keeps one bit width per layer, each 0, 1–8 or 32', () => {
    const r = validateConfig({ hidden: [300, 100], layerBits: [4, 20, 32, 8] });
    expect(r.config.layerBits).toEqual([4, 32, 32]);
    expect(r.corrections.map((c) => c.field)).toEqual(['layerBits']);
    expect(validateConfig({ hidden: [300, 100], layerBits: '0,8,32' }).corrections).toEqual([]);
  });

  it('bitsPerLayer: 32 everywhere when off; "Bits" where a layer says 0', () => {
    const c = { ...defaultConfig(), hidden: [300, 100], quantize: true, bits: 4, layerBits: [0, 2, 32] };
    expect(bitsPerLayer(c, 3)).toEqual([4, 2, 32]);
    expect(bitsPerLayer({ ...c, layerBits: [] }, 3)).toEqual([4, 4, 4]);
    expect(bitsPerLayer({ ...c, quantize: false }, 3)).toEqual([32, 32, 32]);
  });

  it('pruning and quantization settings apply live (no rebuild)', () => {
    const a = defaultConfig();
    expect(needsRebuild(a, { ...a, prune: true, sparsity: 0.5, pruneMethod: 'neuron-l2', quantize: true, bits: 3, quantMode: 'post-training' })).toBe(false);
    expect(needsRebuild(a, { ...a, dataset: 'mnist' })).toBe(true);
  });

  it('the LeNet preset is a valid config', () => {
    const r = validateConfig({ ...defaultConfig(), ...LENET_PRESET });
    expect(r.corrections).toEqual([]);
    expect(r.config).toMatchObject({ dataset: 'mnist', hidden: [300, 100], samples: 60000, optimizer: 'adam' });
  });
});
