/** exportFiles: one file per kind, named after the run, the script pointing at the safetensors file it pairs with. */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config';
import { decodeSafetensors } from './safetensors';
import { EXPORT_KINDS, exportFiles } from './index';
import { trainedCheckpoint } from './testCheckpoint';

describe('exportFiles', () => {
  it('names every file optiplay-<dataset>-step<N>.<ext>, with its mime type and bytes', async () => {
    const { ckpt } = await trainedCheckpoint(validateConfig({ dataset: 'circles', samples: 200, hidden: [4] }).config, 30, { evalEvery: 10 });
    const files = EXPORT_KINDS.map((k) => exportFiles(ckpt, k));
    expect(files.map((f) => [f.name, f.mime])).toEqual([
      ['optiplay-circles-step30.onnx', 'application/octet-stream'],
      ['optiplay-circles-step30.safetensors', 'application/octet-stream'],
      ['optiplay-circles-step30.py', 'text/x-python'],
      ['optiplay-circles-step30-metrics.csv', 'text/csv'],
    ]);
    for (const f of files) expect(f.bytes.length).toBeGreaterThan(100);
    expect(files[0].note).toBe('The weights are float32, as trained.');
    const script = new TextDecoder().decode(files[2].bytes);
    expect(script).toContain("DEFAULT_WEIGHTS = \"optiplay-circles-step30.safetensors\"");
    expect(files[2].note).toContain('optiplay-circles-step30.safetensors');
    expect(decodeSafetensors(files[1].bytes).metadata.step).toBe('30');
    expect(new TextDecoder().decode(files[3].bytes).trimEnd().split('\n').length).toBe(1 + 3);
  });

  it('refuses a broken checkpoint with a clear message', async () => {
    const { ckpt } = await trainedCheckpoint(validateConfig({ dataset: 'xor', samples: 100, hidden: [3] }).config, 1);
    const broken = { ...ckpt, lanes: [{ ...ckpt.lanes[0], params: new Float32Array(5) }] };
    expect(() => exportFiles(broken, 'onnx')).toThrow(/The checkpoint's parameters have 5 floats; the model needs \d+\./);
  });
});
