/**
 * The exports of a run, each one file made from a Checkpoint (lane 0; see exportModel.ts), for the UI's
 * download buttons (pure: no DOM; the worker or the UI wraps `bytes` in a Blob):
 *   onnx         optiplay-<dataset>-step<N>.onnx          the network as ONNX (opset 13), raw outputs
 *   safetensors  optiplay-<dataset>-step<N>.safetensors   weights, optimizer state, metadata (Import model reads it)
 *   pytorch      optiplay-<dataset>-step<N>.py            a PyTorch script that loads the safetensors file of
 *                the same name from its own folder (download both), evaluates it and can go on training
 *   csv          optiplay-<dataset>-step<N>-metrics.csv   the metric history of every lane
 * `note` says what the weights are (float32, or fake-quantized floats; pruned zeros) where that matters.
 */
import type { Checkpoint } from '../checkpoint';
import { metricsCsv } from './metricsCsv';
import { onnxFromCheckpoint } from './onnx';
import { pytorchScript } from './pytorchScript';
import { safetensorsFromCheckpoint } from './safetensors';

export const EXPORT_KINDS = ['onnx', 'safetensors', 'pytorch', 'csv'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportFile {
  /** The file name to download as. */
  name: string;
  mime: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** A sentence for the user about the weights in the file (model exports). */
  note?: string;
}

/** "optiplay-mnist-step1500": the stem every export of this checkpoint shares. */
export function exportBaseName(ckpt: Pick<Checkpoint, 'config' | 'step'>): string {
  return `optiplay-${ckpt.config.dataset}-step${ckpt.step}`;
}

/** The file for one kind of export. Throws a clear Error when the checkpoint is broken. */
export function exportFiles(ckpt: Checkpoint, kind: ExportKind): ExportFile {
  const base = exportBaseName(ckpt);
  switch (kind) {
    case 'onnx': {
      const { bytes, note } = onnxFromCheckpoint(ckpt);
      return { name: `${base}.onnx`, mime: 'application/octet-stream', bytes, note };
    }
    case 'safetensors': {
      const { bytes, note } = safetensorsFromCheckpoint(ckpt);
      return { name: `${base}.safetensors`, mime: 'application/octet-stream', bytes, note };
    }
    case 'pytorch':
      return {
        name: `${base}.py`,
        mime: 'text/x-python',
        bytes: new TextEncoder().encode(pytorchScript(ckpt, `${base}.safetensors`)),
        note: `Run it next to ${base}.safetensors (the safetensors export of the same run): python3 ${base}.py`,
      };
    case 'csv':
      return { name: `${base}-metrics.csv`, mime: 'text/csv', bytes: new TextEncoder().encode(metricsCsv(ckpt.history)) };
  }
}
