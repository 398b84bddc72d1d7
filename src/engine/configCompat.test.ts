/**
 * Links and config files written before checkpoints existed (config version 1, the current one) keep
 * loading unchanged: the run history added no setting, so no migration step rewrites them.
 */
import { describe, expect, it } from 'vitest';
import { CONFIG_VERSION, configFromHash, configFromJSON } from './config';

/** A config file as "Export config" wrote it before this release (LeNet preset with 4-bit QAT and pruning). */
const V1_FILE = `{
  "version": 1, "dataset": "mnist", "noise": 0.1, "samples": 60000, "trainFraction": 0.8, "batchSize": 128,
  "learningRate": 0.001, "hidden": [300, 100], "activation": "relu", "loss": "crossentropy", "seed": 1,
  "optimizer": "adam", "momentum": 0.9, "nesterov": false, "dampening": 0, "beta1": 0.9, "beta2": 0.999,
  "epsilon": 1e-8, "centered": false, "weightDecay": 0, "regularization": "none", "regularizationRate": 0.001,
  "schedule": "constant", "stepSize": 100, "gamma": 0.5, "totalSteps": 1000, "minLrFactor": 0, "warmupSteps": 100,
  "race": [{ "optimizer": "sgd", "learningRate": 0.1 }], "prune": true, "sparsity": 0.9, "pruneMethod": "global-magnitude",
  "pruneSchedule": "gradual", "pruneStart": 0, "pruneSteps": 1000, "pruneEvery": 100, "rewind": false,
  "quantize": true, "bits": 4, "layerBits": [], "quantScheme": "symmetric", "granularity": "per-tensor", "quantMode": "aware"
}`;

describe('version 1 links and files', () => {
  it('a version 1 file loads with no correction', () => {
    const r = configFromJSON(V1_FILE);
    expect(r.corrections).toEqual([]);
    expect(r.config).toMatchObject({ version: CONFIG_VERSION, dataset: 'mnist', hidden: [300, 100], prune: true, bits: 4, race: [{ optimizer: 'sgd', learningRate: 0.1 }] });
  });

  it('a version 1 link loads with no correction', () => {
    const r = configFromHash('#data=mnist&n=2000&hidden=32&opt=adam&lr=0.002&batch=64&prune=1&sp=0.5&quant=1&bits=4&race=sgd:0.1');
    expect(r.corrections).toEqual([]);
    expect(r.config).toMatchObject({ dataset: 'mnist', samples: 2000, hidden: [32], prune: true, sparsity: 0.5, quantize: true, bits: 4 });
  });
});
