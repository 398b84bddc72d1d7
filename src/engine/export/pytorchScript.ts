/**
 * The PyTorch export: a standalone Python 3 script (torch ≥ 1.13; numpy only for --save; no safetensors
 * package) that pairs with the safetensors export (safetensors.ts) of the same run. It reads the model,
 * config and quantization from the file's metadata, rebuilds the MLP (nn.Linear + activations; module
 * names match the tensor names layers.{l}.weight / .bias), prints the test accuracy in a fixed line
 *   test accuracy: 97.53% (9753/10000)        (regression: "test MSE: 0.0123456 (n=300)")
 * and with --train-steps N goes on training with the run's optimizer (torch.optim, same settings and, when
 * the file has it, the same optimizer state), learning-rate schedule, coupled L1/L2 regularization, pruning
 * mask and quantization (QAT: fake-quantized forward, clipped straight-through gradient), then prints the
 * accuracy again; --save PATH writes an OptiPlay safetensors file that Import model reads.
 * Test data: MNIST from the standard IDX files (--data DIR); toy datasets from the file's data.* tensors.
 * Batches are drawn with torch's RNG, so continued training is not the playground's batch order.
 */
import type { Checkpoint } from '../checkpoint';
import { PY_CONSTANTS, PY_FAIL, PY_MLP, PY_MNIST, PY_QUANTIZE, PY_TRAINING, pythonJoin } from './pythonParts';

/** The script's text; `weightsFile` is the safetensors file name it loads by default (next to the script). */
export function pytorchScript(ckpt: Checkpoint, weightsFile: string): string {
  const spec = ckpt.lanes[0]?.spec;
  const widths = spec ? [spec.inputDim, ...spec.layers.map((L) => L.outDim)].join('-') : '?';
  const summary = `${ckpt.config.dataset} MLP ${widths} (${ckpt.config.activation}), ${ckpt.config.optimizer}, step ${ckpt.step}`;
  const name = JSON.stringify(weightsFile);
  const scriptName = weightsFile.replace(/\.safetensors$/i, '') + '.py';
  return String.raw`#!/usr/bin/env python3
"""OptiPlay model: ${summary.replace(/"/g, "'")}.

Rebuilds the network trained in the OptiPlay playground, loads the weights exported with it
(${weightsFile.replace(/"/g, "'")}, next to this script by default), prints the test accuracy, and can go on
training with the same optimizer settings.

    python3 ${scriptName} [WEIGHTS.safetensors] [--data DIR] [--test-count N]
        [--train-steps N] [--save OUT.safetensors] [--seed N] [--device cpu]

Needs Python 3 and PyTorch >= 1.13 (numpy for --save). The safetensors file is parsed here, no package needed.
MNIST runs read the standard IDX files (t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, and for training
train-images-idx3-ubyte, train-labels-idx1-ubyte; .gz works too) from --data DIR, by default ./mnist,
./MNIST/raw or ./data. The weights are the ones the playground evaluated: masked, and fake-quantized
floats when the run was quantized; the float masters (master.* tensors) are what training continues from.
"""
import argparse, gzip, json, math, os, struct, sys

import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULT_WEIGHTS = ${name}
HERE = os.path.dirname(os.path.abspath(__file__))
# torch.optim state names of OptiPlay's two optimizer state arrays (state0, state1)
STATE_KEYS = {'momentum': ['momentum_buffer'], 'rmsprop': ['square_avg', 'grad_avg'], 'adagrad': ['sum'],
              'adam': ['exp_avg', 'exp_avg_sq'], 'adamw': ['exp_avg', 'exp_avg_sq']}
${PY_CONSTANTS}

${PY_FAIL}

def read_safetensors(path):
    """-> (tensors: name -> tensor, metadata: dict of strings)"""
    if sys.byteorder != 'little':
        fail('this script reads safetensors on little-endian machines only')
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError as e:
        fail(f'cannot read the weights file {path}: {e.strerror} (export it from OptiPlay next to this script, or pass its path)')
    if len(raw) < 8:
        fail(f'{path} is not a safetensors file (too short)')
    (n,) = struct.unpack('<Q', raw[:8])
    try:
        header = json.loads(raw[8:8 + n].decode('utf-8'))
    except ValueError:
        fail(f'{path} is not a safetensors file (bad header)')
    meta = header.pop('__metadata__', {})
    if meta.get('format') != 'optiplay':
        fail(f'{path} was not exported by OptiPlay')
    base, tensors = 8 + n, {}
    for name, info in header.items():
        a, b = info['data_offsets']
        dtype = {'F32': torch.float32, 'U8': torch.uint8}[info['dtype']]
        if base + b > len(raw):
            fail(f'{path} is truncated')
        t = torch.frombuffer(bytearray(raw[base + a:base + b]), dtype=dtype) if b > a else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(info['shape'])
    return tensors, meta


def write_safetensors(path, tensors, meta):
    header, chunks, offset = {'__metadata__': meta}, [], 0
    for name, t in sorted(tensors.items(), key=lambda kv: kv[1].dtype == torch.uint8):  # F32 first, U8 last
        data = t.detach().cpu().contiguous().numpy().tobytes()
        header[name] = {'dtype': 'U8' if t.dtype == torch.uint8 else 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(',', ':')).encode('utf-8')
    head += b' ' * (-len(head) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(head)) + head + b''.join(chunks))


${pythonJoin(PY_MLP, PY_QUANTIZE, PY_MNIST)}

def evaluate(model, weights, x, y, task):
    with torch.no_grad():
        out = model(x, weights)
    n = x.shape[0]
    if task == 'regression':
        print(f'test MSE: {((out - y) ** 2).mean().item():.9g} (n={n})')
    else:
        correct = int((out.argmax(dim=1) == y.argmax(dim=1)).sum().item())
        print(f'test accuracy: {100 * correct / n:.2f}% ({correct}/{n})')


${PY_TRAINING}

def load_optimizer_state(opt, model, tensors, c, steps):
    """Fills torch's optimizer state from the optim.state{k}.* tensors (steps: optimizer steps already taken)."""
    if steps <= 0 or 'optim.state0.layers.0.weight' not in tensors:
        return
    lrs = [g['lr'] for g in opt.param_groups]
    for g in opt.param_groups:  # one step at lr 0 on zero gradients makes torch build its own state layout
        g['lr'] = 0.0
    for _, p in param_names(model):
        p.grad = torch.zeros_like(p)
    opt.step()
    for g, lr in zip(opt.param_groups, lrs):
        g['lr'] = lr
    for name, p in param_names(model):
        p.grad = None
        st = opt.state[p]
        for k, key in enumerate(STATE_KEYS.get(c['optimizer'], [])):
            if key in st and f'optim.state{k}.{name}' in tensors:
                st[key].copy_(tensors[f'optim.state{k}.{name}'])
        if 'step' in st:
            st['step'] = torch.full_like(st['step'], float(steps)) if torch.is_tensor(st['step']) else steps


def train(model, opt, c, quant, masks, x, y, steps, start, seed):
    n, batch = x.shape[0], max(1, min(c['batchSize'], x.shape[0]))
    rows, loss = batches(n, batch, torch.Generator().manual_seed(seed)), None
    for k in range(steps):
        loss = train_step(model, opt, c, quant, masks, x, y, next(rows), start + k)
    return loss.item() if loss is not None else float('nan')


def main():
    ap = argparse.ArgumentParser(description='Evaluate (and go on training) an OptiPlay model.')
    ap.add_argument('weights', nargs='?', default=os.path.join(HERE, DEFAULT_WEIGHTS), help='the OptiPlay .safetensors file')
    ap.add_argument('--data', help='MNIST: folder with the IDX files (default: ./mnist, ./MNIST/raw, ./data)')
    ap.add_argument('--test-count', type=int, help='test examples to use (default: as in the playground)')
    ap.add_argument('--train-steps', type=int, default=0, help='go on training this many steps, then evaluate again')
    ap.add_argument('--save', help='write the model (after training) to this .safetensors file')
    ap.add_argument('--seed', type=int, help='seed of the batch order (default: the run seed)')
    ap.add_argument('--device', default='cpu')
    args = ap.parse_args()

    tensors, meta = read_safetensors(args.weights)
    c, spec = json.loads(meta['config']), json.loads(meta['spec'])
    quant = None if meta.get('quantization', 'none') == 'none' else json.loads(meta['quantization'])
    task, step, opt_steps = meta.get('task', 'classification'), int(meta['step']), int(meta.get('optimizer_steps', '0'))
    sched_steps = int(meta.get('schedule_steps', meta['step']))  # the learning-rate schedule reads steps since it started
    dev = torch.device(args.device)
    model = MLP(spec)
    layers = len(spec['layers'])
    state = {k: v for k, v in tensors.items() if k.startswith('layers.')}
    for l in range(layers):  # training continues from the float masters
        state[f'layers.{l}.weight'] = tensors.get(f'master.layers.{l}.weight', tensors[f'layers.{l}.weight'])
    model.load_state_dict(state)
    model.to(dev)
    masks = [tensors[f'mask.layers.{l}.weight'].float().to(dev) if f'mask.layers.{l}.weight' in tensors else None for l in range(layers)]
    widths = '-'.join(str(w) for w in [spec['inputDim']] + [L['outDim'] for L in spec['layers']])
    print(f'OptiPlay model: {c["dataset"]} MLP {widths} ({c["activation"]}), step {step}; {meta.get("note", "")}')

    if c['dataset'] == 'mnist':
        here = [os.getcwd(), HERE]
        dirs = [args.data] if args.data else [os.path.join(b, d) for b in here for d in ('mnist', os.path.join('MNIST', 'raw'), 'data')]
        test_x, test_y = mnist(dirs, 't10k', args.test_count or min(c['samples'], 10000))
        train_xy = mnist(dirs, 'train', c['samples']) if args.train_steps > 0 else None
    else:
        count = args.test_count or tensors['data.test_x'].shape[0]
        test_x, test_y = tensors['data.test_x'][:count], tensors['data.test_y'][:count]
        train_xy = (tensors['data.train_x'], tensors['data.train_y'])
    test_x, test_y = test_x.to(dev), test_y.to(dev)
    # the weights the playground evaluated, as stored (masked; fake-quantized floats when quantized)
    evaluate(model, [tensors[f'layers.{l}.weight'].to(dev) for l in range(layers)], test_x, test_y, task)

    if args.train_steps > 0:
        opt = make_optimizer(model.parameters(), c)
        load_optimizer_state(opt, model, tensors, c, opt_steps)
        x, y = train_xy[0].to(dev), train_xy[1].to(dev)
        last = train(model, opt, c, quant, masks, x, y, args.train_steps, sched_steps, c['seed'] if args.seed is None else args.seed)
        step, opt_steps, sched_steps = step + args.train_steps, opt_steps + args.train_steps, sched_steps + args.train_steps
        print(f'trained {args.train_steps} more steps ({c["optimizer"]}, batch {min(c["batchSize"], x.shape[0])}); last batch loss {last:.6g}')
        evaluate(model, quantized_weights(model, quant), test_x, test_y, task)
    if args.save:
        out = {k: v for k, v in tensors.items() if k.startswith(('data.', 'mask.'))}
        with torch.no_grad():
            eff = quantized_weights(model, quant)
        for name, p in param_names(model):
            out[name] = p
        for l, layer in enumerate(model.layers):
            if quant is not None:
                out[f'layers.{l}.weight'], out[f'master.layers.{l}.weight'] = eff[l], layer.weight
        if opt_steps > 0 and args.train_steps > 0:
            for name, p in param_names(model):
                for k, key in enumerate(STATE_KEYS.get(c['optimizer'], [])):
                    if key in opt.state[p]:
                        out[f'optim.state{k}.{name}'] = opt.state[p][key]
        elif opt_steps > 0:
            out.update({k: v for k, v in tensors.items() if k.startswith('optim.')})
        meta = dict(meta, step=str(step), optimizer_steps=str(opt_steps), schedule_steps=str(sched_steps))
        write_safetensors(args.save, out, meta)
        print(f'saved {args.save}')


if __name__ == '__main__':
    main()
`;
}
