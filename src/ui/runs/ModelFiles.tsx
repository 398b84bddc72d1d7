/**
 * Export model and Import model: the run leaves the browser as ONNX, safetensors, a PyTorch script or a
 * metrics CSV (written in the worker by engine/export from the run's checkpoint), and an OptiPlay
 * safetensors file comes back in as a run. A file that cannot be read gives a message; nothing changes.
 */
import { type ChangeEvent, memo, useState } from 'react';
import type { ExportKind } from '../../worker/protocol';
import { SelectField } from '../common/fields';

/** One source for the formats' labels and what each file is for. */
export const EXPORT_FORMATS: ReadonlyArray<{ kind: ExportKind; label: string; help: string }> = [
  { kind: 'onnx', label: 'ONNX (.onnx)', help: 'opset 13, input “input” [N, features], output raw logits; runs in onnxruntime' },
  { kind: 'safetensors', label: 'safetensors weights', help: 'the weights with the run’s settings in the metadata; Import model reads it back' },
  { kind: 'pytorch', label: 'PyTorch script (.py)', help: 'rebuilds the network, loads the safetensors export, prints the test accuracy and can train on' },
  { kind: 'csv', label: 'Metrics CSV', help: 'step, losses, accuracies, learning rate and gradient norms of every evaluation' },
];

/** Largest safetensors file accepted (a 1024-wide, 7-layer model is about 25 MB). */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

interface Props {
  ready: boolean;
  onExport(kind: ExportKind): void;
  onImport(fileName: string, bytes: Uint8Array<ArrayBuffer>): void;
  /** A file that could not be used; nothing was changed. */
  onBadFile(message: string): void;
}

export const ModelFiles = memo(function ModelFiles({ ready, onExport, onImport, onBadFile }: Props) {
  const [kind, setKind] = useState<ExportKind>('onnx');
  const format = EXPORT_FORMATS.find((f) => f.kind === kind) ?? EXPORT_FORMATS[0];

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      onBadFile(`Could not import “${file.name}”: ${(file.size / 1e6).toFixed(0)} MB is larger than any OptiPlay model. Nothing was changed.`);
      return;
    }
    try {
      onImport(file.name, new Uint8Array(await file.arrayBuffer()));
    } catch (err) {
      onBadFile(`Could not read “${file.name}” (${(err as Error).message}). Nothing was changed.`);
    }
  };

  return (
    <fieldset className="model-files">
      <legend>Model files</legend>
      <SelectField<ExportKind>
        id="f-export-format"
        label="Export format"
        value={kind}
        options={EXPORT_FORMATS.map((f) => ({ value: f.kind, label: f.label }))}
        help={`${format.help}.`}
        onChange={setKind}
      />
      <div className="config-file">
        <button type="button" disabled={!ready} onClick={() => onExport(kind)}>
          Export model
        </button>
        <label className="file-button">
          Import model
          <input type="file" accept=".safetensors" onChange={(e) => void importFile(e)} />
        </label>
      </div>
    </fieldset>
  );
});
