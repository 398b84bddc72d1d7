/**
 * ONNX export: the exported model (exportModel.ts) as an ONNX ModelProto, written with our protobuf
 * writer. Field numbers are those of onnx/onnx.proto (IR version 7), opset 13 of the default domain.
 *
 * Graph (N rows, F = spec.inputDim features, C = outputs):
 *   input   float [N, F]   (MNIST: pixel/255, 28×28 row-major; toy data: the point's coordinates)
 *   z1 = Gemm(input, W1, b1, transB=1)   W1: [out1, F] (PyTorch's nn.Linear.weight), b1: [out1]
 *   a1 = Relu | Tanh | Sigmoid (z1)      (no node for a linear hidden layer)
 *   …
 *   logits = Gemm(a_{L-1}, WL, bL, transB=1)   float [N, C], raw outputs (no softmax)
 * Pruned weights are stored as zeros; quantized weights as their fake-quantized float32 values (the
 * model's doc_string says so).
 */
import type { Checkpoint } from '../checkpoint';
import type { Activation } from '../config';
import { csvMetadata, exportedTask, exportModel, type ExportedModel } from './exportModel';
import { ProtoWriter } from './protobuf';

export const ONNX_IR_VERSION = 7;
export const ONNX_OPSET = 13;
export const ONNX_PRODUCER = 'OptiPlay';
export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'logits';

/** onnx.proto field numbers (IR version 7). */
const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 };
const OPSET = { domain: 1, version: 2 };
const GRAPH = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const ATTRIBUTE = { name: 1, i: 3, type: 20 };
const ATTRIBUTE_INT = 2;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8 };
const FLOAT = 1;
const VALUE_INFO = { name: 1, type: 2 };
const TYPE = { tensorType: 1 };
const TENSOR_TYPE = { elemType: 1, shape: 2 };
const SHAPE = { dim: 1 };
const DIM = { value: 1, param: 2 };
const ENTRY = { key: 1, value: 2 };

const ACTIVATION_OP: Record<Activation, string | null> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', linear: null };

export interface OnnxOptions {
  /** The model's doc_string (defaults to the export note). */
  docString?: string;
  /** ModelProto.metadata_props (key → value). */
  metadata?: Record<string, string>;
  graphName?: string;
}

/** A float tensor initializer. */
function tensor(w: ProtoWriter, name: string, dims: number[], data: Float32Array): void {
  w.packedVarints(TENSOR.dims, dims).varint(TENSOR.dataType, FLOAT).packedFloats(TENSOR.floatData, data).string(TENSOR.name, name);
}

/** A float graph input/output of shape [N, width] (N symbolic). */
function valueInfo(w: ProtoWriter, name: string, width: number): void {
  w.string(VALUE_INFO.name, name).message(VALUE_INFO.type, (t) =>
    t.message(TYPE.tensorType, (tt) =>
      tt.varint(TENSOR_TYPE.elemType, FLOAT).message(TENSOR_TYPE.shape, (s) => {
        s.message(SHAPE.dim, (d) => d.string(DIM.param, 'N'));
        s.message(SHAPE.dim, (d) => d.varint(DIM.value, width));
      }),
    ),
  );
}

function node(w: ProtoWriter, opType: string, name: string, inputs: string[], output: string, intAttrs: Record<string, number> = {}): void {
  for (const i of inputs) w.string(NODE.input, i);
  w.string(NODE.output, output).string(NODE.name, name).string(NODE.opType, opType);
  for (const [k, v] of Object.entries(intAttrs)) w.message(NODE.attribute, (a) => a.string(ATTRIBUTE.name, k).varint(ATTRIBUTE.i, v).varint(ATTRIBUTE.type, ATTRIBUTE_INT));
}

/** Encodes the exported model as an ONNX file (see the file comment for the graph). */
export function encodeOnnx(model: ExportedModel, options: OnnxOptions = {}): Uint8Array<ArrayBuffer> {
  const { spec, weights } = model;
  const last = spec.layers.length - 1;
  const graph = new ProtoWriter();
  let x = ONNX_INPUT;
  spec.layers.forEach((L, l) => {
    const k = l + 1;
    const z = l === last ? ONNX_OUTPUT : `z${k}`;
    graph.message(GRAPH.node, (n) => node(n, 'Gemm', `gemm${k}`, [x, `W${k}`, `b${k}`], z, { transB: 1 }));
    const op = l === last ? null : ACTIVATION_OP[L.activation];
    if (op) {
      graph.message(GRAPH.node, (n) => node(n, op, `${op.toLowerCase()}${k}`, [z], `a${k}`));
      x = `a${k}`;
    } else x = z;
  });
  graph.string(GRAPH.name, options.graphName ?? 'optiplay_mlp');
  weights.forEach(({ W, b }, l) => {
    const L = spec.layers[l];
    graph.message(GRAPH.initializer, (t) => tensor(t, `W${l + 1}`, [L.outDim, L.inDim], W));
    graph.message(GRAPH.initializer, (t) => tensor(t, `b${l + 1}`, [L.outDim], b));
  });
  graph.message(GRAPH.input, (v) => valueInfo(v, ONNX_INPUT, spec.inputDim));
  graph.message(GRAPH.output, (v) => valueInfo(v, ONNX_OUTPUT, spec.layers[last].outDim));

  const m = new ProtoWriter();
  m.varint(MODEL.irVersion, ONNX_IR_VERSION)
    .message(MODEL.opsetImport, (o) => o.string(OPSET.domain, '').varint(OPSET.version, ONNX_OPSET))
    .string(MODEL.producerName, ONNX_PRODUCER)
    .string(MODEL.producerVersion, '1')
    .string(MODEL.docString, options.docString ?? model.note)
    .bytes(MODEL.graph, graph);
  for (const [key, value] of Object.entries(options.metadata ?? {})) m.message(MODEL.metadataProps, (e) => e.string(ENTRY.key, key).string(ENTRY.value, value));
  return m.finish();
}

/** What the input features are, for a reader of the file. */
export function inputDescription(ckpt: Pick<Checkpoint, 'config' | 'csv'>): string {
  if (ckpt.config.dataset === 'mnist') return 'MNIST digit: 28×28 pixels row-major, each pixel/255 as float32 (0 = background, 1 = ink)';
  if (ckpt.config.dataset === 'csv' && ckpt.csv) {
    return `the features ${ckpt.csv.featureNames.join(', ')} of “${ckpt.csv.fileName}”, each standardised as (value − mean) / std with the training rows' mean and std in the metadata "optiplay.csv" (a feature with one value was dropped)`;
  }
  return ckpt.config.dataset === 'line' || ckpt.config.dataset === 'sine' ? 'x, one float in about [-1, 1]' : '(x, y) point, two floats in about [-1, 1]';
}

/** The ONNX file of a checkpoint's run, and the note the UI shows (what the weights are). */
export function onnxFromCheckpoint(ckpt: Checkpoint): { bytes: Uint8Array<ArrayBuffer>; note: string } {
  const model = exportModel(ckpt);
  const widths = [model.spec.inputDim, ...model.spec.layers.map((L) => L.outDim)].join('-');
  const regression = exportedTask(model.spec) === 'regression';
  const table = csvMetadata(ckpt);
  const docString = `OptiPlay MLP ${widths} (${ckpt.config.activation}) trained on ${ckpt.config.dataset} for ${ckpt.step} steps. ` +
    `Input "${ONNX_INPUT}": ${inputDescription(ckpt)}. Output "${ONNX_OUTPUT}": ${regression ? 'the predicted value' : 'raw class scores (argmax = class; apply softmax for probabilities)'}. ${model.note}`;
  const bytes = encodeOnnx(model, {
    docString,
    metadata: {
      'optiplay.dataset': ckpt.config.dataset,
      'optiplay.step': String(ckpt.step),
      'optiplay.quantization': model.quantized && ckpt.compressor.quant ? JSON.stringify(ckpt.compressor.quant) : 'none',
      'optiplay.config': JSON.stringify(ckpt.config),
      ...(table ? { 'optiplay.csv': table } : {}),
    },
  });
  return { bytes, note: model.note };
}
